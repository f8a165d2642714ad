package io.dbagent.explain;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Report;
import io.dbagent.report.ReportPayload;

import java.util.List;
import java.util.Map;

/**
 * What {@code dbagent explain} reports beside its findings: the payload of its {@link Report}.
 *
 * @param sql         the statement as given
 * @param statement   SELECT, INSERT, UPDATE, DELETE
 * @param analyzed    whether the statement was executed
 * @param method      the engine command used
 * @param parameters  how bind parameters were handled, null when there were none
 * @param plan        the neutral plan tree
 * @param planningMs  planning time when the engine reports it
 * @param executionMs execution time of the analysed run
 * @param timing      p50/p95/max of {@code --runs} executions
 * @param rolledBack  true when the statement ran inside a transaction that was rolled back
 * @param costUnit    what {@code plan.cost} is measured in
 * @param notes       anything else the user should know (e.g. sequences advanced despite the rollback)
 */
@JsonPropertyOrder({"sql", "statement", "analyzed", "method", "parameters", "plan", "planningMs", "executionMs",
        "timing", "rolledBack", "costUnit", "notes"})
public record ExplainPayload(String sql, String statement, boolean analyzed, String method, Parameters parameters,
                             PlanNode plan, Double planningMs, Double executionMs, Timing timing, Boolean rolledBack,
                             String costUnit, List<String> notes) implements ReportPayload {

    /**
     * @param mode    {@code generic-plan} (PG plans without values), {@code sample-values} (values read from the
     *                table the parameter is compared with) or {@code given} (from {@code --param})
     * @param values  parameter → literal used
     * @param sources parameter → {@code table.column} the sample value came from
     */
    public record Parameters(String mode, Map<String, String> values, Map<String, String> sources) {
    }

    @Override
    public String text(Report<?> report) {
        return ExplainRenderer.text(report, this);
    }
}

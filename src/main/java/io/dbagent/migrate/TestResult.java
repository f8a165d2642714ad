package io.dbagent.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Report;

import java.util.List;

/**
 * What {@code migrate test} found: per migration the steps it ran and their outcome, plus the failures as findings.
 *
 * @param scratch the scratch database it worked on (dropped afterwards)
 */
@JsonPropertyOrder({"scratch", "product", "migrations", "report"})
public record TestResult(String scratch, String product, List<MigrationTest> migrations, Report<Void> report) {

    /** One migration: {@code ok}, {@code failed}, or {@code untested} when it has no down file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"version", "script", "outcome", "steps", "problems"})
    public record MigrationTest(String version, String script, String outcome, List<String> steps,
                                List<String> problems) {
    }

    public boolean failed() {
        return migrations.stream().anyMatch(m -> m.outcome().equals("failed"));
    }
}

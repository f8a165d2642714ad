package io.dbagent.advisor;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Report;
import io.dbagent.report.ReportPayload;

import java.util.List;
import java.util.Map;

/**
 * What {@code dbagent advise} reports beside its findings (n-plus-one, cache-candidate, matview-candidate,
 * partition-candidate): the payload of its {@link Report}.
 *
 * @param workload           where the statements came from
 * @param method             what-if method: {@code hypopg}, {@code rolled-back CREATE INDEX},
 *                           {@code scratch copy (session TEMPORARY tables)}
 * @param costUnit           what the costs are measured in
 * @param budgetBytes        storage budget, null when unlimited
 * @param candidates         how many candidate indexes were costed
 * @param selection          {@code exact}, {@code greedy+swap} or {@code greedy+swap+search}
 * @param workloadCostBefore weighted workload cost with today's indexes
 * @param workloadCostAfter  weighted workload cost with the recommendations (costed together, not modelled)
 * @param improvementPct     reduction, percent
 * @param recommendations    indexes to create
 * @param drops              indexes the workload does not use, or that a recommendation makes redundant
 * @param statements         per statement: weight and cost before/after
 * @param measured           per statement wall time before and after {@code --apply}
 * @param whatIf             time spent on what-if costing
 * @param elapsedMs          advisor wall time
 * @param notes              anything the user should know
 * @param excluded           indexes {@code --apply} created and dropped again because they made a statement slower
 */
@JsonPropertyOrder({"workload", "method", "costUnit", "budgetBytes", "candidates", "selection", "workloadCostBefore",
        "workloadCostAfter", "improvementPct", "recommendations", "drops", "statements", "measured", "whatIf",
        "elapsedMs", "notes", "excluded"})
public record Advice(String workload, String method, String costUnit, Long budgetBytes, int candidates,
                     String selection, double workloadCostBefore, double workloadCostAfter, double improvementPct,
                     List<Recommendation> recommendations, List<Drop> drops, List<StatementCost> statements,
                     List<Measured> measured, Map<String, Object> whatIf, long elapsedMs, List<String> notes,
                     List<Excluded> excluded)
        implements ReportPayload {

    public Advice {
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** Without excluded indexes (nothing applied yet). */
    public Advice(String workload, String method, String costUnit, Long budgetBytes, int candidates,
                  String selection, double workloadCostBefore, double workloadCostAfter, double improvementPct,
                  List<Recommendation> recommendations, List<Drop> drops, List<StatementCost> statements,
                  List<Measured> measured, Map<String, Object> whatIf, long elapsedMs, List<String> notes) {
        this(workload, method, costUnit, budgetBytes, candidates, selection, workloadCostBefore, workloadCostAfter,
                improvementPct, recommendations, drops, statements, measured, whatIf, elapsedMs, notes, List.of());
    }

    /**
     * A recommended index that {@code --apply} created, found measurably slowing a statement above 1 % of the
     * workload weight, and dropped again (unless {@code --keep-slower}).
     *
     * @param ddl          the recommendation
     * @param index        its name
     * @param statement    the statement it slowed
     * @param weightPct    that statement's share of the workload weight
     * @param beforeMs     median before the new indexes
     * @param withIndexMs  median with the index
     * @param droppedMs    median once it was dropped again
     * @param planBefore   plan before the new indexes
     * @param planWithIndex plan with the index
     * @param planDropped  plan once it was dropped again
     */
    @JsonPropertyOrder({"ddl", "index", "statement", "weightPct", "beforeMs", "withIndexMs", "droppedMs", "planBefore",
            "planWithIndex", "planDropped"})
    public record Excluded(String ddl, String index, String statement, double weightPct, double beforeMs,
                           double withIndexMs, double droppedMs, String planBefore, String planWithIndex,
                           String planDropped) {
    }

    /**
     * One index to create.
     *
     * @param ddl        the statement to run
     * @param table      table
     * @param columns    key columns
     * @param include    INCLUDE columns (PG)
     * @param where      partial-index predicate
     * @param method     how it was costed
     * @param sizeBytes  measured (rolled-back build, hypopg) or estimated size
     * @param benefitPct share of the workload cost it removes, given the other recommendations
     * @param queries    statement ids it speeds up
     * @param applied    true once {@code --apply} created it
     */
    @JsonPropertyOrder({"ddl", "table", "columns", "include", "where", "method", "sizeBytes", "benefitPct", "queries",
            "applied"})
    public record Recommendation(String ddl, String table, List<String> columns, List<String> include, String where,
                                 String method, long sizeBytes, double benefitPct, List<String> queries,
                                 Boolean applied) {

        Recommendation withApplied() {
            return withApplied(true);
        }

        Recommendation withApplied(boolean v) {
            return new Recommendation(ddl, table, columns, include, where, method, sizeBytes, benefitPct, queries, v);
        }
    }

    /** An index worth dropping, and why. */
    public record Drop(String ddl, String table, String index, String reason) {
    }

    /** A workload statement's weight and cost with today's indexes and with the recommendations. */
    public record StatementCost(String id, int line, String sql, double weight, double costBefore, double costAfter) {
    }

    /**
     * Measured wall time of one statement before and after {@code --apply}: the median of several runs after a
     * discarded warm-up, the interquartile range, and the fastest run.
     *
     * @param usesNewIndex whether its plan after applying uses one of the new indexes
     * @param verdict      {@code faster}, {@code slower}, {@code no measurable change} (the interquartile ranges
     *                     overlap, or the plan is the same as before and uses no new index), or
     *                     {@code changed, not credited: the plan uses no new index}
     * @param speedup      before/after median, only when the verdict is {@code faster}; else null
     */
    public record Measured(String id, String sql, double beforeMs, double afterMs, double beforeBestMs,
                           double afterBestMs, boolean usesNewIndex, double beforeP25Ms, double beforeP75Ms,
                           double afterP25Ms, double afterP75Ms, String verdict, Double speedup) {

        public static final String FASTER = "faster";
        public static final String SLOWER = "slower";
        public static final String NO_CHANGE = "no measurable change";
        public static final String NOT_CREDITED = "changed, not credited: the plan uses no new index";

        /**
         * A speed-up only where the ranges do not overlap and the plan uses a new index; a statement whose plan is
         * unchanged and uses no new index cannot have been changed by the indexes, whatever the clock says.
         */
        public static String verdict(io.dbagent.explain.Timing before, io.dbagent.explain.Timing after,
                                     boolean usesNewIndex, boolean samePlan) {
            if (!usesNewIndex && samePlan) {
                return NO_CHANGE;
            }
            boolean faster = after.whollyBelow(before);
            boolean slower = before.whollyBelow(after);
            if (!faster && !slower) {
                return NO_CHANGE;
            }
            if (!usesNewIndex) {
                return NOT_CREDITED;
            }
            return faster ? FASTER : SLOWER;
        }
    }

    Advice withApplied(List<Recommendation> recs, List<Measured> m, List<String> moreNotes) {
        return withApplied(recs, m, moreNotes, List.of());
    }

    Advice withApplied(List<Recommendation> recs, List<Measured> m, List<String> moreNotes, List<Excluded> ex) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(moreNotes);
        return new Advice(workload, method, costUnit, budgetBytes, candidates, selection, workloadCostBefore,
                workloadCostAfter, improvementPct, recs, drops, statements, m, whatIf, elapsedMs, n, ex);
    }

    @Override
    public String text(Report<?> report) {
        return AdviceRenderer.text(report, this);
    }
}

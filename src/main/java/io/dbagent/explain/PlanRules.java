package io.dbagent.explain;

import io.dbagent.report.Finding;
import io.dbagent.schema.Table;

import java.util.List;
import java.util.Map;

/**
 * The engine's part of the plan findings ({@link PlanFindings}): what its plans report (estimates, loops, spills),
 * where the inner side of a loop is, and the statement that refreshes its statistics. The dialect hands out the
 * instance ({@code Dialect.planRules()}); the implementations live here because they read the package's plan model.
 */
public abstract class PlanRules {

    PlanRules() {
    }

    public static PlanRules postgres() {
        return new PostgresPlanRules();
    }

    public static PlanRules mysql() {
        return new MysqlPlanRules();
    }

    public static PlanRules sqlite() {
        return new SqlitePlanRules();
    }

    /** Why row estimates cannot be compared with actual rows on this engine, or null when they can. */
    String noEstimates() {
        return null;
    }

    /** Why loop counts are missing on this engine, or null when plans carry them. */
    String noLoops() {
        return null;
    }

    /** The inner side of a loop when {@code n} is one, else null. */
    abstract PlanNode loopInner(PlanNode n);

    /** Adds sort-spill findings, or a skip reason when the engine does not report spills. */
    abstract void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped);

    /** Statements that refresh the statistics of {@code t} (and of its column group {@code cols}). */
    abstract String refreshStats(boolean mariaDb, Table t, List<String> cols);

    /**
     * The fix for {@code LIKE '%…'} on {@code column} of {@code t}: an index that serves infix search (trigram,
     * full-text). {@code quoted} is the column as written in SQL, {@code pattern} the LIKE pattern.
     */
    abstract String leadingWildcardFix(Table t, String column, String quoted, String pattern);

    /** Whether comparing an integer column with a decimal literal casts the column, so no index on it is used. */
    boolean decimalLiteralCastsColumn() {
        return false;
    }

    /** The statement that refreshes statistics when the table is not known. */
    String refreshAllStats() {
        return "ANALYZE;";
    }
}

package io.dbagent.explain;

import io.dbagent.report.Finding;
import io.dbagent.schema.Table;

import java.util.List;
import java.util.Map;

/**
 * The engine's part of the plan findings ({@link PlanFindings}): what its plans report (estimates, loops, spills),
 * where the inner side of a loop is, and the statement that refreshes its statistics. The dialect hands out the
 * instance ({@code Dialect.planRules()}); the implementations live under dialect/&lt;engine&gt;/.
 */
public abstract class PlanRules {

    protected PlanRules() {
    }

    /** Why row estimates cannot be compared with actual rows on this engine, or null when they can. */
    protected String noEstimates() {
        return null;
    }

    /** Why loop counts are missing on this engine, or null when plans carry them. */
    protected String noLoops() {
        return null;
    }

    /** The inner side of a loop when {@code n} is one, else null. */
    protected abstract PlanNode loopInner(PlanNode n);

    /** Adds sort-spill findings, or a skip reason when the engine does not report spills. */
    protected abstract void spills(FindingContext ctx, List<Finding> out, Map<String, String> skipped);

    /** Statements that refresh the statistics of {@code t} (and of its column group {@code cols}). */
    protected abstract String refreshStats(boolean mariaDb, Table t, List<String> cols);

    /**
     * The fix for {@code LIKE '%…'} on {@code column} of {@code t}: an index that serves infix search (trigram,
     * full-text). {@code quoted} is the column as written in SQL, {@code pattern} the LIKE pattern.
     */
    protected abstract String leadingWildcardFix(Table t, String column, String quoted, String pattern);

    /** Whether comparing an integer column with a decimal literal casts the column, so no index on it is used. */
    protected boolean decimalLiteralCastsColumn() {
        return false;
    }

    /**
     * Whether comparing a text column with a number converts every row's value, so no index on it is used
     * (MySQL/MariaDB); SQLite gives the number the column's text affinity and keeps the index, PostgreSQL refuses.
     */
    protected boolean numberLiteralCastsTextColumn() {
        return false;
    }

    /** The statement that refreshes statistics when the table is not known. */
    protected String refreshAllStats() {
        return "ANALYZE;";
    }
}

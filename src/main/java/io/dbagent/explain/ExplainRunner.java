package io.dbagent.explain;

import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;

import java.sql.SQLException;
import java.util.Map;

/**
 * The per-engine part of explain: run the engine's EXPLAIN (ANALYZE) and parse it, and give a planner cost without
 * executing the statement (what the index advisor compares). Every statement goes through the {@link GuardedSession}
 * (time limit, cancel on exit); checking the text and the transactions are the caller's business.
 */
public interface ExplainRunner {

    /** A parsed plan plus statement-level numbers. */
    record RawPlan(PlanNode plan, Double planningMs, Double executionMs, Map<String, Object> counters, String method) {
    }

    RawPlan explain(GuardedSession g, String sql, boolean analyze) throws SQLException;

    /**
     * The engine's estimate of what the statement costs, without running it where the engine can tell (PG total
     * cost, MySQL {@code Last_query_cost}); SQLite has no cost estimate, so its runner measures the run time in ms.
     */
    double cost(GuardedSession g, String sql) throws SQLException;

    /** Units of {@link #cost}, for reports. */
    String costUnit();

    /** What the report says after a statement ran in a rolled-back transaction: what the rollback does not undo. */
    default String rolledBackNote() {
        return "the statement ran inside a transaction that was rolled back";
    }

    /** Whether statements with {@code $n} parameters can be planned without values (a generic plan). */
    default boolean genericPlans() {
        return false;
    }

    /** The generic plan of a statement with {@code params} {@code $n} parameters; see {@link #genericPlans()}. */
    default RawPlan explainGeneric(GuardedSession g, String sql, int params) throws SQLException {
        throw new UnsupportedOperationException("no generic plans on this engine");
    }

    /**
     * Refuses to execute DML whose tables a rollback cannot restore (MySQL's non-InnoDB engines); nothing to check
     * where every table is transactional.
     */
    default void requireRollback(GuardedSession g, io.dbagent.sql.SqlAnalysis a) {
    }

    /** The runner for the server behind {@code s}, chosen by its dialect. */
    static ExplainRunner of(DbSession s) {
        return io.dbagent.dialect.Dialects.of(s).explainRunner(s);
    }
}

package io.dbagent.agent;

import io.dbagent.app.PlanStore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.migrate.Transactions;

import io.dbagent.guard.ScriptExecutor;
import io.dbagent.guard.StatementFailure;
import io.dbagent.sql.ScriptSplitter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes an approved plan. Where the engine has transactional DDL (PostgreSQL, SQLite) the plan runs in one
 * transaction and is rolled back whole on failure, unless a statement refuses transactions ({@code CONCURRENTLY},
 * {@code VACUUM}; the dialect's {@code refusesTransaction}, the same rule migrations follow): then the statements run
 * one by one.
 */
public final class PlanRunner {

    /** What happened. */
    @JsonPropertyOrder({"planId", "applied", "statements", "millis", "transactional"})
    public record Outcome(String planId, boolean applied, int statements, long millis, boolean transactional) {
    }

    private PlanRunner() {
    }

    /**
     * Claims the plan (single use, see {@link PlanStore#claim}), runs exactly its recorded statements and records
     * the result: {@code applied}, or {@code failed} on any error (also an unexpected one, so a plan never stays
     * {@code applying}).
     */
    public static Outcome apply(SessionSource sessions, PlanStore plans, String planId) {
        PlanStore.Plan plan = plans.claim(planId);
        boolean succeeded = false;
        try {
            Outcome o = run(sessions, plan);
            succeeded = true;
            return o;
        } finally {
            plans.finish(planId, succeeded);
        }
    }

    private static Outcome run(SessionSource sessions, PlanStore.Plan plan) {
        String planId = plan.id();
        long t0 = System.nanoTime();
        try (DbSession s = sessions.open(ConnectionFactory.Access.WRITE)) {
            boolean transactional = Dialects.of(s).transactionalDdl() && plan.statements().stream()
                    .noneMatch(sql -> Transactions.refusesTransaction(s.dialect(), sql));
            List<ScriptSplitter.Statement> statements = new ArrayList<>();
            for (String sql : plan.statements()) {
                statements.add(new ScriptSplitter.Statement(sql, statements.size() + 1));
            }
            try {
                // the executor also runs SQLite's leading and trailing PRAGMA foreign_keys outside the transaction,
                // where they take effect, and turns foreign keys back on if the plan fails
                ScriptExecutor.run(s, statements, transactional);
            } catch (StatementFailure f) {
                SQLException cause = f.getCause() instanceof SQLException e ? e : new SQLException(f.getMessage(), f);
                throw Sql.failure("plan " + planId + " failed" + (transactional ? " and was rolled back" : ""), cause);
            }
            return new Outcome(planId, true, plan.statements().size(), (System.nanoTime() - t0) / 1_000_000, transactional);
        }
    }
}

package io.dbagent.agent;

import io.dbagent.app.PlanStore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Executes an approved plan. Where the engine has transactional DDL (PostgreSQL, SQLite) the plan runs in one
 * transaction and is rolled back whole on failure, except statements that refuse transactions
 * ({@code CONCURRENTLY}, {@code VACUUM}), which run one by one.
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
        try (DbSession s = sessions.open(ConnectionFactory.Access.WRITE); Statement st = s.connection().createStatement()) {
            boolean transactional = Dialects.of(s).transactionalDdl() && plan.statements().stream()
                    .noneMatch(PlanRunner::refusesTransaction);
            s.connection().setAutoCommit(!transactional);
            try {
                for (String sql : plan.statements()) {
                    st.execute(sql);
                }
                if (transactional) {
                    s.connection().commit();
                }
            } catch (SQLException e) {
                if (transactional) {
                    s.connection().rollback();
                }
                throw Sql.failure("plan " + planId + " failed" + (transactional ? " and was rolled back" : ""), e);
            }
            return new Outcome(planId, true, plan.statements().size(), (System.nanoTime() - t0) / 1_000_000, transactional);
        } catch (SQLException e) {
            throw Sql.failure("plan " + planId + " failed", e);
        }
    }

    private static boolean refusesTransaction(String sql) {
        String s = sql.toLowerCase(Locale.ROOT);
        return s.contains(" concurrently ") || s.startsWith("vacuum") || s.contains("alter type") && s.contains(" add value");
    }
}

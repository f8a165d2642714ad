package io.dbagent.dialect.postgres;

import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.IndexFixCheck;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.sql.Placeholders;
import io.dbagent.explain.PlanNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL: each proposed index becomes a hypopg hypothetical index on the explained session, the statement is
 * planned again and the new plan must read through it; {@code hypopg_reset()} always runs afterwards, so nothing
 * outlives the check. Where hypopg is on the server but not created in the database, it is created, as the advisor
 * does, inside a transaction on a session of its own that is rolled back (the database keeps no extension); where it
 * is not on the server the fix is not checked and the result says how to install it.
 */
final class PgIndexFixCheck implements IndexFixCheck {

    @Override
    public Result check(Context ctx, Proposal p) throws SQLException {
        Connection c = ctx.live().connection();
        if (HypoPgWhatIf.installed(c)) {
            return withHypothetical(c, p, ctx.planner(), "hypopg");
        }
        int major = ctx.live().session().majorVersion();
        if (!HypoPgWhatIf.available(c)) {
            return Result.unverified("hypopg is not installed: apt install postgresql-" + major + "-hypopg (RHEL: "
                    + "dnf install hypopg_" + major + "), then CREATE EXTENSION hypopg; and explain again");
        }
        if (Placeholders.count(p.statement()) > 0) {
            return Result.unverified("hypopg is on the server but not created in this database: run CREATE "
                    + "EXTENSION hypopg; and explain again");
        }
        // as the advisor does: hypopg created inside a transaction on a session of its own that is rolled back, so
        // the database keeps no extension; the statement is only planned there
        try (DbSession w = ConnectionFactory.open(ctx.live().session().url(), ConnectionFactory.Access.WRITE)) {
            GuardedSession g = GuardedSession.measure(w, ctx.live().timeout());
            Timeouts.applyServerSide(w, ctx.live().timeout());
            ExplainRunner runner = ExplainRunner.of(w);
            Connection wc = w.connection();
            wc.setAutoCommit(false);
            try {
                try (Statement st = wc.createStatement()) {
                    st.execute(PostgresOptimizerSql.HYPOPG_CREATE_EXTENSION);
                } catch (SQLException e) {
                    return Result.unverified("hypopg is on the server but CREATE EXTENSION failed ("
                            + firstLine(e) + "): have a superuser run CREATE EXTENSION hypopg; and explain again");
                }
                String checked = g.check(p.statement()).sql();
                return withHypothetical(wc, p, sql -> runner.explain(g, checked, false).plan(),
                        "hypopg (created in a rolled-back transaction)");
            } finally {
                wc.rollback();
                wc.setAutoCommit(true);
            }
        }
    }

    private static Result withHypothetical(Connection c, Proposal p, Planner planner, String method)
            throws SQLException {
        List<String> hypothetical = new ArrayList<>();
        try {
            for (String ddl : p.ddl()) {
                String text = ddl.strip().replaceFirst(";$", "").replaceFirst("(?i)\\bCONCURRENTLY\\s+", "")
                        .replaceFirst("(?i)\\bIF NOT EXISTS\\s+", "");
                if (!text.toUpperCase(Locale.ROOT).startsWith("CREATE INDEX") || text.contains(";")) {
                    return Result.unverified("hypopg takes a single CREATE INDEX, not: " + text);
                }
                try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.HYPOPG_CREATE_INDEX)) {
                    ps.setString(1, text);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            hypothetical.add(rs.getString(2));
                        }
                    }
                }
            }
            PlanNode plan = planner.plan(p.statement());
            boolean used = !hypothetical.isEmpty() && hypothetical.stream().allMatch(h -> plan.usesIndex(null, h));
            PlanNode scan = plan.walk().filter(n -> "full-scan".equals(n.kind())).findFirst().orElse(null);
            return new Result(method, used, scan == null ? null : scan.estimatedRows(), null, null);
        } finally {
            // hypothetical indexes live in the backend's memory, not in the transaction: always removed
            try (Statement st = c.createStatement()) {
                st.executeQuery(PostgresOptimizerSql.HYPOPG_RESET).close();
            } catch (SQLException e) {
                if (c.getAutoCommit()) {
                    throw e;
                }
                // an aborted transaction: its session is closed next, and its hypothetical indexes with it
            }
        }
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).strip();
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.explain.IndexFixCheck;
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
 * outlives the check. Without hypopg in the database the fix is not checked and the result says how to get it.
 */
final class PgIndexFixCheck implements IndexFixCheck {

    @Override
    public Result check(Context ctx, Proposal p) throws SQLException {
        Connection c = ctx.live().connection();
        if (!HypoPgWhatIf.installed(c)) {
            int major = ctx.live().session().majorVersion();
            return Result.unverified(HypoPgWhatIf.available(c)
                    ? "hypopg is on the server but not created in this database: run CREATE EXTENSION hypopg; "
                    + "(it keeps hypothetical indexes in a session's memory only) and explain again"
                    : "hypopg is not installed: apt install postgresql-" + major + "-hypopg (RHEL: dnf install "
                    + "hypopg_" + major + "), then CREATE EXTENSION hypopg; and explain again");
        }
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
            PlanNode plan = ctx.planner().plan(p.statement());
            boolean used = !hypothetical.isEmpty() && hypothetical.stream().allMatch(h -> plan.usesIndex(null, h));
            PlanNode scan = plan.walk().filter(n -> "full-scan".equals(n.kind())).findFirst().orElse(null);
            return new Result("hypopg", used, scan == null ? null : scan.estimatedRows(), null, null);
        } finally {
            try (Statement st = c.createStatement()) {
                st.executeQuery(PostgresOptimizerSql.HYPOPG_RESET).close();
            }
        }
    }
}

package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Workloads from the engine's own statement statistics: pg_stat_statements (PG) or performance_schema digests
 * (MySQL/MariaDB), with call counts as weights. Both need server configuration; when it is missing the caller gets
 * the one line that says what to enable.
 */
public final class WorkloadSources {

    /** One normalised statement the server has seen, with its counters. */
    public record SeenStatement(String sql, long calls, double totalMs, long rows) {
    }

    private WorkloadSources() {
    }

    /** Why statistics cannot be read here, or null when they can. */
    public static String unavailableReason(DbSession s) {
        Optional<WorkloadStats> stats = Dialects.of(s).workloadStats();
        if (stats.isEmpty()) {
            return "needs a server with statement statistics: SQLite keeps no statement statistics; use "
                    + "--workload FILE or --log FILE";
        }
        try {
            return stats.get().unavailableReason(s.connection());
        } catch (SQLException e) {
            return "cannot read statement statistics: " + e.getMessage();
        }
    }

    public static List<SeenStatement> seen(DbSession s, int limit) {
        return seen(s, limit, "--from-stats");
    }

    /** The heaviest statements; {@code what} names the option or tool in the message when they cannot be read. */
    public static List<SeenStatement> seen(DbSession s, int limit, String what) {
        String reason = unavailableReason(s);
        if (reason != null) {
            throw DbAgentException.badInput(what + " " + reason);
        }
        WorkloadStats stats = Dialects.of(s).workloadStats().orElseThrow();
        List<SeenStatement> out = new ArrayList<>();
        try (PreparedStatement ps = s.connection().prepareStatement(stats.sql())) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(stats.read(rs));
                }
            }
        } catch (SQLException e) {
            throw DbAgentException.badInput(what + " cannot read statement statistics: " + e.getMessage());
        }
        return out;
    }

    /** The {@code limit} statements the server spent the most time on, from its own statistics. */
    public static TopQueries top(DbSession s, int limit, String what) {
        List<SeenStatement> seen = seen(s, limit, what);
        return TopQueries.of(Dialects.of(s).workloadStats().map(WorkloadStats::source).orElse("statement statistics"),
                seen);
    }

    /** The SELECT/DML statements the server has seen, weighted by calls. */
    public static Workload fromStats(DbSession s, int limit) {
        return workloadOf(s.dialect(), seen(s, limit));
    }

    public static Workload workloadOf(DialectKind d, List<SeenStatement> seen) {
        List<Workload.Statement> stmts = new ArrayList<>();
        for (SeenStatement x : seen) {
            SqlAnalysis.Kind k = SqlAnalysis.kindOf(x.sql());
            if (k == SqlAnalysis.Kind.OTHER || readsCatalogs(x.sql())) {
                continue;
            }
            // MariaDB/MySQL digests shorten IN lists to "(...)": one placeholder keeps the statement plannable
            String sql = x.sql().replace("(...)", "(?)");
            stmts.add(new Workload.Statement("q" + (stmts.size() + 1), 0, sql, Math.max(1, x.calls())));
        }
        if (stmts.isEmpty()) {
            throw DbAgentException.badInput("--from-stats found no SELECT/INSERT/UPDATE/DELETE statements in the "
                    + "server's statistics yet");
        }
        return new Workload(Dialects.of(d).workloadStats().map(WorkloadStats::source).orElse("statement statistics"),
                stmts);
    }

    private static final java.util.regex.Pattern CATALOGS = java.util.regex.Pattern.compile(
            "(?i)\\b(pg_catalog|information_schema|performance_schema|pg_stat_statements|pg_extension|pg_class"
                    + "|pg_namespace|pg_settings|pg_stat_\\w+|pg_locks|mysql\\s*\\.|sys\\s*\\.)\\b");

    /**
     * Statements on the server's catalogs are monitoring (dbagent's own readiness checks, a tool's polling), not the
     * application's workload: indexes cannot help them.
     */
    static boolean readsCatalogs(String sql) {
        return CATALOGS.matcher(sql.replace("`", "")).find();
    }
}

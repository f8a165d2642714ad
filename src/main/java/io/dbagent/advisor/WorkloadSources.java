package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.mysql.MysqlOptimizerSql;
import io.dbagent.dialect.postgres.PostgresOptimizerSql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
        try (Statement st = s.connection().createStatement()) {
            switch (s.dialect()) {
                case POSTGRES -> {
                    try (ResultSet rs = st.executeQuery(PostgresOptimizerSql.STAT_STATEMENTS_READY)) {
                        rs.next();
                        return rs.getBoolean(1) ? null : "needs pg_stat_statements: add it to shared_preload_libraries "
                                + "(ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; restart), then "
                                + "CREATE EXTENSION pg_stat_statements";
                    }
                }
                case MYSQL -> {
                    try (ResultSet rs = st.executeQuery(MysqlOptimizerSql.PERFORMANCE_SCHEMA_ON)) {
                        rs.next();
                        return rs.getInt(1) == 1 ? null : "needs performance_schema: set performance_schema=ON in the "
                                + "server configuration and restart";
                    }
                }
                default -> {
                    return "needs a server with statement statistics: SQLite keeps no statement statistics; use "
                            + "--workload FILE or --log FILE";
                }
            }
        } catch (SQLException e) {
            return "cannot read statement statistics: " + e.getMessage();
        }
    }

    public static List<SeenStatement> seen(DbSession s, int limit) {
        String reason = unavailableReason(s);
        if (reason != null) {
            throw DbAgentException.badInput("--from-stats " + reason);
        }
        String sql = s.dialect() == DialectKind.POSTGRES ? PostgresOptimizerSql.STAT_STATEMENTS : MysqlOptimizerSql.DIGESTS;
        List<SeenStatement> out = new ArrayList<>();
        try (PreparedStatement ps = s.connection().prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SeenStatement(rs.getString(1), rs.getLong(2), rs.getDouble(3),
                            s.dialect() == DialectKind.POSTGRES ? rs.getLong(5) : rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw DbAgentException.badInput("--from-stats cannot read statement statistics: " + e.getMessage());
        }
        return out;
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
        return new Workload(d == DialectKind.POSTGRES ? "pg_stat_statements" : "performance_schema", stmts);
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

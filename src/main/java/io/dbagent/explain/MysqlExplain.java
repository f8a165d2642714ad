package io.dbagent.explain;

import io.dbagent.dialect.mysql.MysqlOptimizerSql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MySQL/MariaDB. MariaDB: {@code ANALYZE FORMAT=JSON} (runs the statement, adds r_* actuals). MySQL 8: the JSON plan
 * of {@code EXPLAIN FORMAT=JSON} plus the {@code EXPLAIN ANALYZE} tree text in {@code counters.analyzeTree}, and the
 * statement's measured time. Sort and temporary-table spills are read from the session counters around the run.
 */
final class MysqlExplain implements ExplainRunner {

    private final boolean mariaDb;
    private final int majorVersion;

    MysqlExplain(boolean mariaDb, int majorVersion) {
        this.mariaDb = mariaDb;
        this.majorVersion = majorVersion;
    }

    @Override
    public RawPlan explain(Connection c, String sql, boolean analyze) throws SQLException {
        if (!analyze) {
            return new RawPlan(MysqlPlanParser.parse(PostgresExplain.single(c, MysqlOptimizerSql.EXPLAIN_JSON + sql)),
                    null, null, Map.of(), MysqlOptimizerSql.EXPLAIN_JSON.trim());
        }
        Map<String, Long> before = spillCounters(c);
        Map<String, Object> counters = new LinkedHashMap<>();
        PlanNode plan;
        Double executionMs;
        String method;
        if (mariaDb) {
            plan = MysqlPlanParser.parse(PostgresExplain.single(c, MysqlOptimizerSql.MARIADB_ANALYZE_JSON + sql));
            executionMs = plan.timeMs();
            method = MysqlOptimizerSql.MARIADB_ANALYZE_JSON.trim();
        } else {
            plan = MysqlPlanParser.parse(PostgresExplain.single(c, MysqlOptimizerSql.EXPLAIN_JSON + sql));
            if (majorVersion >= 8 && sql.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT")) {
                counters.put("analyzeTree", PostgresExplain.single(c, MysqlOptimizerSql.MYSQL_EXPLAIN_ANALYZE + sql));
            }
            long t0 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                if (st.execute(sql)) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) {
                            // fetch everything: the client pays for it too
                        }
                    }
                }
            }
            executionMs = Timing.round((System.nanoTime() - t0) / 1e6);
            method = "EXPLAIN FORMAT=JSON + EXPLAIN ANALYZE + timed execution";
        }
        Map<String, Long> after = spillCounters(c);
        after.forEach((k, v) -> counters.put(k, v - before.getOrDefault(k, 0L)));
        return new RawPlan(plan, null, executionMs, counters, method);
    }

    @Override
    public double cost(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeQuery("EXPLAIN " + sql).close();
            try (ResultSet rs = st.executeQuery(MysqlOptimizerSql.LAST_QUERY_COST)) {
                return rs.next() ? rs.getDouble(2) : 0;
            }
        }
    }

    @Override
    public String costUnit() {
        return "MySQL/MariaDB Last_query_cost units";
    }

    private static Map<String, Long> spillCounters(Connection c) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MysqlOptimizerSql.SPILL_COUNTERS)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }
}

package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.mysql.MysqlOptimizerSql;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.ExplainService;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.Timing;
import io.dbagent.guard.GuardedSession;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * MySQL/MariaDB. MariaDB: {@code ANALYZE FORMAT=JSON} (runs the statement, adds r_* actuals). MySQL 8: the JSON plan
 * of {@code EXPLAIN FORMAT=JSON} plus the {@code EXPLAIN ANALYZE} tree text in {@code counters.analyzeTree}, and the
 * statement's measured time. Sort and temporary-table spills are read from the session counters around the run.
 */
public final class MysqlExplain implements ExplainRunner {

    private final boolean mariaDb;
    private final int majorVersion;

    public MysqlExplain(boolean mariaDb, int majorVersion) {
        this.mariaDb = mariaDb;
        this.majorVersion = majorVersion;
    }

    @Override
    public RawPlan explain(GuardedSession g, String sql, boolean analyze) throws SQLException {
        if (!analyze) {
            return new RawPlan(MysqlPlanParser.parse(g.text(MysqlOptimizerSql.EXPLAIN_JSON + sql)),
                    null, null, Map.of(), MysqlOptimizerSql.EXPLAIN_JSON.trim());
        }
        Map<String, Long> before = spillCounters(g);
        Map<String, Object> counters = new LinkedHashMap<>();
        PlanNode plan;
        Double executionMs;
        String method;
        if (mariaDb) {
            plan = MysqlPlanParser.parse(g.text(MysqlOptimizerSql.MARIADB_ANALYZE_JSON + sql));
            executionMs = plan.timeMs();
            method = MysqlOptimizerSql.MARIADB_ANALYZE_JSON.trim();
        } else {
            plan = MysqlPlanParser.parse(g.text(MysqlOptimizerSql.EXPLAIN_JSON + sql));
            if (majorVersion >= 8 && sql.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT")) {
                counters.put("analyzeTree", g.text(MysqlOptimizerSql.MYSQL_EXPLAIN_ANALYZE + sql));
            }
            long t0 = System.nanoTime();
            Timing.executeAll(g, sql, new long[1]);
            executionMs = Timing.round((System.nanoTime() - t0) / 1e6);
            method = "EXPLAIN FORMAT=JSON + EXPLAIN ANALYZE + timed execution";
        }
        Map<String, Long> after = spillCounters(g);
        after.forEach((k, v) -> counters.put(k, v - before.getOrDefault(k, 0L)));
        return new RawPlan(plan, null, executionMs, counters, method);
    }

    @Override
    public double cost(GuardedSession g, String sql) throws SQLException {
        g.query("EXPLAIN " + sql, rs -> null);
        return g.query(MysqlOptimizerSql.LAST_QUERY_COST, rs -> rs.next() ? rs.getDouble(2) : 0);
    }

    @Override
    public String rolledBackNote() {
        return "the statement ran inside a transaction that was rolled back; "
                + "AUTO_INCREMENT counters it advanced stay advanced";
    }

    @Override
    public String costUnit() {
        return "MySQL/MariaDB Last_query_cost units";
    }

    private static Map<String, Long> spillCounters(GuardedSession g) throws SQLException {
        return g.query(MysqlOptimizerSql.SPILL_COUNTERS, rs -> {
            Map<String, Long> m = new LinkedHashMap<>();
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
            return m;
        });
    }

    @Override
    public void requireRollback(GuardedSession g, SqlAnalysis a) {
        Map<String, String> engines;
        try {
            engines = g.query(MysqlOptimizerSql.TABLE_ENGINES, rs -> {
                Map<String, String> m = new LinkedHashMap<>();
                while (rs.next()) {
                    m.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                }
                return m;
            });
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
        for (String t : a.tableNames()) {
            String engine = engines.get(t);
            if (engine != null && !engine.equalsIgnoreCase("InnoDB")) {
                throw DbAgentException.badInput("table " + t + " uses the " + engine + " engine, which cannot roll "
                        + "back: explain will not execute " + a.kind() + " on it (drop --analyze/--runs)");
            }
        }
    }
}

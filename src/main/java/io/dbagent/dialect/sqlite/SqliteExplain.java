package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.sqlite.SqliteOptimizerSql;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.PlanNode;
import io.dbagent.explain.Timing;
import io.dbagent.guard.GuardedSession;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQLite: {@code EXPLAIN QUERY PLAN} for the shape, a timed execution for the numbers (SQLite has no ANALYZE form
 * of EXPLAIN and no cost estimate it will print).
 */
public final class SqliteExplain implements ExplainRunner {

    private final SqlitePlanCost planCost = new SqlitePlanCost();

    @Override
    public RawPlan explain(GuardedSession g, String sql, boolean analyze) throws SQLException {
        List<SqlitePlanParser.Row> rows = g.query(SqliteOptimizerSql.EXPLAIN_QUERY_PLAN + sql, rs -> {
            List<SqlitePlanParser.Row> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new SqlitePlanParser.Row(rs.getInt(1), rs.getInt(2), rs.getString(4)));
            }
            return out;
        });
        PlanNode plan = SqlitePlanParser.parse(rows);
        if (!analyze) {
            return new RawPlan(plan, null, null, Map.of(), SqliteOptimizerSql.EXPLAIN_QUERY_PLAN.trim());
        }
        long[] count = {0};
        double ms = Timing.once(g, sql, count);
        PlanNode timed = new PlanNode(plan.node(), plan.kind(), null, null, null, null, (double) count[0], 1L, null,
                ms, null, null, null, plan.extra(), plan.children());
        return new RawPlan(timed, null, ms, Map.of(), "EXPLAIN QUERY PLAN + timed execution");
    }

    /**
     * SQLite prints no cost: the rows the plan visits, estimated from {@code EXPLAIN QUERY PLAN}, table sizes and
     * distinct values ({@link SqlitePlanCost}). Deterministic, so the advisor's choice does not follow timing noise;
     * measured times are for {@code explain --runs} and {@code advise --apply}.
     */
    @Override
    public double cost(GuardedSession g, String sql) throws SQLException {
        List<SqlitePlanParser.Row> rows = g.query(SqliteOptimizerSql.EXPLAIN_QUERY_PLAN + sql, rs -> {
            List<SqlitePlanParser.Row> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new SqlitePlanParser.Row(rs.getInt(1), rs.getInt(2), rs.getString(4)));
            }
            return out;
        });
        return Math.round(planCost.cost(g, sql, SqlitePlanCost.rowsOf(rows)) * 100) / 100.0;
    }

    @Override
    public String costUnit() {
        return "estimated rows visited (SQLite prints no cost)";
    }
}

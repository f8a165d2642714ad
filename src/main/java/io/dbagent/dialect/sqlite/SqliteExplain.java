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

    @Override
    public double cost(GuardedSession g, String sql) throws SQLException {
        // no planner cost in SQLite: the best of three runs, in ms, stands in for it
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            double ms = Timing.once(g, sql, new long[1]);
            best = Math.min(best, ms);
            if (ms > 2000) {
                break;
            }
        }
        return best;
    }

    @Override
    public String costUnit() {
        return "measured ms (SQLite has no planner cost)";
    }
}

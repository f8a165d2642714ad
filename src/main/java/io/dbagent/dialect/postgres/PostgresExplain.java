package io.dbagent.dialect.postgres;

import io.dbagent.dialect.postgres.PostgresOptimizerSql;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.PlanNode;
import io.dbagent.guard.GuardedSession;

import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;

/** PostgreSQL: {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}; generic plans for statements with {@code $n}. */
public final class PostgresExplain implements ExplainRunner {

    private final int majorVersion;

    public PostgresExplain(int majorVersion) {
        this.majorVersion = majorVersion;
    }

    @Override
    public RawPlan explain(GuardedSession g, String sql, boolean analyze) throws SQLException {
        String prefix = analyze ? PostgresOptimizerSql.EXPLAIN_ANALYZE_JSON : PostgresOptimizerSql.EXPLAIN_JSON;
        PostgresPlanParser.Parsed p = PostgresPlanParser.parse(g.text(prefix + sql));
        return new RawPlan(p.plan(), p.planningMs(), p.executionMs(), Map.of(), prefix.trim());
    }

    /**
     * Plans a statement that still has {@code $1…$n} without values: PG 16 has {@code EXPLAIN (GENERIC_PLAN)}; older
     * servers prepare it and explain an EXECUTE with NULLs while {@code plan_cache_mode} forces the generic plan, which
     * never looks at the values.
     */
    @Override
    public boolean genericPlans() {
        return true;
    }

    @Override
    public RawPlan explainGeneric(GuardedSession g, String sql, int params) throws SQLException {
        if (majorVersion >= 16) {
            PostgresPlanParser.Parsed p = PostgresPlanParser.parse(
                    g.text(PostgresOptimizerSql.EXPLAIN_GENERIC_PLAN_JSON + sql));
            return new RawPlan(p.plan(), null, null, Map.of(), PostgresOptimizerSql.EXPLAIN_GENERIC_PLAN_JSON.trim());
        }
        g.withStatement(st -> st.execute(PostgresOptimizerSql.FORCE_GENERIC_PLAN));
        g.withStatement(st -> st.execute("PREPARE " + PostgresOptimizerSql.PREPARED_NAME + " AS " + sql));
        try {
            String nulls = String.join(", ", Collections.nCopies(params, "NULL"));
            PostgresPlanParser.Parsed p = PostgresPlanParser.parse(g.text(PostgresOptimizerSql.EXPLAIN_JSON
                    + "EXECUTE " + PostgresOptimizerSql.PREPARED_NAME + "(" + nulls + ")"));
            return new RawPlan(p.plan(), null, null, Map.of(),
                    "PREPARE + EXPLAIN (FORMAT JSON) EXECUTE with plan_cache_mode = force_generic_plan");
        } finally {
            g.withStatement(st -> st.execute(PostgresOptimizerSql.DEALLOCATE));
            g.withStatement(st -> st.execute(PostgresOptimizerSql.RESET_PLAN_CACHE_MODE));
        }
    }

    @Override
    public double cost(GuardedSession g, String sql) throws SQLException {
        PlanNode plan = PostgresPlanParser.parse(g.text(PostgresOptimizerSql.EXPLAIN_JSON + sql)).plan();
        return plan.cost() == null ? 0 : plan.cost();
    }

    @Override
    public String rolledBackNote() {
        return "the statement ran inside a transaction that was rolled back; "
                + "sequences it advanced stay advanced";
    }

    @Override
    public String costUnit() {
        return "PostgreSQL planner cost units";
    }

}

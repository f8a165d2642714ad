package io.dbagent.explain;

import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.schema.Schema;

import java.sql.SQLException;
import java.util.List;

/**
 * An engine's check that an index a fix proposes would be used by the planner for the statement it is meant for,
 * before explain shows the fix. Nothing is built on the user's database: PostgreSQL plans with hypopg's hypothetical
 * indexes; SQLite builds the candidate on a private copy of the schema and its statistics; MySQL/MariaDB build it on
 * a sampled copy of the table in a scratch database of the development server. Where no method applies the result
 * says what would make it possible ({@link Result#unverified}).
 */
public interface IndexFixCheck {

    /**
     * One fix to check.
     *
     * @param ddl        the fix's statements that build the index(es), as proposed (our own text)
     * @param indexNames the names of the indexes those statements create
     * @param statement  the statement to plan with them: the explained one, or its rewrite the fix proposes
     */
    record Proposal(List<String> ddl, List<String> indexNames, String statement) {
        public Proposal {
            ddl = List.copyOf(ddl);
            indexNames = List.copyOf(indexNames);
        }
    }

    /**
     * What the check found.
     *
     * @param method      how it was checked ({@code hypopg}, {@code copy}, {@code scratch}), null when it was not
     * @param used        whether the plan read through every proposed index (meaningless when not checked)
     * @param matchRows   the planner's estimate of the rows the filter keeps, where the engine prints one
     * @param tableRows   the rows of the scanned table the estimate is a part of, where known
     * @param reason      why it was not checked (with what to pass to check it), or a detail of the check
     */
    record Result(String method, boolean used, Double matchRows, Double tableRows, String reason) {

        public static Result unverified(String reason) {
            return new Result(null, false, null, null, reason);
        }

        public boolean checked() {
            return method != null;
        }
    }

    /** Plans a statement on the explained session (hypothetical indexes of that session included). */
    interface Planner {
        PlanNode plan(String sql) throws SQLException;
    }

    /**
     * Where the check may run.
     *
     * @param live      the explained session (read-only unless explain executes the statement)
     * @param planner   plans on {@code live}
     * @param schema    the inspected schema
     * @param devServer the development server for scratch copies ({@code --dev-db}, {@code DBAGENT_DEV_DB}), or null
     */
    record Context(GuardedSession live, Planner planner, Schema schema, DbUrl devServer) {

        /** A context whose planner plans each statement (checked by the guard) on {@code live} without running it. */
        public static Context of(GuardedSession live, Schema schema, DbUrl devServer) {
            ExplainRunner runner = ExplainRunner.of(live.session());
            return new Context(live, sql -> runner.explain(live, live.check(sql).sql(), false).plan(), schema,
                    devServer);
        }
    }

    Result check(Context ctx, Proposal p) throws SQLException;

    /** For engines without a method. */
    IndexFixCheck NONE = (ctx, p) -> Result.unverified("this engine has no what-if method");
}

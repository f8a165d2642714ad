package io.dbagent.dialect.sqlite;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.WhatIf;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.guard.GuardedSession;
import io.dbagent.schema.Schema;

import java.util.List;

/**
 * SQLite: what-if indexes are built in a rolled-back transaction (an embedded database has no other writers to block)
 * and the statements costed from their plans with the index in place.
 */
public final class SqliteWhatIf extends WhatIfMethod {

    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes) {
        if ("hypopg".equals(method) || "scratch".equals(method)) {
            throw DbAgentException.badInput("--what-if " + method + " does not apply to SQLite; it uses rollback");
        }
        WhatIfMethod.requireWritable(rw, "SQLite");
        notes.add("SQLite prints no planner cost: what-if indexes were built inside a rolled-back transaction "
                + "and each statement costed as the rows its plan visits (estimated from table sizes and distinct "
                + "values, the same on every run)");
        return new RollbackWhatIf(rw, schema);
    }
}

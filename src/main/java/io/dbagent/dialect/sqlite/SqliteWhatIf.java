package io.dbagent.dialect.sqlite;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.WhatIf;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.guard.GuardedSession;
import io.dbagent.schema.Schema;

import java.util.List;

/** SQLite has no planner cost: what-if indexes are built in a rolled-back transaction and the statements timed. */
public final class SqliteWhatIf extends WhatIfMethod {

    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes) {
        if ("hypopg".equals(method) || "scratch".equals(method)) {
            throw DbAgentException.badInput("--what-if " + method + " does not apply to SQLite; it uses rollback");
        }
        WhatIfMethod.requireWritable(rw, "SQLite");
        notes.add("SQLite has no planner cost: what-if indexes were built inside a rolled-back transaction "
                + "and the statements timed with them (costs are ms)");
        return new RollbackWhatIf(rw, schema);
    }
}

package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.WhatIf;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.guard.GuardedSession;
import io.dbagent.schema.Schema;

import java.util.List;

/** MySQL/MariaDB commit DDL, so what-if indexes are built on scratch copies of the tables. */
public final class MysqlWhatIf extends WhatIfMethod {

    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes) {
        if ("hypopg".equals(method) || "rollback".equals(method)) {
            throw DbAgentException.badInput("--what-if " + method + " does not apply to MySQL/MariaDB (DDL "
                    + "commits there); it uses scratch copies");
        }
        WhatIfMethod.requireWritable(rw, "MySQL/MariaDB");
        notes.add("what-if costs come from scratch copies of the tables in session TEMPORARY tables "
                + "(sampled above " + ScratchWhatIf.SAMPLE_ROWS + " rows); nothing is left behind");
        return new ScratchWhatIf(rw, schema);
    }
}

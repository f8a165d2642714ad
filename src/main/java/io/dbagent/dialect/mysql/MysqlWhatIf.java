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
        return open(ro, rw, schema, method, null, notes);
    }

    /**
     * With a development server the copies go to a scratch database there (the database's own server is only read:
     * each table's definition and a sample of its rows); without one they are session TEMPORARY tables on the
     * database's own server, as by default, and the note says so.
     */
    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method,
                       io.dbagent.jdbc.DbUrl devServer, List<String> notes) {
        if ("hypopg".equals(method) || "rollback".equals(method)) {
            throw DbAgentException.badInput("--what-if " + method + " does not apply to MySQL/MariaDB (DDL "
                    + "commits there); it uses scratch copies");
        }
        if (devServer != null) {
            ScratchWhatIf w = ScratchWhatIf.onDevServer(ro, schema, devServer);
            notes.add("what-if costs come from scratch copies of the tables (sampled above "
                    + ScratchWhatIf.SAMPLE_ROWS + " rows) in " + w.where() + "; " + ro.session().url().hostPort()
                    + " is only read");
            return w;
        }
        WhatIfMethod.requireWritable(rw, "MySQL/MariaDB");
        notes.add("what-if costs come from scratch copies of the tables in session TEMPORARY tables on the "
                + "database's own server " + rw.session().url().hostPort() + " (sampled above "
                + ScratchWhatIf.SAMPLE_ROWS + " rows; they end with the session, nothing is left behind); pass "
                + "--dev-db URL or set DBAGENT_DEV_DB to copy to a development server instead");
        return new ScratchWhatIf(rw, schema);
    }
}

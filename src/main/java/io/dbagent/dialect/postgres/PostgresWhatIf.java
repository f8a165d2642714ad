package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.WhatIf;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;

import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL costs hypothetical indexes with hypopg where it can (installed, or created in a rolled-back
 * transaction), else builds them in a transaction that is rolled back.
 */
public final class PostgresWhatIf extends WhatIfMethod {

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    @Override
    public boolean needsWritableSession(DbSession ro, String method) throws SQLException {
        return "rollback".equals(method) || !HypoPgWhatIf.installed(ro.connection());
    }

    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
            throws SQLException {
        if (!"rollback".equals(method) && HypoPgWhatIf.installed(ro.connection())) {
            return HypoPgWhatIf.open(ro);
        }
        if ("scratch".equals(method)) {
            throw DbAgentException.badInput("--what-if scratch is for MySQL/MariaDB; PostgreSQL uses hypopg or rollback");
        }
        WhatIfMethod.requireWritable(rw, "PostgreSQL without the hypopg extension");
        if (!"rollback".equals(method) && HypoPgWhatIf.available(rw.connection())) {
            try {
                HypoPgWhatIf h = HypoPgWhatIf.open(rw);
                notes.add("hypopg was created inside a transaction that is rolled back: the database keeps no "
                        + "extension");
                return h;
            } catch (SQLException e) {
                notes.add("hypopg is available but CREATE EXTENSION failed (" + firstLine(e) + "); "
                        + "falling back to rolled-back CREATE INDEX");
            }
        } else if ("hypopg".equals(method)) {
            throw DbAgentException.badInput("hypopg is not available on this server (Debian/Ubuntu package "
                    + "postgresql-<version>-hypopg); use --what-if rollback");
        }
        notes.add("what-if indexes were really built inside transactions that were rolled back; each build "
                + "locks its table against writes while it runs (see whatIf.indexBuildMs)");
        return new RollbackWhatIf(rw, schema);
    }
}

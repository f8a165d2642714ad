package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;

import java.sql.SQLException;
import java.util.List;

/**
 * How an engine costs a hypothetical index for the advisor: hypopg or rolled-back builds on PostgreSQL, scratch
 * copies on MySQL/MariaDB (DDL commits there), rolled-back builds timed on SQLite. The dialect hands out the instance
 * ({@code Dialect.whatIf()}); the engines' methods live under dialect/&lt;engine&gt;/.
 */
public abstract class WhatIfMethod {

    protected WhatIfMethod() {
    }

    /**
     * Opens the what-if session; {@code method} is the user's {@code --what-if} choice (null: the best available),
     * refused as bad input where it does not apply. {@code notes} receives what the report should say about it.
     */
    public abstract WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
            throws SQLException;

    /**
     * The same with a development server for the methods that copy tables ({@code --dev-db}): there they copy to a
     * scratch database on it instead of the database's own server. By default the server is not used.
     */
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method,
                       io.dbagent.jdbc.DbUrl devServer, List<String> notes) throws SQLException {
        return open(ro, rw, schema, method, notes);
    }

    /**
     * Whether the advisor needs a writable session besides the read-only one for {@code method}; only what runs
     * entirely on the read-only session (hypopg already installed) does without.
     */
    public boolean needsWritableSession(DbSession ro, String method) throws SQLException {
        return true;
    }

    /** Refuses methods that build indexes when there is no writable session to build them in. */
    public static void requireWritable(GuardedSession rw, String what) {
        if (rw == null || rw.session().readOnly()) {
            throw DbAgentException.badInput("what-if costing on " + what + " needs a writable session (every index "
                    + "it builds is rolled back or temporary)");
        }
    }
}

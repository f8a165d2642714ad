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
 * ({@code Dialect.whatIf()}); the methods live here because they work on the advisor's statements.
 */
public abstract class WhatIfMethod {

    WhatIfMethod() {
    }

    public static WhatIfMethod postgres() {
        return new Postgres();
    }

    public static WhatIfMethod mysql() {
        return new Mysql();
    }

    public static WhatIfMethod sqlite() {
        return new Sqlite();
    }

    /**
     * Opens the what-if session; {@code method} is the user's {@code --what-if} choice (null: the best available),
     * refused as bad input where it does not apply. {@code notes} receives what the report should say about it.
     */
    abstract WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
            throws SQLException;

    /**
     * Whether the advisor needs a writable session besides the read-only one for {@code method}; only what runs
     * entirely on the read-only session (hypopg already installed) does without.
     */
    boolean needsWritableSession(DbSession ro, String method) throws SQLException {
        return true;
    }

    static void requireWritable(GuardedSession rw, String what) {
        if (rw == null || rw.session().readOnly()) {
            throw DbAgentException.badInput("what-if costing on " + what + " needs a writable session (every index "
                    + "it builds is rolled back or temporary)");
        }
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private static final class Postgres extends WhatIfMethod {

        @Override
        boolean needsWritableSession(DbSession ro, String method) throws SQLException {
            return "rollback".equals(method) || !HypoPgWhatIf.installed(ro.connection());
        }

        @Override
        WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
                throws SQLException {
            if (!"rollback".equals(method) && HypoPgWhatIf.installed(ro.connection())) {
                return HypoPgWhatIf.open(ro);
            }
            if ("scratch".equals(method)) {
                throw DbAgentException.badInput("--what-if scratch is for MySQL/MariaDB; PostgreSQL uses hypopg or rollback");
            }
            requireWritable(rw, "PostgreSQL without the hypopg extension");
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

    private static final class Mysql extends WhatIfMethod {

        @Override
        WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes) {
            if ("hypopg".equals(method) || "rollback".equals(method)) {
                throw DbAgentException.badInput("--what-if " + method + " does not apply to MySQL/MariaDB (DDL "
                        + "commits there); it uses scratch copies");
            }
            requireWritable(rw, "MySQL/MariaDB");
            notes.add("what-if costs come from scratch copies of the tables in session TEMPORARY tables "
                    + "(sampled above " + ScratchWhatIf.SAMPLE_ROWS + " rows); nothing is left behind");
            return new ScratchWhatIf(rw, schema);
        }
    }

    private static final class Sqlite extends WhatIfMethod {

        @Override
        WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes) {
            if ("hypopg".equals(method) || "scratch".equals(method)) {
                throw DbAgentException.badInput("--what-if " + method + " does not apply to SQLite; it uses rollback");
            }
            requireWritable(rw, "SQLite");
            notes.add("SQLite has no planner cost: what-if indexes were built inside a rolled-back transaction "
                    + "and the statements timed with them (costs are ms)");
            return new RollbackWhatIf(rw, schema);
        }
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.PlannerOnlyWhatIf;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.WhatIf;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL costs hypothetical indexes with hypopg where it can (installed, or created in a transaction that is
 * rolled back). Without hypopg nothing is built on the user's tables unless asked: {@code auto} then returns the
 * advice uncosted with a note on installing hypopg; {@code scratch} costs on session TEMPORARY copies of the tables;
 * {@code rollback} builds real indexes in rolled-back transactions (each build blocks writes to its table).
 */
public final class PostgresWhatIf extends WhatIfMethod {

    /** Where hypopg is looked for; an interface so the decision can be tested with the extension absent. */
    interface HypoPgProbe {
        boolean installed(Connection c) throws SQLException;

        boolean available(Connection c) throws SQLException;
    }

    static final HypoPgProbe SERVER = new HypoPgProbe() {
        @Override
        public boolean installed(Connection c) throws SQLException {
            return HypoPgWhatIf.installed(c);
        }

        @Override
        public boolean available(Connection c) throws SQLException {
            return HypoPgWhatIf.available(c);
        }
    };

    private final HypoPgProbe probe;

    public PostgresWhatIf() {
        this(SERVER);
    }

    PostgresWhatIf(HypoPgProbe probe) {
        this.probe = probe;
    }

    private static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** The package a Debian/Ubuntu server of this major version needs, and the alternatives, in one sentence. */
    static String installHint(int major) {
        return "install hypopg on the database server (Debian/Ubuntu: apt install postgresql-" + major
                + "-hypopg; RHEL: dnf install hypopg_" + major + "; then CREATE EXTENSION hypopg, or let dbagent "
                + "create it inside a transaction it rolls back), or rerun with --what-if scratch (costs on "
                + "session TEMPORARY copies of a sample of the tables, nothing is written to them) or --what-if "
                + "rollback (builds every candidate on your tables in rolled-back transactions; each build blocks "
                + "writes to its table while it runs)";
    }

    @Override
    public boolean needsWritableSession(DbSession ro, String method) throws SQLException {
        if ("rollback".equals(method) || "scratch".equals(method)) {
            return true;
        }
        // hypopg not created yet: it is created in a rolled-back transaction, which needs a writable session
        return !probe.installed(ro.connection()) && probe.available(ro.connection());
    }

    @Override
    public WhatIf open(GuardedSession ro, GuardedSession rw, Schema schema, String method, List<String> notes)
            throws SQLException {
        if ("rollback".equals(method)) {
            WhatIfMethod.requireWritable(rw, "PostgreSQL with --what-if rollback");
            notes.add("--what-if rollback: what-if indexes were really built on your tables inside transactions "
                    + "that were rolled back; each build held a SHARE lock that blocks writes to its table while it "
                    + "ran (see whatIf.indexBuildMs)");
            return new RollbackWhatIf(rw, schema);
        }
        if ("scratch".equals(method)) {
            WhatIfMethod.requireWritable(rw, "PostgreSQL with --what-if scratch");
            notes.add("--what-if scratch: costs come from session TEMPORARY copies of the tables (sampled above "
                    + PgScratchWhatIf.SAMPLE_ROWS + " rows) with their indexes; candidates were built on the copies "
                    + "only, your tables were only read");
            return new PgScratchWhatIf(rw, schema);
        }
        if (probe.installed(ro.connection())) {
            return HypoPgWhatIf.open(ro);
        }
        if (rw != null && probe.available(rw.connection())) {
            try {
                HypoPgWhatIf h = HypoPgWhatIf.open(rw);
                notes.add("hypopg was created inside a transaction that is rolled back: the database keeps no "
                        + "extension");
                return h;
            } catch (SQLException e) {
                if ("hypopg".equals(method)) {
                    throw DbAgentException.badInput("hypopg is available but CREATE EXTENSION failed ("
                            + firstLine(e) + "); " + installHint(ro.session().majorVersion()));
                }
                notes.add("hypopg is available but CREATE EXTENSION failed (" + firstLine(e) + "); the candidates "
                        + "were not costed: " + installHint(ro.session().majorVersion()));
                return new PlannerOnlyWhatIf(ro, hintFor(ro));
            }
        }
        if ("hypopg".equals(method)) {
            throw DbAgentException.badInput("hypopg is not available on this server: "
                    + installHint(ro.session().majorVersion()));
        }
        notes.add("hypopg is not available on this server, so the candidates were not costed and nothing was "
                + "built: " + installHint(ro.session().majorVersion()));
        return new PlannerOnlyWhatIf(ro, hintFor(ro));
    }

    private static PlannerOnlyWhatIf.Unavailable hintFor(GuardedSession ro) {
        int major = ro.session().majorVersion();
        return new PlannerOnlyWhatIf.Unavailable("hypopg", "apt install postgresql-" + major + "-hypopg",
                installHint(major));
    }
}

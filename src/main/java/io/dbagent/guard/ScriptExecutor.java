package io.dbagent.guard;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.Redactor;
import io.dbagent.sql.ScriptSplitter;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the statements of a script on a writable session, in one transaction when asked (PostgreSQL and SQLite have
 * transactional DDL; on MySQL/MariaDB every DDL statement commits by itself, so there it always runs statement by
 * statement). SQLite's {@code PRAGMA foreign_keys} is a no-op inside a transaction, so leading and trailing ones run
 * outside it; {@code PRAGMA foreign_key_check} fails the script when it returns a row.
 */
public final class ScriptExecutor {

    /** Work done inside the file's transaction after its statements, e.g. writing the history row. */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /** Decides inside the transaction, before any statement, whether to go on (false: roll back, run nothing). */
    @FunctionalInterface
    public interface Guard {
        boolean proceed(Connection c) throws SQLException;
    }

    /** Told after each statement of a run outside a transaction, where each one stays applied. */
    @FunctionalInterface
    public interface Progress {
        void applied(int statements) throws SQLException;
    }

    /**
     * Optional callbacks of a run. {@code busyWaitMillis}: how long to keep retrying when SQLite reports the database
     * locked at BEGIN (another writer); its own busy timeout covers only a few seconds.
     */
    public record Hooks(Guard guard, InTransaction finish, Progress progress, long busyWaitMillis) {
        public static final Hooks NONE = new Hooks(null, null, null, 0);
    }

    private ScriptExecutor() {
    }

    public static void run(DbSession session, String script, boolean transactional) {
        run(session, ScriptSplitter.splitWithLines(script), transactional, Hooks.NONE);
    }

    public static void run(DbSession session, List<ScriptSplitter.Statement> statements, boolean transactional) {
        run(session, statements, transactional, Hooks.NONE);
    }

    /**
     * @param transactional run all statements in one transaction (ignored on MySQL/MariaDB)
     * @return false when the guard said not to run
     */
    public static boolean run(DbSession session, List<ScriptSplitter.Statement> statements, boolean transactional,
                              Hooks hooks) {
        return run(session, statements, transactional, hooks, null);
    }

    /**
     * As {@link #run(DbSession, List, boolean, Hooks)}, each statement registered with {@link RunningStatements} and
     * cancelled after {@code timeout} (null: no limit). Hostile scripts come here only through
     * {@link ScratchRunner}, which checks every statement first.
     */
    public static boolean run(DbSession session, List<ScriptSplitter.Statement> statements, boolean transactional,
                              Hooks hooks, Duration timeout) {
        InTransaction finish = hooks.finish();
        Connection c = session.connection();
        boolean tx = transactional && Dialects.of(session).transactionalDdl();
        List<ScriptSplitter.Statement> before = new ArrayList<>();
        List<ScriptSplitter.Statement> after = new ArrayList<>();
        List<ScriptSplitter.Statement> body = new ArrayList<>(statements);
        if (tx && EngineGuard.of(session.dialect()).foreignKeysSwitchOutsideTransaction()) {
            while (!body.isEmpty() && isForeignKeysPragma(body.get(0).text())) {
                before.add(body.remove(0));
            }
            while (!body.isEmpty() && isForeignKeysPragma(body.get(body.size() - 1).text())) {
                after.add(0, body.remove(body.size() - 1));
            }
            // the script's own BEGIN … COMMIT (written for the sqlite3 shell): here our transaction takes their place
            if (body.size() >= 2 && isBegin(body.get(0).text()) && isCommit(body.get(body.size() - 1).text())
                    && body.subList(1, body.size() - 1).stream().noneMatch(x -> isBegin(x.text()) || isCommit(x.text()))) {
                before.add(body.remove(0));
                after.add(0, body.remove(body.size() - 1));
            }
        }
        try (Statement st = c.createStatement()) {
            execute(st, before.stream().filter(x -> !isBegin(x.text())).toList(), 0, false, null, timeout);
            boolean failed = false;
            try {
                if (tx) {
                    begin(c, hooks.busyWaitMillis());
                }
                if (hooks.guard() != null && !hooks.guard().proceed(c)) {
                    if (tx) {
                        c.rollback();
                    }
                    return false;
                }
                execute(st, body, before.size(), tx, tx ? null : hooks.progress(), timeout);
                if (finish != null) {
                    finish.run(c);
                }
                if (tx) {
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                failed = true;
                if (tx) {
                    rollbackQuietly(c);
                }
                throw e;
            } finally {
                if (tx) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException e) {
                        // SQLite commits when auto-commit comes back on, and an interrupted statement has already
                        // ended its transaction: that second error must not hide the first
                        if (!failed) {
                            throw e;
                        }
                    }
                }
            }
            execute(st, after.stream().filter(x -> !isCommit(x.text())).toList(), before.size() + body.size(), false,
                    null, timeout);
            return true;
        } catch (SQLException e) {
            throw new StatementFailure(Redactor.redact("could not finish the script: " + firstLine(e.getMessage())),
                    statements.size(), 0, "", tx, e);
        } finally {
            if (!before.isEmpty()) {
                // never leave a session with foreign keys off because a rebuild failed
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA foreign_keys = ON");
                } catch (SQLException ignored) {
                    // the connection is going away anyway
                }
            }
        }
    }

    private static void begin(Connection c, long busyWaitMillis) throws SQLException {
        long deadline = System.currentTimeMillis() + busyWaitMillis;
        while (true) {
            try {
                c.setAutoCommit(false);
                return;
            } catch (SQLException e) {
                String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
                boolean busy = m.contains("locked") || m.contains("busy");
                if (!busy || System.currentTimeMillis() > deadline) {
                    throw busy ? new SQLException("the database stayed locked by another writer for "
                            + busyWaitMillis / 1000 + " s", e) : e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void execute(Statement st, List<ScriptSplitter.Statement> stmts, int offset, boolean tx,
                                Progress progress, Duration timeout) {
        for (int i = 0; i < stmts.size(); i++) {
            ScriptSplitter.Statement s = stmts.get(i);
            RunningStatements.Handle handle = timeout == null ? null : RunningStatements.track(st, timeout);
            try {
                if (isForeignKeyCheck(s.text())) {
                    checkForeignKeys(st, s.text());
                } else {
                    st.execute(s.text());
                }
                if (handle != null && handle.timedOut()) {
                    // an interrupted SQLite statement may come back without an error (its transaction is gone), and
                    // MySQL's killed SLEEP returns normally: the timer is the truth
                    throw new SQLException("cancelled at the time limit");
                }
                if (progress != null) {
                    progress.applied(offset + i + 1);
                }
            } catch (SQLException e) {
                String why = handle != null && handle.timedOut()
                        ? "did not finish within " + Timeouts.describe(timeout) + " and was cancelled"
                        : "failed: " + firstLine(e.getMessage());
                throw new StatementFailure(Redactor.redact("statement " + (offset + i + 1) + " (line " + s.line()
                        + ") " + why), offset + i, s.line(), s.text(), tx, e);
            } finally {
                if (handle != null) {
                    handle.close();
                }
            }
        }
    }

    private static void checkForeignKeys(Statement st, String sql) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next() && problems.size() < 5) {
                problems.add(rs.getString(1) + " rowid " + rs.getLong(2) + " → " + rs.getString(3));
            }
        }
        if (!problems.isEmpty()) {
            throw new SQLException("foreign key violations after the change: " + String.join(", ", problems));
        }
    }

    static boolean isForeignKeysPragma(String sql) {
        return normalized(sql).matches("pragma (main\\.)?foreign_keys ?=.*");
    }

    private static boolean isForeignKeyCheck(String sql) {
        return normalized(sql).startsWith("pragma foreign_key_check");
    }

    static boolean isBegin(String sql) {
        return normalized(sql).matches("begin( deferred| immediate| exclusive)?( transaction)?");
    }

    static boolean isCommit(String sql) {
        return normalized(sql).matches("(commit|end)( transaction)?");
    }

    /** Lower case, runs of white space as one blank, leading and trailing comments removed. */
    private static String normalized(String sql) {
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--")) {
                int nl = s.indexOf('\n');
                s = nl < 0 ? "" : s.substring(nl + 1).strip();
            } else if (s.startsWith("/*") && s.indexOf("*/") > 0) {
                s = s.substring(s.indexOf("*/") + 2).strip();
            } else {
                break;
            }
        }
        // a trailing line comment (the splitter keeps the comments before the next statement's semicolon)
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("--")) {
                out.append(l).append(' ');
            }
        }
        return out.toString().trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the user needs to see
        }
    }

    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}

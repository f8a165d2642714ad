package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbSession;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Statement time limits for hostile SQL. Two layers: the server's own limit, set on the session, which also ends the
 * statement when dbagent dies without a chance to cancel (kill -9); and a client-side cancel through
 * {@link RunningStatements#track}, which also covers SQLite (its cancel is {@code sqlite3_interrupt}, which stops
 * even an endless recursive CTE).
 */
public final class Timeouts {

    /** The limit when the user gives none. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    /** The longest limit {@code --timeout} accepts: a day is already more than any interactive use needs. */
    public static final Duration MAX = Duration.ofDays(1);

    /** How often PostgreSQL (14+) checks that the client is still there while a statement runs. */
    static final int CLIENT_CHECK_INTERVAL_MS = 1000;

    private Timeouts() {
    }

    /**
     * Sets the server-side statement limit on the session (SQLite has none; the client-side cancel covers it). On
     * PostgreSQL 14+ also lets the server notice a client that went away ({@code client_connection_check_interval}).
     * Set it while the connection is in auto-commit mode: a session setting made inside a transaction that is rolled
     * back is rolled back with it.
     */
    public static void applyServerSide(DbSession session, Duration timeout) throws SQLException {
        long ms = Math.max(1, timeout.toMillis());
        set(session, ms);
        String clientCheck = EngineGuard.of(session.dialect()).clientCheckSql(session);
        if (clientCheck != null && session.connection().getAutoCommit()) {
            try (Statement st = session.connection().createStatement()) {
                st.execute(clientCheck);
            } catch (SQLException unsupported) {
                // platforms without the kernel support refuse a non-zero value; the statement limit still holds
            }
        }
    }

    /** Removes the server-side limit again (for dbagent's own long statements, e.g. building approved indexes). */
    public static void clearServerSide(DbSession session) throws SQLException {
        set(session, 0);
    }

    private static void set(DbSession session, long ms) throws SQLException {
        String sql = EngineGuard.of(session.dialect()).statementTimeoutSql(session, ms);
        try (Statement st = session.connection().createStatement()) {
            if (sql != null) { // null: no server (SQLite), RunningStatements interrupts the statement
                st.execute(sql);
            }
        }
    }

    /** Parses a {@code --timeout} value in seconds (decimals allowed); bad input is one line, exit 2. */
    public static Duration ofSeconds(String seconds) {
        double s;
        try {
            s = Double.parseDouble(seconds.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw DbAgentException.badInput("--timeout takes seconds, e.g. 30 or 2.5, got " + seconds);
        }
        if (!(s > 0) || s > MAX.toSeconds()) {
            throw DbAgentException.badInput("--timeout must be more than 0 and at most " + MAX.toSeconds()
                    + " seconds, got " + seconds);
        }
        return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
    }

    /** {@code 30 s}, {@code 2.5 s}: how the limit reads in messages. */
    public static String describe(Duration timeout) {
        long ms = timeout.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0).replaceAll("0+$", "") + " s";
    }

    /** The one line a statement that ran out of time ends with. */
    public static DbAgentException cancelled(Duration timeout) {
        return new LimitReached("cancelled after " + describe(timeout)
                + " (statement timeout; change it with --timeout)");
    }

    /** True for the failure {@link #cancelled} makes: a statement of dbagent's that ran out of time. */
    public static boolean isLimitReached(Throwable e) {
        return e instanceof LimitReached;
    }

    /** The failure of a statement that ran out of time: bad input (exit 2), told apart by its type. */
    private static final class LimitReached extends DbAgentException {
        LimitReached(String message) {
            super(Code.BAD_INPUT, message);
        }
    }

    /** True when the engine ended the statement because of its server-side limit. */
    static boolean isServerTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String msg = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
                if ("57014".equals(s.getSQLState()) && msg.contains("statement timeout")) {
                    return true; // PostgreSQL: canceling statement due to statement timeout
                }
                if (s.getErrorCode() == 1969 || s.getErrorCode() == 3024) {
                    return true; // MariaDB max_statement_time, MySQL max_execution_time
                }
            }
        }
        return false;
    }
}

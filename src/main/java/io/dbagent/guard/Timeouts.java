package io.dbagent.guard;

import io.dbagent.jdbc.DbSession;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Statement time limits for hostile SQL. Two layers: the server's own limit, set on the session, which also ends the
 * statement when dbagent dies without a chance to cancel (kill -9); and a client-side cancel through
 * {@link RunningStatements#track}, which also covers SQLite.
 */
public final class Timeouts {

    /** The limit when the user gives none. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Timeouts() {
    }

    /** Sets the server-side statement limit on the session (SQLite has none; the client-side cancel covers it). */
    public static void applyServerSide(DbSession session, Duration timeout) throws SQLException {
        long ms = Math.max(1, timeout.toMillis());
        try (Statement st = session.connection().createStatement()) {
            switch (session.dialect()) {
                case POSTGRES -> st.execute("SET statement_timeout = " + ms);
                case MYSQL -> st.execute(session.isMariaDb()
                        ? "SET SESSION max_statement_time = " + (ms / 1000.0)
                        : "SET SESSION max_execution_time = " + ms);
                case SQLITE -> {
                    // no server: RunningStatements interrupts the statement
                }
            }
        }
    }
}

package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * A session that runs text dbagent did not write, in the {@link ExecutionContext#READ read} or
 * {@link ExecutionContext#MEASURE measure} context, under one time limit. Creating it sets the server-side limit on
 * the session; every statement it runs is registered with {@link RunningStatements} for the client-side cancel (the
 * limit, an abandoned call, the process exiting), and a statement that runs out of time ends in one line: {@code
 * cancelled after 30 s (statement timeout; change it with --timeout)}. Statements are checked with
 * {@link #check(String)} (the {@link StatementGuard}) before anything runs; what runs is the checked text, possibly
 * inside dbagent's own EXPLAIN wrapper.
 */
public final class GuardedSession {

    /** Reads a result set; may throw SQLException. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Does something with a statement that is being tracked. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T run(Statement st) throws SQLException;
    }

    /** A body that runs inside a transaction that is rolled back. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private final DbSession session;
    private final ExecutionContext context;
    private final Duration timeout;

    private GuardedSession(DbSession session, ExecutionContext context, Duration timeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.context = context;
        this.timeout = timeout == null ? Timeouts.DEFAULT : timeout;
        if (this.timeout.isNegative() || this.timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + this.timeout);
        }
        try {
            Timeouts.applyServerSide(session, this.timeout);
        } catch (SQLException e) {
            throw Sql.failure("cannot set the statement timeout", e);
        }
    }

    /** The read context: the session must be read-only. */
    public static GuardedSession read(DbSession session, Duration timeout) {
        if (!session.readOnly()) {
            throw new IllegalStateException("the read context needs a read-only session");
        }
        return new GuardedSession(session, ExecutionContext.READ, timeout);
    }

    /**
     * The measure context: the session may be writable (to execute DML), so whatever runs must go through
     * {@link #rolledBack(Work)}.
     */
    public static GuardedSession measure(DbSession session, Duration timeout) {
        return new GuardedSession(session, ExecutionContext.MEASURE, timeout);
    }

    public DbSession session() {
        return session;
    }

    public Connection connection() {
        return session.connection();
    }

    public ExecutionContext context() {
        return context;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The guard's verdict on one statement in this session's context; refused statements throw BAD_INPUT. */
    public StatementGuard.Checked check(String sql) {
        return StatementGuard.check(context, session, sql);
    }

    /**
     * Runs {@code work} with a fresh statement that is tracked under the limit. A statement that ran out of time
     * (cancelled by the client, ended by the server's limit, or still reaching its end only after the limit) throws
     * the one-line timeout failure; one cancelled from outside (the call was abandoned, the process is exiting)
     * says so.
     */
    public <T> T withStatement(StatementWork<T> work) throws SQLException {
        try (Statement st = connection().createStatement();
             RunningStatements.Handle h = RunningStatements.track(st, timeout)) {
            long t0 = System.nanoTime();
            T out;
            try {
                out = work.run(st);
            } catch (SQLException e) {
                if (h.timedOut() || Timeouts.isServerTimeout(e)) {
                    throw Timeouts.cancelled(timeout);
                }
                if (h.cancelled()) {
                    throw abandoned();
                }
                throw e;
            }
            // MySQL's SLEEP() that is killed returns 1 instead of failing: time tells the truth
            if (h.timedOut() || System.nanoTime() - t0 >= timeout.toNanos()) {
                throw Timeouts.cancelled(timeout);
            }
            if (h.cancelled()) {
                throw abandoned();
            }
            return out;
        }
    }

    /** Runs one query and reads its result under the limit. */
    public <T> T query(String sql, Reader<T> reader) throws SQLException {
        return withStatement(st -> {
            try (ResultSet rs = st.executeQuery(sql)) {
                return reader.read(rs);
            }
        });
    }

    /** The first column of every row, as text, joined by newlines (what EXPLAIN returns). */
    public String text(String sql) throws SQLException {
        return query(sql, rs -> {
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
            return sb.toString();
        });
    }

    /**
     * Runs {@code body} inside a transaction that is always rolled back, then restores the auto-commit mode. The
     * measure context runs every execution like this, reads included, so that nothing a statement does can stay.
     */
    public <T> T rolledBack(Work<T> body) throws SQLException {
        Connection c = connection();
        if (!c.getAutoCommit()) {
            // already inside the caller's transaction (a what-if build): undo only what this body did
            java.sql.Savepoint sp = c.setSavepoint();
            try {
                return body.run();
            } finally {
                c.rollback(sp);
                c.releaseSavepoint(sp);
            }
        }
        c.setAutoCommit(false);
        try {
            return body.run();
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static DbAgentException abandoned() {
        return DbAgentException.badInput("cancelled: the call was abandoned or dbagent is exiting");
    }
}

package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;

import java.sql.SQLException;

/**
 * One migration runner per database at a time: a session-level advisory lock on PostgreSQL, {@code GET_LOCK} on
 * MySQL/MariaDB (both released when the session ends, even if the process dies). SQLite has no such lock; there
 * each file runs in a {@code BEGIN IMMEDIATE} transaction that re-reads the history first, which serialises runners
 * just as well. A second runner waits up to the timeout, then fails with a clear message. The engine's half is
 * {@link HistorySql#lockRunner}.
 */
final class RunnerLock implements AutoCloseable {

    private final HistorySql.HeldLock held;

    private RunnerLock(HistorySql.HeldLock held) {
        this.held = held;
    }

    static RunnerLock acquire(DbSession s, int timeoutSeconds) {
        try {
            HistorySql.HeldLock held = HistorySql.of(s.dialect()).lockRunner(s, timeoutSeconds);
            if (held == null) {
                throw busy(s, timeoutSeconds);
            }
            return new RunnerLock(held);
        } catch (SQLException e) {
            throw Sql.failure("cannot take the migration lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy(s, timeoutSeconds);
        }
    }

    private static DbAgentException busy(DbSession s, int timeoutSeconds) {
        return new DbAgentException(DbAgentException.Code.DATABASE, "another dbagent migrate is running on "
                + s.url().redacted() + ": its lock was still held after " + timeoutSeconds
                + " s (--lock-timeout); nothing was applied, try again when it has finished");
    }

    @Override
    public void close() {
        try {
            held.release();
        } catch (SQLException ignored) {
            // closing the session releases the lock as well
        }
    }
}

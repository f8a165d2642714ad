package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One migration runner per database at a time: a session-level advisory lock on PostgreSQL, {@code GET_LOCK} on
 * MySQL/MariaDB (both released when the session ends, even if the process dies). SQLite has no such lock; there
 * each file runs in a {@code BEGIN IMMEDIATE} transaction that re-reads the history first, which serialises runners
 * just as well. A second runner waits up to the timeout, then fails with a clear message.
 */
final class RunnerLock implements AutoCloseable {

    /** "dbagent" in ASCII: a fixed advisory lock key, so every dbagent runner contends for the same lock. */
    static final long PG_KEY = 0x64626167656e74L;

    private final DbSession session;
    private final String mysqlName;

    private RunnerLock(DbSession session, String mysqlName) {
        this.session = session;
        this.mysqlName = mysqlName;
    }

    static RunnerLock acquire(DbSession s, int timeoutSeconds) {
        try {
            if (s.dialect() == DialectKind.POSTGRES) {
                long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
                while (true) {
                    try (PreparedStatement ps = s.connection().prepareStatement(HistorySql.PG_TRY_LOCK)) {
                        ps.setLong(1, PG_KEY);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                return new RunnerLock(s, null);
                            }
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw busy(s, timeoutSeconds);
                    }
                    Thread.sleep(200);
                }
            }
            if (s.dialect() == DialectKind.MYSQL) {
                String name = ("dbagent_migrate." + s.url().database());
                name = name.length() > 64 ? name.substring(0, 64) : name;
                try (PreparedStatement ps = s.connection().prepareStatement(HistorySql.MYSQL_LOCK)) {
                    ps.setString(1, name);
                    ps.setInt(2, timeoutSeconds);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) != 1) {
                            throw busy(s, timeoutSeconds);
                        }
                    }
                }
                return new RunnerLock(s, name);
            }
            return new RunnerLock(s, null);
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
            if (session.dialect() == DialectKind.POSTGRES) {
                try (PreparedStatement ps = session.connection().prepareStatement(HistorySql.PG_UNLOCK)) {
                    ps.setLong(1, PG_KEY);
                    ps.executeQuery().close();
                }
            } else if (mysqlName != null) {
                try (PreparedStatement ps = session.connection().prepareStatement(HistorySql.MYSQL_UNLOCK)) {
                    ps.setString(1, mysqlName);
                    ps.executeQuery().close();
                }
            }
        } catch (SQLException ignored) {
            // closing the session releases the lock as well
        }
    }
}

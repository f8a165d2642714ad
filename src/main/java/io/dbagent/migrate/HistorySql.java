package io.dbagent.migrate;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.SQLException;

/**
 * The history table's SQL per engine. Columns follow Flyway's history table where they mean the same thing, plus
 * {@code type} (up or down) and {@code detail} (how far a failed migration got). The statements that differ per engine
 * come from the dialect ({@code Dialect.historySql()}); the rest are the same everywhere.
 */
public interface HistorySql {

    String TABLE = "dbagent_schema_history";

    static HistorySql of(DialectKind d) {
        return io.dbagent.dialect.Dialects.of(d).historySql();
    }

    /** CREATE TABLE IF NOT EXISTS for the history table, in the engine's types. */
    String create();

    /** Whether the table exists, without needing write access: one row when it does. */
    String exists();

    /** The session user, for installed_by. */
    String currentUser();

    /** One row when a table named by the one parameter exists in the session's default schema (or database). */
    String tableExists();

    /**
     * Flyway's history table named {@code table}, created as Flyway itself creates it on this engine (columns, types,
     * primary key and index), so that Flyway reads the rows dbagent writes.
     */
    java.util.List<String> flywayCreate(String table);

    String SELECT_ALL = """
            SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on,
                   execution_ms, success, detail
              FROM dbagent_schema_history
             ORDER BY installed_rank""";

    String NEXT_RANK = "SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM dbagent_schema_history";

    String INSERT = """
            INSERT INTO dbagent_schema_history
                (installed_rank, version, description, type, script, checksum, installed_by, execution_ms, success, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    String UPDATE_OUTCOME = """
            UPDATE dbagent_schema_history SET execution_ms = ?, success = ?, detail = ? WHERE installed_rank = ?""";

    String DELETE_FAILED = "DELETE FROM dbagent_schema_history WHERE success = ?";

    /** A runner lock that is held; releasing it lets the next runner in. */
    @FunctionalInterface
    interface HeldLock {
        void release() throws SQLException;
    }

    /**
     * Takes the one-runner-per-database lock on {@code s}, waiting up to {@code timeoutSeconds}; null when another
     * runner still holds it then. The lock belongs to the session, so it goes when the session ends. Without an
     * override there is no such lock: the engine serialises runners in {@link #prepareRunner} instead.
     */
    default HeldLock lockRunner(DbSession s, int timeoutSeconds) throws SQLException, InterruptedException {
        return () -> { };
    }

    /** Configures a runner's session before it reads the history and runs files; nothing by default. */
    default void prepareRunner(DbSession s) throws SQLException {
    }

    /** The runner's lock: one runner per database at a time. SQLite locks per file with BEGIN IMMEDIATE instead. */
    String PG_TRY_LOCK = "SELECT pg_try_advisory_lock(?)";
    String PG_UNLOCK = "SELECT pg_advisory_unlock(?)";
    String MYSQL_LOCK = "SELECT GET_LOCK(?, ?)";
    String MYSQL_UNLOCK = "SELECT RELEASE_LOCK(?)";
}

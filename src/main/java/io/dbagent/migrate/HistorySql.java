package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;

/**
 * The history table's SQL per engine. Columns follow Flyway's history table where they mean the same thing, plus
 * {@code type} (up or down) and {@code detail} (how far a failed migration got).
 */
final class HistorySql {

    static final String TABLE = "dbagent_schema_history";

    private HistorySql() {
    }

    static String create(DialectKind d) {
        return switch (d) {
            case POSTGRES -> """
                    CREATE TABLE IF NOT EXISTS dbagent_schema_history (
                        installed_rank integer PRIMARY KEY,
                        version varchar(50) NOT NULL,
                        description varchar(200) NOT NULL,
                        type varchar(10) NOT NULL,
                        script varchar(1000) NOT NULL,
                        checksum varchar(64),
                        installed_by varchar(100),
                        installed_on timestamptz NOT NULL DEFAULT now(),
                        execution_ms integer NOT NULL,
                        success boolean NOT NULL,
                        detail varchar(2000)
                    )""";
            case MYSQL -> """
                    CREATE TABLE IF NOT EXISTS dbagent_schema_history (
                        installed_rank INT PRIMARY KEY,
                        version VARCHAR(50) NOT NULL,
                        description VARCHAR(200) NOT NULL,
                        type VARCHAR(10) NOT NULL,
                        script VARCHAR(1000) NOT NULL,
                        checksum VARCHAR(64),
                        installed_by VARCHAR(100),
                        installed_on TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                        execution_ms INT NOT NULL,
                        success BOOLEAN NOT NULL,
                        detail VARCHAR(2000)
                    ) ENGINE=InnoDB""";
            case SQLITE -> """
                    CREATE TABLE IF NOT EXISTS dbagent_schema_history (
                        installed_rank INTEGER PRIMARY KEY,
                        version TEXT NOT NULL,
                        description TEXT NOT NULL,
                        type TEXT NOT NULL,
                        script TEXT NOT NULL,
                        checksum TEXT,
                        installed_by TEXT,
                        installed_on TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                        execution_ms INTEGER NOT NULL,
                        success INTEGER NOT NULL,
                        detail TEXT
                    )""";
        };
    }

    /** Whether the table exists, without needing write access: one row when it does. */
    static String exists(DialectKind d) {
        return switch (d) {
            case POSTGRES -> "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'dbagent_schema_history'";
            case MYSQL -> "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbagent_schema_history'";
            case SQLITE -> "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dbagent_schema_history'";
        };
    }

    static final String SELECT_ALL = """
            SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on,
                   execution_ms, success, detail
              FROM dbagent_schema_history
             ORDER BY installed_rank""";

    static final String NEXT_RANK = "SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM dbagent_schema_history";

    static final String INSERT = """
            INSERT INTO dbagent_schema_history
                (installed_rank, version, description, type, script, checksum, installed_by, execution_ms, success, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String UPDATE_OUTCOME = """
            UPDATE dbagent_schema_history SET execution_ms = ?, success = ?, detail = ? WHERE installed_rank = ?""";

    static final String DELETE_FAILED = "DELETE FROM dbagent_schema_history WHERE success = ?";

    /** The session user, for installed_by. */
    static String currentUser(DialectKind d) {
        return switch (d) {
            case POSTGRES -> "SELECT current_user";
            case MYSQL -> "SELECT CURRENT_USER()";
            case SQLITE -> "SELECT NULL";
        };
    }

    /** The runner's lock: one runner per database at a time. SQLite locks per file with BEGIN IMMEDIATE instead. */
    static final String PG_TRY_LOCK = "SELECT pg_try_advisory_lock(?)";
    static final String PG_UNLOCK = "SELECT pg_advisory_unlock(?)";
    static final String MYSQL_LOCK = "SELECT GET_LOCK(?, ?)";
    static final String MYSQL_UNLOCK = "SELECT RELEASE_LOCK(?)";
}

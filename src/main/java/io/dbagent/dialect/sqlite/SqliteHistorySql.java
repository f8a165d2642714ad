package io.dbagent.dialect.sqlite;

import io.dbagent.jdbc.DbSession;
import io.dbagent.migrate.HistorySql;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

import java.sql.SQLException;

/** The migration history table in Sqlite's types and catalog. */
final class SqliteHistorySql implements HistorySql {

    @Override
    public String create() {
        return """
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
    }

    @Override
    public String exists() {
        return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dbagent_schema_history'";
    }

    @Override
    public String tableExists() {
        return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
    }

    @Override
    public java.util.List<String> flywayCreate(String table) {
        String t = io.dbagent.jdbc.DialectKind.SQLITE.quote(table);
        return java.util.List.of("""
            CREATE TABLE %s (
                "installed_rank" INT NOT NULL PRIMARY KEY,
                "version" VARCHAR(50),
                "description" VARCHAR(200) NOT NULL,
                "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL,
                "checksum" INT,
                "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TEXT NOT NULL DEFAULT (strftime('%%Y-%%m-%%d %%H:%%M:%%f','now')),
                "execution_time" INT NOT NULL,
                "success" BOOLEAN NOT NULL
            )""".formatted(t),
                "CREATE INDEX " + io.dbagent.jdbc.DialectKind.SQLITE.quote(table + "_s_idx") + " ON " + t
                        + " (\"success\")");
    }

    @Override
    public String currentUser() {
        return "SELECT NULL";
    }

    /** Every file's transaction takes the write lock at BEGIN, before it reads the history: runners queue there. */
    @Override
    public void prepareRunner(DbSession s) throws SQLException {
        s.connection().unwrap(SQLiteConnection.class).getConnectionConfig()
                .setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }
}

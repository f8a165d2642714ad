package io.dbagent.dialect.sqlite;

import io.dbagent.migrate.HistorySql;

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
    public String currentUser() {
        return "SELECT NULL";
    }
}

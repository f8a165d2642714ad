package io.dbagent.dialect.postgres;

import io.dbagent.migrate.HistorySql;

/** The migration history table in PostgreSQL's types and catalog. */
final class PostgresHistorySql implements HistorySql {

    @Override
    public String create() {
        return """
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
    }

    @Override
    public String exists() {
        return "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'dbagent_schema_history'";
    }

    @Override
    public String currentUser() {
        return "SELECT current_user";
    }
}

package io.dbagent.dialect.mysql;

import io.dbagent.migrate.HistorySql;

/** The migration history table in MySQL's types and catalog. */
final class MysqlHistorySql implements HistorySql {

    @Override
    public String create() {
        return """
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
    }

    @Override
    public String exists() {
        return "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'dbagent_schema_history'";
    }

    @Override
    public String currentUser() {
        return "SELECT CURRENT_USER()";
    }
}

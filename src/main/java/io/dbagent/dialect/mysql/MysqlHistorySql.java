package io.dbagent.dialect.mysql;

import io.dbagent.jdbc.DbSession;
import io.dbagent.migrate.HistorySql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

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
    public String tableExists() {
        return "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
    }

    @Override
    public java.util.List<String> flywayCreate(String table) {
        String t = io.dbagent.jdbc.DialectKind.MYSQL.quote(table);
        return java.util.List.of("""
            CREATE TABLE %s (
                `installed_rank` INT NOT NULL,
                `version` VARCHAR(50),
                `description` VARCHAR(200) NOT NULL,
                `type` VARCHAR(20) NOT NULL,
                `script` VARCHAR(1000) NOT NULL,
                `checksum` INT,
                `installed_by` VARCHAR(100) NOT NULL,
                `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                `execution_time` INT NOT NULL,
                `success` BOOL NOT NULL,
                CONSTRAINT %s PRIMARY KEY (`installed_rank`)
            ) ENGINE=InnoDB""".formatted(t, io.dbagent.jdbc.DialectKind.MYSQL.quote(table + "_pk")),
                "CREATE INDEX " + io.dbagent.jdbc.DialectKind.MYSQL.quote(table + "_s_idx") + " ON " + t
                        + " (`success`)");
    }

    @Override
    public String currentUser() {
        return "SELECT CURRENT_USER()";
    }

    /** {@code GET_LOCK} on a name per database, which waits up to the timeout on the server. */
    @Override
    public HeldLock lockRunner(DbSession s, int timeoutSeconds) throws SQLException {
        String name = "dbagent_migrate." + s.url().database();
        String lockName = name.length() > 64 ? name.substring(0, 64) : name;
        try (PreparedStatement ps = s.connection().prepareStatement(MYSQL_LOCK)) {
            ps.setString(1, lockName);
            ps.setInt(2, timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != 1) {
                    return null;
                }
            }
        }
        return () -> {
            try (PreparedStatement ps = s.connection().prepareStatement(MYSQL_UNLOCK)) {
                ps.setString(1, lockName);
                ps.executeQuery().close();
            }
        };
    }
}

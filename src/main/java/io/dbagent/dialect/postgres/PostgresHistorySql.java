package io.dbagent.dialect.postgres;

import io.dbagent.jdbc.DbSession;
import io.dbagent.migrate.HistorySql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The migration history table in PostgreSQL's types and catalog. */
final class PostgresHistorySql implements HistorySql {

    /** "dbagent" in ASCII: a fixed advisory lock key, so every dbagent runner contends for the same lock. */
    static final long LOCK_KEY = 0x64626167656e74L;

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
    public String tableExists() {
        return "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ?";
    }

    @Override
    public java.util.List<String> flywayCreate(String table) {
        String t = io.dbagent.jdbc.DialectKind.POSTGRES.quote(table);
        return java.util.List.of("""
            CREATE TABLE %s (
                "installed_rank" INT NOT NULL,
                "version" VARCHAR(50),
                "description" VARCHAR(200) NOT NULL,
                "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL,
                "checksum" INTEGER,
                "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
                "execution_time" INTEGER NOT NULL,
                "success" BOOLEAN NOT NULL
            )""".formatted(t),
                "ALTER TABLE " + t + " ADD CONSTRAINT " + io.dbagent.jdbc.DialectKind.POSTGRES.quote(table + "_pk")
                        + " PRIMARY KEY (\"installed_rank\")",
                "CREATE INDEX " + io.dbagent.jdbc.DialectKind.POSTGRES.quote(table + "_s_idx") + " ON " + t
                        + " (\"success\")");
    }

    @Override
    public String currentUser() {
        return "SELECT current_user";
    }

    /** A session-level advisory lock, tried every 200 ms until the timeout. */
    @Override
    public HeldLock lockRunner(DbSession s, int timeoutSeconds) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            try (PreparedStatement ps = s.connection().prepareStatement(PG_TRY_LOCK)) {
                ps.setLong(1, LOCK_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return () -> {
                            try (PreparedStatement un = s.connection().prepareStatement(PG_UNLOCK)) {
                                un.setLong(1, LOCK_KEY);
                                un.executeQuery().close();
                            }
                        };
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(200);
        }
    }
}

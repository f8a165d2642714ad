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

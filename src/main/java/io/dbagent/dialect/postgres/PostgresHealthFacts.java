package io.dbagent.dialect.postgres;

import io.dbagent.health.HealthFacts;
import io.dbagent.health.HealthOptions;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Report;

import java.util.Optional;

/** PostgreSQL's answers for the shared health checks. */
final class PostgresHealthFacts implements HealthFacts {

    @Override
    public String monitorPrivilege() {
        return "pg_monitor";
    }

    @Override
    public boolean filtersBySchema() {
        return true;
    }

    @Override
    public String connectionFix(boolean mostlyIdle, long maxConnections) {
        return mostlyIdle
                ? "-- most are idle: put PgBouncer (pool_mode = transaction) in front or lower the application "
                + "pools' maximum size; to free slots now:\n"
                + "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle' "
                + "AND state_change < now() - interval '10 minutes';"
                : "ALTER SYSTEM SET max_connections = " + (maxConnections * 2) + ";  -- needs a restart and memory "
                + "(work_mem per connection); a pooler (PgBouncer) is usually the better fix";
    }

    @Override
    public boolean mayBePgBouncerConsole() {
        return true;
    }

    @Override
    public Optional<Report<Void>> adminConsoleReport(DbUrl url, HealthOptions options) {
        return PgBouncerHealth.checkIfAdminConsole(url, options);
    }
}

package io.dbagent.dialect.sqlite;

import io.dbagent.health.HealthFacts;

/** SQLite's answers for the shared health checks: one file, no server, no connection limit. */
final class SqliteHealthFacts implements HealthFacts {

    @Override
    public String connectionFix(boolean mostlyIdle, long maxConnections) {
        return "";
    }
}

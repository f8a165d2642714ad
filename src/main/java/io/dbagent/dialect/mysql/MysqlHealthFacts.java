package io.dbagent.dialect.mysql;

import io.dbagent.health.HealthFacts;

/** MySQL's and MariaDB's answers for the shared health checks. */
final class MysqlHealthFacts implements HealthFacts {

    @Override
    public String connectionFix(boolean mostlyIdle, long maxConnections) {
        return mostlyIdle
                ? "SET GLOBAL wait_timeout = 300;  -- idle (Sleep) connections are closed after 5 minutes; "
                + "also lower the application pools' maximum size"
                : "SET GLOBAL max_connections = " + (maxConnections * 2) + ";  -- and persist it in the server config";
    }
}

package io.dbagent.health;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Report;

import java.util.Optional;

/**
 * What the health checks that every engine shares need to know about one engine: the privilege to name when a
 * catalog read is refused, whether {@code --schema} filters tables, and the engine's fix for a connection limit
 * nearly reached. Each engine's answer lives with its dialect ({@code Dialect.healthFacts()}).
 */
public interface HealthFacts {

    /** The privilege the catalog and statistics reads need, named when one is refused; default SELECT on the catalog. */
    default String monitorPrivilege() {
        return "SELECT on the catalog";
    }

    /** Whether tables live in schemas that {@code --schema} selects (PostgreSQL); default no. */
    default boolean filtersBySchema() {
        return false;
    }

    /**
     * The fix for connection-utilization: {@code mostlyIdle} when more than half of the connections are idle,
     * {@code maxConnections} the server's current limit.
     */
    String connectionFix(boolean mostlyIdle, long maxConnections);

    /** Whether a URL of this engine naming the database {@code pgbouncer} may reach PgBouncer's admin console; default no. */
    default boolean mayBePgBouncerConsole() {
        return false;
    }

    /**
     * The report for a connection pooler's admin console when {@code url} names one (PgBouncer's), else empty: the
     * caller then checks the database itself.
     */
    default Optional<Report<Void>> adminConsoleReport(DbUrl url, HealthOptions options) {
        return Optional.empty();
    }
}

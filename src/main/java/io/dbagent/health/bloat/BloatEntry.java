package io.dbagent.health.bloat;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Wasted space of one table, index or (SQLite) database file.
 *
 * @param kind                 {@code table}, {@code index} or {@code database}
 * @param schema               schema (PG), database (MySQL) or {@code main} (SQLite)
 * @param table                the table (for an index: the table it belongs to)
 * @param name                 the table, index or file name
 * @param sizeBytes            real size on disk (PG main fork, MySQL data+index+free, SQLite pages)
 * @param wastedBytes          the best figure for reclaimable bytes: exact when measured, else the estimate
 * @param wastedPercent        wastedBytes against sizeBytes
 * @param method               how wastedBytes was obtained: {@code estimate} (PG statistics), {@code pgstattuple},
 *                             {@code pgstatindex}, {@code data_free} (InnoDB), {@code freelist} or {@code dbstat} (SQLite)
 * @param estimatedWastedBytes PG: the statistics-based estimate, also when an exact figure replaced it
 * @param exactWastedBytes     PG: pgstattuple/pgstatindex's figure when it was measured
 * @param fix                  what reclaims the space; {@code null} when there is nothing worth reclaiming
 */
@JsonPropertyOrder({"kind", "schema", "table", "name", "sizeBytes", "wastedBytes", "wastedPercent", "method",
        "estimatedWastedBytes", "exactWastedBytes", "fix"})
public record BloatEntry(String kind, String schema, String table, String name, long sizeBytes, long wastedBytes,
                         double wastedPercent, String method, Long estimatedWastedBytes, Long exactWastedBytes,
                         String fix) {

    public static double percent(long wasted, long size) {
        return size <= 0 ? 0 : Math.round(10_000.0 * wasted / size) / 100.0;
    }

    public BloatEntry withFix(String f) {
        return new BloatEntry(kind, schema, table, name, sizeBytes, wastedBytes, wastedPercent, method,
                estimatedWastedBytes, exactWastedBytes, f);
    }

    /** Replaces the estimate by a measured figure, keeping the estimate for comparison. */
    public BloatEntry withExact(long exact, String exactMethod) {
        long e = Math.max(0, exact);
        return new BloatEntry(kind, schema, table, name, sizeBytes, e, percent(e, sizeBytes), exactMethod,
                estimatedWastedBytes, e, fix);
    }
}

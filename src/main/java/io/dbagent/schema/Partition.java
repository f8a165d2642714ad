package io.dbagent.schema;

/**
 * One partition of a partitioned table.
 *
 * @param schema    the partition's schema
 * @param name      the partition's table name
 * @param bound     its bound as the engine prints it, e.g. {@code FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')}
 *                  or {@code DEFAULT}
 * @param rowEstimate the engine's row estimate for the partition; -1 when unknown
 * @param sizeBytes on-disk size of the partition including its indexes and TOAST; -1 when unknown
 */
public record Partition(String schema, String name, String bound, long rowEstimate, long sizeBytes) {
}

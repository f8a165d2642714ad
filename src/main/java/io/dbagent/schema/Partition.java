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
 * @param subpartitionKey the partition's own key when it is partitioned again ({@code HASH (customer_id)}); null
 *                        otherwise
 * @param subpartitions its sub-partitions in name order; empty when it has none
 */
public record Partition(String schema, String name, String bound, long rowEstimate, long sizeBytes,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String subpartitionKey,
                        @com.fasterxml.jackson.annotation.JsonInclude(
                                com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                        java.util.List<Partition> subpartitions) {

    /** A partition that is not partitioned again. */
    public Partition(String schema, String name, String bound, long rowEstimate, long sizeBytes) {
        this(schema, name, bound, rowEstimate, sizeBytes, null, java.util.List.of());
    }

    public Partition {
        subpartitions = java.util.List.copyOf(subpartitions == null ? java.util.List.of() : subpartitions);
    }
}

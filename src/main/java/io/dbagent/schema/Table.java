package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Optional;

/**
 * A base table.
 *
 * @param schema         owning schema ({@code main} on SQLite, the database on MySQL)
 * @param name           table name
 * @param rowEstimate    the engine's row estimate (PG reltuples, InnoDB table_rows, SQLite sqlite_stat1 or a count);
 *                       -1 when unknown (PG: never analysed)
 * @param sizeBytes      on-disk size including indexes and TOAST; -1 when the engine cannot tell
 * @param columns        columns in ordinal order
 * @param primaryKey     primary key column names in key order; empty when there is none
 * @param primaryKeyName constraint name of the primary key, if the engine names it
 * @param foreignKeys    outgoing foreign keys
 * @param uniques        unique constraints (unique indexes that are not constraints are in {@code indexes})
 * @param checks         check constraints
 * @param indexes        every index, including those backing the primary key and unique constraints
 * @param comment        table comment, if any
 * @param partitionKey   for a partitioned parent, its key as the engine prints it ({@code RANGE (payment_date)});
 *                       null for any other table. A parent's {@code rowEstimate} and {@code sizeBytes} cover its
 *                       partitions.
 * @param partitionOf    for a partition, the qualified name of its parent; null otherwise
 * @param partitions     for a partitioned parent, its partitions in name order; empty otherwise
 */
@JsonPropertyOrder({"schema", "name", "rowEstimate", "sizeBytes", "columns", "primaryKey", "primaryKeyName",
        "foreignKeys", "uniques", "checks", "indexes", "comment", "partitionKey", "partitionOf", "partitions"})
public record Table(String schema, String name, long rowEstimate, long sizeBytes, List<Column> columns,
                    List<String> primaryKey, String primaryKeyName, List<ForeignKey> foreignKeys, List<Unique> uniques,
                    List<Check> checks, List<Index> indexes, String comment,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String partitionKey,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String partitionOf,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Partition> partitions) {

    /** A table that is neither partitioned nor a partition. */
    public Table(String schema, String name, long rowEstimate, long sizeBytes, List<Column> columns,
                 List<String> primaryKey, String primaryKeyName, List<ForeignKey> foreignKeys, List<Unique> uniques,
                 List<Check> checks, List<Index> indexes, String comment) {
        this(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys, uniques, checks,
                indexes, comment, null, null, List.of());
    }

    public Table {
        partitions = List.copyOf(partitions == null ? List.of() : partitions);
        columns = List.copyOf(columns == null ? List.of() : columns);
        primaryKey = List.copyOf(primaryKey == null ? List.of() : primaryKey);
        foreignKeys = List.copyOf(foreignKeys == null ? List.of() : foreignKeys);
        uniques = List.copyOf(uniques == null ? List.of() : uniques);
        checks = List.copyOf(checks == null ? List.of() : checks);
        indexes = List.copyOf(indexes == null ? List.of() : indexes);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equalsIgnoreCase(indexName)).findFirst();
    }

    /** True for a partitioned parent (its rows live in its partitions). */
    @JsonIgnore
    public boolean partitioned() {
        return partitionKey != null;
    }

    /** True for a partition of a partitioned table: it is reported through its parent. */
    @JsonIgnore
    public boolean isPartition() {
        return partitionOf != null;
    }

    /** {@code schema.name}, or just the name where the schema is the engine's default. */
    @JsonIgnore
    public String qualifiedName() {
        return schema == null || schema.isEmpty() || "main".equals(schema) || "public".equals(schema)
                ? name : schema + "." + name;
    }
}

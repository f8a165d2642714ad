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
 * @param charset        MySQL/MariaDB default character set of the table; null elsewhere
 * @param collation      MySQL/MariaDB default collation of the table; null elsewhere
 * @param inherits       PostgreSQL parents this table inherits from (classic inheritance, not partitioning), qualified
 *                       as {@link #qualifiedName()} writes them; empty otherwise
 * @param rowSecurity    PostgreSQL row-level security: {@code enabled}, {@code forced} or null when off
 * @param policies       PostgreSQL row-level security policies, by name
 * @param exclusions     PostgreSQL exclusion constraints, by name
 * @param options        table options that change its storage, as DDL writes them after the column list
 *                       ({@code WITHOUT ROWID}, {@code STRICT} on SQLite; {@code ENGINE=MyISAM} for a non-InnoDB
 *                       MySQL table); null for the engine's default
 */
@JsonPropertyOrder({"schema", "name", "rowEstimate", "sizeBytes", "columns", "primaryKey", "primaryKeyName",
        "foreignKeys", "uniques", "checks", "indexes", "comment", "partitionKey", "partitionOf", "partitions",
        "charset", "collation", "inherits", "rowSecurity", "policies", "exclusions", "options"})
public record Table(String schema, String name, long rowEstimate, long sizeBytes, List<Column> columns,
                    List<String> primaryKey, String primaryKeyName, List<ForeignKey> foreignKeys, List<Unique> uniques,
                    List<Check> checks, List<Index> indexes, String comment,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String partitionKey,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String partitionOf,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Partition> partitions,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String charset,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String collation,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> inherits,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String rowSecurity,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Policy> policies,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Exclusion> exclusions,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String options) {

    /** A table with partitioning facts and none of the engine-specific extras (charset, inheritance, policies). */
    public Table(String schema, String name, long rowEstimate, long sizeBytes, List<Column> columns,
                 List<String> primaryKey, String primaryKeyName, List<ForeignKey> foreignKeys, List<Unique> uniques,
                 List<Check> checks, List<Index> indexes, String comment, String partitionKey, String partitionOf,
                 List<Partition> partitions) {
        this(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys, uniques, checks,
                indexes, comment, partitionKey, partitionOf, partitions, null, null, List.of(), null, List.of(),
                List.of(), null);
    }

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
        inherits = List.copyOf(inherits == null ? List.of() : inherits);
        policies = List.copyOf(policies == null ? List.of() : policies);
        exclusions = List.copyOf(exclusions == null ? List.of() : exclusions);
    }

    /** A copy with these columns (everything else kept). */
    public Table withColumns(List<Column> newColumns) {
        return new Table(schema, name, rowEstimate, sizeBytes, newColumns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                rowSecurity, policies, exclusions, options);
    }

    /** A copy with these foreign keys (everything else kept). */
    public Table withForeignKeys(List<ForeignKey> newForeignKeys) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, newForeignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                rowSecurity, policies, exclusions, options);
    }

    /** A copy with this comment. */
    public Table withComment(String newComment) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, newComment, partitionKey, partitionOf, partitions, charset, collation,
                inherits, rowSecurity, policies, exclusions, options);
    }

    /** A copy with this partitioning. */
    public Table withPartitioning(String newPartitionKey, String newPartitionOf, List<Partition> newPartitions) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, newPartitionKey, newPartitionOf, newPartitions, charset, collation,
                inherits, rowSecurity, policies, exclusions, options);
    }

    /** A copy with this default character set and collation (MySQL/MariaDB). */
    public Table withCharset(String newCharset, String newCollation) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, newCharset, newCollation,
                inherits, rowSecurity, policies, exclusions, options);
    }

    /** A copy with these inheritance parents (PostgreSQL). */
    public Table withInherits(List<String> newInherits) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation,
                newInherits, rowSecurity, policies, exclusions, options);
    }

    /** A copy with this row-level security state and these policies (PostgreSQL). */
    public Table withRowSecurity(String newRowSecurity, List<Policy> newPolicies) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                newRowSecurity, newPolicies, exclusions, options);
    }

    /** A copy with these exclusion constraints (PostgreSQL). */
    public Table withExclusions(List<Exclusion> newExclusions) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                rowSecurity, policies, newExclusions, options);
    }

    /** A copy under another name (same schema). */
    public Table withName(String newName) {
        return new Table(schema, newName, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                rowSecurity, policies, exclusions, options);
    }

    /** A copy with this primary key, these unique constraints, checks and indexes. */
    public Table withKeys(List<String> newPrimaryKey, List<Unique> newUniques, List<Check> newChecks,
                          List<Index> newIndexes) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, newPrimaryKey, primaryKeyName, foreignKeys,
                newUniques, newChecks, newIndexes, comment, partitionKey, partitionOf, partitions, charset, collation,
                inherits, rowSecurity, policies, exclusions, options);
    }

    /** A copy with these storage options ({@code WITHOUT ROWID}, {@code STRICT}, {@code ENGINE=…}). */
    public Table withOptions(String newOptions) {
        return new Table(schema, name, rowEstimate, sizeBytes, columns, primaryKey, primaryKeyName, foreignKeys,
                uniques, checks, indexes, comment, partitionKey, partitionOf, partitions, charset, collation, inherits,
                rowSecurity, policies, exclusions, newOptions);
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

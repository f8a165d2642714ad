package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * An index.
 *
 * @param name      index name
 * @param columns   key parts in order: a column name, or the expression text for expression parts; a descending
 *                  part ends in {@code " DESC"}, a MySQL prefix part is written {@code col(10)}
 * @param unique    whether it enforces uniqueness
 * @param primary   whether it backs the primary key
 * @param method    {@code btree}, {@code hash}, {@code gin}, {@code gist}, {@code brin}, {@code spgist},
 *                  {@code fulltext}, {@code spatial}
 * @param where     predicate of a partial index, {@code null} otherwise
 * @param include   non-key INCLUDE columns (PG 11+)
 * @param sizeBytes on-disk size, -1 when unknown
 */
@JsonPropertyOrder({"name", "columns", "unique", "primary", "method", "where", "include", "sizeBytes"})
public record Index(String name, List<String> columns, boolean unique, boolean primary, String method, String where,
                    List<String> include, long sizeBytes) {

    public Index {
        columns = List.copyOf(columns);
        include = List.copyOf(include == null ? List.of() : include);
    }
}

package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A foreign key. Actions are upper case SQL: {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE},
 * {@code SET NULL}, {@code SET DEFAULT}.
 *
 * @param deferrable {@code DEFERRABLE INITIALLY DEFERRED} or {@code DEFERRABLE INITIALLY IMMEDIATE} (PostgreSQL,
 *                   SQLite); {@code null} for a constraint that is not deferrable
 */
@JsonPropertyOrder({"name", "columns", "refSchema", "refTable", "refColumns", "onDelete", "onUpdate", "deferrable"})
public record ForeignKey(String name, List<String> columns, String refSchema, String refTable, List<String> refColumns,
                         String onDelete, String onUpdate,
                         @com.fasterxml.jackson.annotation.JsonInclude(
                                 com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String deferrable) {

    /** A foreign key that is not deferrable. */
    public ForeignKey(String name, List<String> columns, String refSchema, String refTable, List<String> refColumns,
                      String onDelete, String onUpdate) {
        this(name, columns, refSchema, refTable, refColumns, onDelete, onUpdate, null);
    }

    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns == null ? List.of() : refColumns);
    }
}

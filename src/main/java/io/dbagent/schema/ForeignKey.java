package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A foreign key. Actions are upper case SQL: {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE},
 * {@code SET NULL}, {@code SET DEFAULT}.
 */
@JsonPropertyOrder({"name", "columns", "refSchema", "refTable", "refColumns", "onDelete", "onUpdate"})
public record ForeignKey(String name, List<String> columns, String refSchema, String refTable, List<String> refColumns,
                         String onDelete, String onUpdate) {

    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns == null ? List.of() : refColumns);
    }
}

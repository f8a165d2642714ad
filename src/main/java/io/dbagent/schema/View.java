package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** A view or materialized view; {@code definition} is the SELECT as the engine stores it. */
@JsonPropertyOrder({"schema", "name", "materialized", "columns", "definition"})
public record View(String schema, String name, boolean materialized, List<String> columns, String definition) {

    public View {
        columns = List.copyOf(columns == null ? List.of() : columns);
    }
}

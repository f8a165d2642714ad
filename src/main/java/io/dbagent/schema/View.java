package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A view or materialized view; {@code definition} is the SELECT as the engine stores it.
 *
 * @param indexes the indexes of a PostgreSQL materialized view, by name; empty for a plain view
 */
@JsonPropertyOrder({"schema", "name", "materialized", "columns", "definition", "indexes"})
public record View(String schema, String name, boolean materialized, List<String> columns, String definition,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Index> indexes) {

    public View {
        columns = List.copyOf(columns == null ? List.of() : columns);
        indexes = List.copyOf(indexes == null ? List.of() : indexes);
    }

    /** A view without indexes. */
    public View(String schema, String name, boolean materialized, List<String> columns, String definition) {
        this(schema, name, materialized, columns, definition, List.of());
    }

    /** A copy with these indexes (a materialized view's). */
    public View withIndexes(List<Index> newIndexes) {
        return new View(schema, name, materialized, columns, definition, newIndexes);
    }

    /** A copy with this schema and definition text (everything else kept). */
    public View withDefinition(String newSchema, String newDefinition) {
        return new View(newSchema, name, materialized, columns, newDefinition, indexes);
    }
}

package io.dbagent.schema;

import java.util.List;

/** A UNIQUE constraint (SQLite: a table-level or column-level UNIQUE clause). */
public record Unique(String name, List<String> columns) {

    public Unique {
        columns = List.copyOf(columns);
    }
}

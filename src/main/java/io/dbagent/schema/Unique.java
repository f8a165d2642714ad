package io.dbagent.schema;

import java.util.List;

/**
 * A UNIQUE constraint (SQLite: a table-level or column-level UNIQUE clause).
 *
 * @param deferrable {@code DEFERRABLE INITIALLY DEFERRED} or {@code DEFERRABLE INITIALLY IMMEDIATE} (PostgreSQL);
 *                   {@code null} for a constraint that is not deferrable
 */
public record Unique(String name, List<String> columns,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String deferrable) {

    /** A unique constraint that is not deferrable. */
    public Unique(String name, List<String> columns) {
        this(name, columns, null);
    }

    public Unique {
        columns = List.copyOf(columns);
    }
}

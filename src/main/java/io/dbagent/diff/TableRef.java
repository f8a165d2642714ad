package io.dbagent.diff;

import io.dbagent.schema.Table;

/** Names a table in a change: its schema ({@code public}, the MySQL database, {@code main}) and its name. */
public record TableRef(String schema, String name) {

    public static TableRef of(Table t) {
        return new TableRef(t.schema(), t.name());
    }

    /** {@code schema.name}, or just the name in the engine's default schema. */
    public String display() {
        return schema == null || schema.isEmpty() || "public".equals(schema) || "main".equals(schema)
                ? name : schema + "." + name;
    }
}

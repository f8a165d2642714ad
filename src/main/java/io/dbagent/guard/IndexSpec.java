package io.dbagent.guard;

import java.util.List;
import java.util.Locale;

/**
 * A hypothetical index as the guard read it from untrusted text ({@code CREATE INDEX … ON t (a, b)} or
 * {@code t(a, b)}): only names and a few keywords, never the text itself. Whoever builds the index writes its own DDL
 * from these parts, after resolving the names against the inspected schema.
 *
 * @param schema  the schema the table was qualified with, or null
 * @param table   the table
 * @param keys    the key columns, in order
 * @param include the INCLUDE columns (PostgreSQL covering index), possibly empty
 * @param unique  CREATE UNIQUE INDEX
 * @param method  the access method after USING, lower case, or null (the default, btree)
 */
public record IndexSpec(Name schema, Name table, List<Key> keys, List<Name> include, boolean unique, String method) {

    public IndexSpec {
        keys = List.copyOf(keys);
        include = List.copyOf(include);
    }

    /** A name as written: {@code quoted} names keep their case, plain ones fold the engine's way. */
    public record Name(String text, boolean quoted) {

        /** The name as PostgreSQL stores it: plain names folded to lower case. */
        public String folded() {
            return quoted ? text : text.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return quoted ? "\"" + text + "\"" : text;
        }
    }

    /**
     * One key column.
     *
     * @param nulls {@code first}, {@code last} or null
     */
    public record Key(Name column, boolean descending, String nulls) {
    }
}

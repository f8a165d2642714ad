package io.dbagent.migrate;

import io.dbagent.schema.Column;

import java.util.Optional;

/**
 * What the lint rules know about the live tables a migration touches: their size and their columns' types. The live
 * database answers through {@link TableSizes}; a test gives its own numbers.
 */
public interface TableFacts {

    /**
     * Rows of {@code table}: {@link TableSizes#ABSENT} when it is not in the database, {@link TableSizes#UNKNOWN}
     * when there is no database to ask.
     */
    long rows(String table);

    /** The live column, when the database has it. */
    Optional<Column> column(String table, String column);
}

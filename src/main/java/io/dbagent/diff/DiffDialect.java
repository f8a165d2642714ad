package io.dbagent.diff;

import io.dbagent.schema.Index;
import io.dbagent.schema.Table;

/**
 * What the schema diff needs to know about the engine besides the DDL it writes ({@link ChangeWriter}): whether
 * tables change in place, how names and stored texts compare. The dialect hands out the instance
 * ({@code Dialect.diff()}).
 */
public interface DiffDialect {

    /**
     * Whether columns, keys and checks change by ALTER TABLE; false where anything beyond indexes and appended plain
     * columns rebuilds the table (SQLite), which also carries the foreign keys.
     */
    boolean altersTablesInPlace();

    /**
     * Whether a foreign key may name a table that a later statement creates (SQLite), so tables in a reference cycle
     * need no foreign key added afterwards.
     */
    boolean forwardForeignKeys();

    /** Whether the schema is the database itself (MySQL): objects compare without it, stored texts lose it. */
    boolean schemaIsDatabase();

    /** A stored expression (check, index predicate, view) in the form the engine reads back after its own DDL. */
    String canonicalExpression(String expression);

    /** Whether {@code i} exists only because of a unique constraint of {@code t} (not the primary key). */
    boolean backsUnique(Table t, Index i);

    /**
     * Whether a round trip keeps the declared column order; PostgreSQL appends every added column, so its columns
     * compare by name.
     */
    boolean keepsColumnOrder();
}

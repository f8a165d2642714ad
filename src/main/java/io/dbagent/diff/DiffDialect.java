package io.dbagent.diff;

import io.dbagent.schema.Index;
import io.dbagent.schema.Table;

/**
 * What the schema diff needs to know about the engine besides the DDL it writes ({@link ChangeWriter}): whether
 * tables change in place, how names and stored texts compare. The dialect hands out the instance
 * ({@code Dialect.diff()}); each engine overrides only where it differs from the defaults (tables altered in place,
 * foreign keys only to existing tables, schemas apart from databases, expressions and column order kept as written,
 * unique constraints backed by an index of the same name).
 */
public interface DiffDialect {

    /**
     * Whether columns, keys and checks change by ALTER TABLE; false where anything beyond indexes and appended plain
     * columns rebuilds the table (SQLite), which also carries the foreign keys.
     */
    default boolean altersTablesInPlace() {
        return true;
    }

    /**
     * Whether a foreign key may name a table that a later statement creates (SQLite), so tables in a reference cycle
     * need no foreign key added afterwards.
     */
    default boolean forwardForeignKeys() {
        return false;
    }

    /** Whether the schema is the database itself (MySQL): objects compare without it, stored texts lose it. */
    default boolean schemaIsDatabase() {
        return false;
    }

    /** A stored expression (check, index predicate, view) in the form the engine reads back after its own DDL. */
    default String canonicalExpression(String expression) {
        return expression;
    }

    /** Whether {@code i} exists only because of a unique constraint of {@code t} (not the primary key). */
    default boolean backsUnique(Table t, Index i) {
        return t.uniques().stream().anyMatch(u -> u.name() != null && u.name().equals(i.name()));
    }

    /**
     * Whether a round trip keeps the declared column order; PostgreSQL appends every added column, so its columns
     * compare by name.
     */
    default boolean keepsColumnOrder() {
        return true;
    }
}

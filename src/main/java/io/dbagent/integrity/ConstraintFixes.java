package io.dbagent.integrity;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;

/**
 * The DDL that adds an inferred constraint without surprises, per dialect: on PostgreSQL the long validation
 * runs under a weak lock ({@code NOT VALID} then {@code VALIDATE}; unique through {@code CREATE UNIQUE INDEX
 * CONCURRENTLY}), on MySQL/MariaDB an online ALTER where InnoDB has one, on SQLite what it can do in place (unique
 * indexes) or the rebuild it needs.
 */
public interface ConstraintFixes {

    static ConstraintFixes of(DialectKind d) {
        return io.dbagent.dialect.Dialects.of(d).constraintFixes();
    }

    String notNull(Table t, Column c);

    String unique(Table t, Column c, String name);

    String foreignKey(Table t, Column c, Table parent, String parentColumn, String name);

    /** {@code expression} is the boolean check, identifiers already quoted. */
    String check(Table t, String name, String expression);

    /** Whether a foreign key requires its column to have the referenced column's type (InnoDB). */
    default boolean foreignKeyNeedsSameType() {
        return false;
    }

    /** What lists a row of a table without a primary key ({@code rowid} on SQLite), or null when nothing does. */
    default String rowKey() {
        return null;
    }

    /** Whether {@link #notNull}, {@link #foreignKey} and {@link #check} produce executable SQL. */
    default boolean altersInPlace() {
        return true;
    }
}

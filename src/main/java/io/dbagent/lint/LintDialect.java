package io.dbagent.lint;

import io.dbagent.schema.Table;

import java.util.List;

/**
 * The engine's part of the schema linter: how it adds a missing primary key, which column types it flags, and the
 * exact type it suggests for money. The dialect hands out the instance ({@code Dialect.lint()}).
 */
public interface LintDialect {

    /**
     * The fix for a table without a primary key: promote {@code candidateKey} (a unique key over NOT NULL columns;
     * null when there is none) or add a surrogate key.
     */
    String addPrimaryKey(Table t, List<String> candidateKey);

    /** Whether a foreign key may point from or to a partitioned table (not on MySQL/MariaDB InnoDB). */
    default boolean foreignKeysOnPartitionedTables() {
        return true;
    }

    /** Whether the engine has a timestamp type that keeps no time zone next to one that does (PostgreSQL). */
    boolean zonedTimestamps();

    /** The exact decimal type that replaces a floating-point money column. */
    String moneyType();
}

package io.dbagent.advisor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The engine's part of the index and pattern advisors: which index shapes it has, how big an index entry is, what
 * a what-if build needs around it, and the engine's wording of a few fixes. The dialect hands out the instance
 * ({@code Dialect.advisor()}).
 */
public interface AdvisorDialect {

    /** Whether an index may carry a predicate ({@code CREATE INDEX … WHERE}): PostgreSQL and SQLite. */
    boolean partialIndexes();

    /** Whether an index may carry non-key {@code INCLUDE} columns: PostgreSQL; default no. */
    default boolean includeColumns() {
        return false;
    }

    /**
     * Whether {@code function} (a function name such as {@code lower}, a cast {@code ::date}, a JSON operator
     * {@code ->>}) around a column of {@code columnType} may be an index key the planner matches for the same
     * expression in a query: the engine indexes expressions and the expression is immutable there. Default no.
     */
    default boolean indexableExpression(String function, String columnType) {
        return false;
    }

    /**
     * Why an expression predicate ({@code expression} on {@code table}) gets no index candidate on this engine, with
     * the fix a user can apply instead, or null when the engine has expression indexes.
     */
    default String noExpressionIndexNote(String table, String expression) {
        return null;
    }

    /** Whether every secondary index entry already holds the primary key or rowid (InnoDB, SQLite). */
    boolean keyInEveryIndex();

    /** Bytes per index entry besides the key columns (header and row pointer or primary key). */
    double indexEntryOverhead();

    /** How full index pages are on average, from 0 to 1; default 0.7, what random inserts leave in a B-tree. */
    default double indexFillFactor() {
        return 0.7;
    }

    /** A query for the average stored width of {@code column} (quoted) over a sample of {@code table} (quoted). */
    String averageWidthSql(String column, String table);

    /** Whether what-if costs are timings (noisy) rather than planner costs: SQLite has no cost estimate. */
    boolean timedCosts();

    /** Where the engine counts index use, in parentheses, for the unused-index hint. */
    String indexUsageHint();

    /** Refreshes the statistics of {@code table} (quoted) after new indexes exist. */
    String analyzeTable(String table);

    /** The predicate that takes all keys of a batched lookup at once; default {@code col IN (?, ?, ...)}. */
    default String batchedLookup(String column) {
        return column + " IN (?, ?, ...)";
    }

    /** What to add about binding the keys of {@link #batchedLookup}, with a leading space; default empty. */
    default String batchedLookupNote() {
        return "";
    }

    /** Whether the engine has materialized views (else a summary table stands in); default no. */
    default boolean materializedViews() {
        return false;
    }

    /**
     * Runs inside the what-if build transaction before the index builds (lock and statement limits); by default
     * nothing.
     */
    default void beforeIndexBuilds(Statement st) throws SQLException {
    }

    /**
     * Runs after the builds, before the statements are costed with {@code timeoutMs} as their limit; by default
     * nothing.
     */
    default void afterIndexBuilds(Statement st, long timeoutMs) throws SQLException {
    }

    /** Bytes of an index just built (uncommitted) under {@code name}, or 0 when the engine cannot tell. */
    long builtIndexSize(Connection c, String schema, String name) throws SQLException;
}

package io.dbagent.dialect.sqlite;

/** SQLite statements of the query optimiser, by purpose. */
public final class SqliteOptimizerSql {

    /** Rows: id, parent, notused, detail. */
    public static final String EXPLAIN_QUERY_PLAN = "EXPLAIN QUERY PLAN ";
    public static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
    public static final String ROLLBACK = "ROLLBACK";
    /** Average stored width of a column, on a sample (sizes candidate indexes). */
    public static final String AVG_WIDTH_TEMPLATE = "SELECT AVG(LENGTH(%s)) FROM (SELECT %s FROM %s LIMIT 10000)";
    /** Bytes an index occupies (needs the dbstat virtual table, which sqlite-jdbc builds in). */
    public static final String INDEX_SIZE_TEMPLATE = "SELECT sum(pgsize) FROM dbstat WHERE name = '%s'";
    public static final String PAGE_SIZE = "PRAGMA page_size";

    /** Refreshes a table's statistics after new indexes exist. */
    public static final String ANALYZE_TABLE_TEMPLATE = "ANALYZE %s";

    private SqliteOptimizerSql() {
    }
}

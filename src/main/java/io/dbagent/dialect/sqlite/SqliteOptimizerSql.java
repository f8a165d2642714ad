package io.dbagent.dialect.sqlite;

/** SQLite statements of the query optimiser, by purpose. */
public final class SqliteOptimizerSql {

    /** Rows: id, parent, notused, detail. */
    public static final String EXPLAIN_QUERY_PLAN = "EXPLAIN QUERY PLAN ";
    public static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";
    public static final String ROLLBACK = "ROLLBACK";
    /** Average stored width of a column, on a sample (sizes candidate indexes). */
    public static final String AVG_WIDTH_TEMPLATE = "SELECT AVG(LENGTH(%s)) FROM (SELECT %s FROM %s LIMIT 10000)";
    public static final String INDEX_PAGES_TEMPLATE = "SELECT count(*) FROM dbstat WHERE name = '%s'";
    public static final String PAGE_SIZE = "PRAGMA page_size";

    private SqliteOptimizerSql() {
    }
}

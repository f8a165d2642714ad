package io.dbagent.dialect.mysql;

/** MySQL/MariaDB statements of the query optimiser (explain, what-if costing, workload statistics), by purpose. */
public final class MysqlOptimizerSql {

    public static final String EXPLAIN_JSON = "EXPLAIN FORMAT=JSON ";
    /** MariaDB: runs the statement and reports the plan with r_* actuals. */
    public static final String MARIADB_ANALYZE_JSON = "ANALYZE FORMAT=JSON ";
    /** MySQL 8.0.18+: runs the statement and prints the iterator tree with actual times. */
    public static final String MYSQL_EXPLAIN_ANALYZE = "EXPLAIN ANALYZE ";
    public static final String LAST_QUERY_COST = "SHOW SESSION STATUS LIKE 'Last_query_cost'";
    /** Counters that grow when a sort or temporary table went to disk. */
    public static final String SPILL_COUNTERS = """
            SHOW SESSION STATUS WHERE Variable_name IN ('Sort_merge_passes', 'Created_tmp_disk_tables')
            """;
    public static final String TABLE_ENGINES = """
            SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
            """;

    /** Average stored width of a column, on a sample (sizes candidate indexes). */
    public static final String AVG_WIDTH_TEMPLATE = "SELECT AVG(LENGTH(%s)) FROM (SELECT %s FROM %s LIMIT 10000) s";

    /** Scratch copies for what-if costing live in session-scoped TEMPORARY tables that shadow the base table. */
    public static final String SCRATCH_CREATE_TEMPLATE = "CREATE TEMPORARY TABLE %s LIKE %s";
    public static final String SCRATCH_FILL_ALL_TEMPLATE = "INSERT INTO %s SELECT * FROM %s";
    public static final String SCRATCH_FILL_SAMPLE_TEMPLATE = "INSERT INTO %s SELECT * FROM %s WHERE RAND() < %s";
    public static final String SCRATCH_RENAME_TEMPLATE = "ALTER TABLE %s RENAME TO %s";
    public static final String SCRATCH_ANALYZE_TEMPLATE = "ANALYZE TABLE %s";
    public static final String SCRATCH_DROP_TEMPLATE = "DROP TEMPORARY TABLE IF EXISTS %s";

    public static final String PERFORMANCE_SCHEMA_ON = "SELECT @@performance_schema";
    /** Statement digests of the current database, most total time first. */
    public static final String DIGESTS = """
            SELECT DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT / 1000000000 AS total_ms, SUM_ROWS_SENT
            FROM performance_schema.events_statements_summary_by_digest
            WHERE SCHEMA_NAME = DATABASE() AND DIGEST_TEXT IS NOT NULL
            ORDER BY SUM_TIMER_WAIT DESC
            LIMIT ?
            """;

    /** Row counts and last change of each table (UPDATE_TIME is NULL for InnoDB before 10.x/8.0 on some setups). */
    public static final String TABLE_ACTIVITY = """
            SELECT TABLE_NAME, TABLE_ROWS, UPDATE_TIME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
            """;

    /** Refreshes a table's statistics after new indexes exist. */
    public static final String ANALYZE_TABLE_TEMPLATE = "ANALYZE TABLE %s";

    /** Bounds of a column, to lay out range partitions. */
    public static final String COLUMN_RANGE_TEMPLATE = "SELECT DATE(MIN(%1$s)), DATE(MAX(%1$s)) FROM %2$s";

    private MysqlOptimizerSql() {
    }
}

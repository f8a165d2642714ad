package io.dbagent.dialect.mysql;

/**
 * The statistics queries behind {@code dbagent health} and {@code dbagent bloat} on MySQL and MariaDB:
 * information_schema, global status and variables, and performance_schema where the server has it on.
 * Table-level queries are scoped to the connection's database ({@code DATABASE()}).
 */
public final class MysqlHealthSql {

    private MysqlHealthSql() {
    }

    /** Status counters the checks use (server-wide since startup). */
    public static final String GLOBAL_STATUS = """
            SHOW GLOBAL STATUS WHERE Variable_name IN ('Threads_connected', 'Threads_running', 'Max_used_connections',
              'Com_commit', 'Com_rollback', 'Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests',
              'Select_scan', 'Select_full_join', 'Handler_read_rnd_next', 'Handler_read_key', 'Uptime',
              'Aborted_connects', 'Slow_queries', 'Innodb_history_list_length')
            """;

    public static final String VARIABLES = """
            SHOW GLOBAL VARIABLES WHERE Variable_name IN ('max_connections', 'performance_schema',
              'innodb_file_per_table', 'innodb_stats_auto_recalc', 'innodb_buffer_pool_size', 'long_query_time',
              'slow_query_log', 'userstat', 'idle_transaction_timeout', 'innodb_page_size')
            """;

    /** Connections per command (Sleep, Query, …) over the server. */
    public static final String PROCESSLIST_STATES = """
            SELECT COMMAND, count(*) AS n FROM information_schema.PROCESSLIST GROUP BY COMMAND
            """;

    /** Base tables of the current database with their sizes, free space and auto-increment counter. */
    public static final String TABLES = """
            SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE, coalesce(TABLE_ROWS, 0) AS TABLE_ROWS,
                   coalesce(DATA_LENGTH, 0) AS DATA_LENGTH, coalesce(INDEX_LENGTH, 0) AS INDEX_LENGTH,
                   coalesce(DATA_FREE, 0) AS DATA_FREE, AUTO_INCREMENT
              FROM information_schema.TABLES
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
            """;

    /**
     * The auto-increment column of each table with its integer type, to know the ceiling it can reach, and what its
     * widening fix restates (NULL-ability, comment).
     */
    public static final String AUTO_INCREMENT_COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT
              FROM information_schema.COLUMNS
             WHERE TABLE_SCHEMA = DATABASE() AND EXTRA LIKE '%auto_increment%'
            """;

    /**
     * Open InnoDB transactions of sessions whose current database is ours, with what the session is doing now
     * ({@code Sleep} inside a transaction is MySQL's idle-in-transaction). Needs the PROCESS privilege.
     */
    public static final String TRANSACTIONS = """
            SELECT t.trx_id, t.trx_mysql_thread_id AS thread_id, t.trx_state,
                   TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS trx_seconds,
                   p.COMMAND AS command, p.TIME AS command_seconds, p.USER AS user_name, p.HOST AS host,
                   LEFT(coalesce(t.trx_query, p.INFO), 300) AS query
              FROM information_schema.INNODB_TRX t
              JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
             WHERE p.DB = DATABASE() AND t.trx_mysql_thread_id <> CONNECTION_ID()
            """;

    /** MariaDB (and MySQL 5.7): who waits for whom, from information_schema. */
    public static final String LOCK_WAITS_MARIADB = """
            SELECT r.trx_mysql_thread_id AS waiting_thread, b.trx_mysql_thread_id AS blocking_thread,
                   TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_seconds,
                   LEFT(r.trx_query, 300) AS waiting_query, LEFT(b.trx_query, 300) AS blocking_query,
                   bp.COMMAND AS blocking_command
              FROM information_schema.INNODB_LOCK_WAITS w
              JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
              JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
              JOIN information_schema.PROCESSLIST rp ON rp.ID = r.trx_mysql_thread_id
              LEFT JOIN information_schema.PROCESSLIST bp ON bp.ID = b.trx_mysql_thread_id
             WHERE rp.DB = DATABASE()
            """;

    /** MySQL 8, where the lock views moved to performance_schema. */
    public static final String LOCK_WAITS_MYSQL8 = """
            SELECT r.trx_mysql_thread_id AS waiting_thread, b.trx_mysql_thread_id AS blocking_thread,
                   TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW()) AS wait_seconds,
                   LEFT(r.trx_query, 300) AS waiting_query, LEFT(b.trx_query, 300) AS blocking_query,
                   bp.COMMAND AS blocking_command
              FROM performance_schema.data_lock_waits w
              JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID
              JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
              JOIN information_schema.PROCESSLIST rp ON rp.ID = r.trx_mysql_thread_id
              LEFT JOIN information_schema.PROCESSLIST bp ON bp.ID = b.trx_mysql_thread_id
             WHERE rp.DB = DATABASE()
            """;

    /** Statement digests of the current database, slowest mean first (timer columns are picoseconds). */
    public static final String DIGESTS = """
            SELECT DIGEST, LEFT(DIGEST_TEXT, 500) AS DIGEST_TEXT, COUNT_STAR, AVG_TIMER_WAIT / 1e9 AS mean_ms,
                   MAX_TIMER_WAIT / 1e9 AS max_ms, SUM_TIMER_WAIT / 1e9 AS total_ms, SUM_ROWS_EXAMINED,
                   SUM_NO_INDEX_USED
              FROM performance_schema.events_statements_summary_by_digest
             WHERE SCHEMA_NAME = DATABASE() AND COUNT_STAR >= ? AND DIGEST_TEXT IS NOT NULL
             ORDER BY AVG_TIMER_WAIT DESC
             LIMIT 50
            """;

    /** MySQL 8 adds a 95th percentile per digest. */
    public static final String DIGESTS_MYSQL8 = """
            SELECT DIGEST, LEFT(DIGEST_TEXT, 500) AS DIGEST_TEXT, COUNT_STAR, AVG_TIMER_WAIT / 1e9 AS mean_ms,
                   MAX_TIMER_WAIT / 1e9 AS max_ms, SUM_TIMER_WAIT / 1e9 AS total_ms, SUM_ROWS_EXAMINED,
                   SUM_NO_INDEX_USED, QUANTILE_95 / 1e9 AS p95_ms
              FROM performance_schema.events_statements_summary_by_digest
             WHERE SCHEMA_NAME = DATABASE() AND COUNT_STAR >= ? AND DIGEST_TEXT IS NOT NULL
             ORDER BY QUANTILE_95 DESC
             LIMIT 50
            """;

    /**
     * Reads per table and index since startup (or truncate): rows with INDEX_NAME NULL are full scans, COUNT_STAR
     * of an index row is how often it was used.
     */
    public static final String INDEX_USAGE = """
            SELECT OBJECT_NAME AS table_name, INDEX_NAME AS index_name, COUNT_STAR, COUNT_READ, COUNT_FETCH,
                   COUNT_WRITE
              FROM performance_schema.table_io_waits_summary_by_index_usage
             WHERE OBJECT_SCHEMA = DATABASE() AND OBJECT_TYPE = 'TABLE'
            """;

    /** Index columns in order, with uniqueness: unique indexes are never "unused". */
    public static final String INDEX_COLUMNS = """
            SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, NON_UNIQUE
              FROM information_schema.STATISTICS
             WHERE TABLE_SCHEMA = DATABASE()
             ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """;

    /** Foreign key columns in order: InnoDB needs an index starting with them, so that index is never "unused". */
    public static final String FOREIGN_KEY_COLUMNS = """
            SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME
              FROM information_schema.KEY_COLUMN_USAGE
             WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
             ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
            """;

    /** Index sizes (InnoDB persistent statistics: pages of each index). */
    public static final String INDEX_SIZES = """
            SELECT table_name, index_name, stat_value * @@innodb_page_size AS size_bytes
              FROM mysql.innodb_index_stats
             WHERE database_name = DATABASE() AND stat_name = 'size'
            """;
}

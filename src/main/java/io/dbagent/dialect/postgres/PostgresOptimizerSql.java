package io.dbagent.dialect.postgres;

/** PostgreSQL statements of the query optimiser (explain, what-if costing, workload statistics), by purpose. */
public final class PostgresOptimizerSql {

    public static final String EXPLAIN_ANALYZE_JSON = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ";
    public static final String EXPLAIN_JSON = "EXPLAIN (FORMAT JSON) ";
    /** PG 16+: plans a statement with $n parameters without values. */
    public static final String EXPLAIN_GENERIC_PLAN_JSON = "EXPLAIN (GENERIC_PLAN, FORMAT JSON) ";
    public static final String PREPARED_NAME = "dbagent_explain";
    public static final String FORCE_GENERIC_PLAN = "SET plan_cache_mode = force_generic_plan";
    public static final String RESET_PLAN_CACHE_MODE = "RESET plan_cache_mode";
    public static final String DEALLOCATE = "DEALLOCATE " + PREPARED_NAME;
    public static final String LOCK_TIMEOUT_LOCAL = "SET LOCAL lock_timeout = '5s'";

    public static final String HYPOPG_INSTALLED = "SELECT 1 FROM pg_extension WHERE extname = 'hypopg'";
    public static final String HYPOPG_AVAILABLE = "SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg'";
    public static final String HYPOPG_CREATE_EXTENSION = "CREATE EXTENSION IF NOT EXISTS hypopg";
    public static final String HYPOPG_CREATE_INDEX = "SELECT indexrelid, indexname FROM hypopg_create_index(?)";
    public static final String HYPOPG_INDEX_SIZE = "SELECT hypopg_relation_size(?::oid)";
    public static final String HYPOPG_DROP_INDEX = "SELECT hypopg_drop_index(?::oid)";
    public static final String HYPOPG_RESET = "SELECT hypopg_reset()";

    /** {@code --what-if scratch}: a session copy of a table with its indexes; pg_temp shadows the real name. */
    public static final String SCRATCH_CREATE_TEMPLATE = "CREATE TEMPORARY TABLE %s (LIKE %s INCLUDING DEFAULTS "
            + "INCLUDING CONSTRAINTS INCLUDING INDEXES)";
    public static final String SCRATCH_FILL_ALL_TEMPLATE = "INSERT INTO %s SELECT * FROM %s";
    /** A repeatable sample, so two runs cost the same copies. */
    public static final String SCRATCH_FILL_SAMPLE_TEMPLATE = "INSERT INTO %s SELECT * FROM %s TABLESAMPLE BERNOULLI (%s) "
            + "REPEATABLE (42)";
    public static final String SCRATCH_ANALYZE_TEMPLATE = "ANALYZE %s";
    public static final String SCRATCH_DROP_TEMPLATE = "DROP TABLE IF EXISTS %s";

    /**
     * Type and planner statistics of every column of a table, with its estimated rows: sizes a deduplicated B-tree.
     * Parameters: schema (null: the current one), table.
     */
    public static final String DEDUP_COLUMN_STATS = """
            SELECT a.attname, format_type(a.atttypid, NULL), s.n_distinct, s.avg_width, c.reltuples
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
            WHERE n.nspname = coalesce(?, current_schema()) AND c.relname = ?""";

    public static final String INDEX_SIZE = "SELECT pg_relation_size(to_regclass(?))";
    /** Average stored width of a column over a sample, where a rolled-back build could not be measured. */
    public static final String AVG_WIDTH_TEMPLATE = "SELECT AVG(pg_column_size(%s)) FROM (SELECT %s FROM %s LIMIT 10000) s";

    /** Column widths and distinct counts the planner keeps; sizes candidate indexes. */
    public static final String COLUMN_STATS = """
            SELECT attname, avg_width, n_distinct
            FROM pg_stats
            WHERE tablename = ? AND schemaname = ANY (current_schemas(false))
            """;

    /** Whether pg_stat_statements can answer: the extension exists and the library is preloaded. */
    public static final String STAT_STATEMENTS_READY = """
            SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')
                   AND current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'
            """;

    /** The statements of the current database, most total time first. */
    public static final String STAT_STATEMENTS = """
            SELECT query, calls, total_exec_time, mean_exec_time, rows
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND query !~* '^\\s*(begin|commit|rollback|set|show|reset|deallocate|explain|analyze|vacuum)'
            ORDER BY total_exec_time DESC
            LIMIT ?
            """;

    /** Writes per table since the statistics were reset; caching advice needs to know what changes. */
    public static final String TABLE_ACTIVITY = """
            SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS writes, seq_scan, COALESCE(idx_scan, 0) AS idx_scan,
                   n_live_tup
            FROM pg_stat_user_tables
            WHERE schemaname = ANY (current_schemas(false))
            """;

    /** Refreshes a table's statistics after new indexes exist. */
    public static final String ANALYZE_TABLE_TEMPLATE = "ANALYZE %s";

    /** Bounds of a column, to lay out range partitions. */
    public static final String COLUMN_RANGE_TEMPLATE = "SELECT min(%1$s)::date, max(%1$s)::date FROM %2$s";

    private PostgresOptimizerSql() {
    }
}

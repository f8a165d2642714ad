package io.dbagent.dialect.postgres;

import io.dbagent.jdbc.DialectKind;

/**
 * The statistics queries behind {@code dbagent health} and {@code dbagent bloat} on PostgreSQL. Each reads one
 * statistics view for the whole database, so a run costs a fixed number of round trips whatever the table count.
 * They run on PostgreSQL 13–17 (13 renamed the pg_stat_statements timing columns; see {@link #slowQueries}).
 */
public final class PostgresHealthSql {

    private PostgresHealthSql() {
    }

    /** What the current role may see: superuser, pg_monitor, pg_read_all_stats, pg_stat_scan_tables. */
    public static final String PRIVILEGES = """
            SELECT current_user::text AS role_name,
                   r.rolsuper,
                   pg_has_role(current_user, 'pg_monitor', 'USAGE') AS monitor,
                   pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
                   pg_has_role(current_user, 'pg_stat_scan_tables', 'USAGE') AS stat_scan_tables
              FROM pg_roles r
             WHERE r.rolname = current_user
            """;

    /** Settings the checks compare against; superuser-only ones come back empty for other roles. */
    public static final String SETTINGS = """
            SELECT name, setting, coalesce(unit, '') AS unit
              FROM pg_settings
             WHERE name IN ('max_connections', 'superuser_reserved_connections', 'shared_preload_libraries',
                            'autovacuum', 'track_counts', 'block_size', 'shared_buffers', 'autovacuum_freeze_max_age',
                            'idle_in_transaction_session_timeout')
            """;

    public static final String EXTENSIONS = """
            SELECT e.extname::text, e.extversion, n.nspname::text AS ext_schema
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            """;

    /** Counters of the current database; stats_reset is NULL when they were never reset. */
    public static final String DATABASE_STATS = """
            SELECT coalesce(d.xact_commit, 0) AS xact_commit, coalesce(d.xact_rollback, 0) AS xact_rollback,
                   coalesce(d.blks_read, 0) AS blks_read, coalesce(d.blks_hit, 0) AS blks_hit,
                   d.stats_reset, age(db.datfrozenxid) AS xid_age, coalesce(d.deadlocks, 0) AS deadlocks,
                   pg_database_size(db.oid) AS size_bytes
              FROM pg_database db
              LEFT JOIN pg_stat_database d ON d.datid = db.oid
             WHERE db.datname = current_database()
            """;

    /** Client connections per state over the whole server (max_connections is server-wide). */
    public static final String CONNECTIONS = """
            SELECT coalesce(state, 'unknown') AS state, count(*) AS n
              FROM pg_stat_activity
             WHERE backend_type = 'client backend'
             GROUP BY 1
            """;

    /** Per-table activity, dead rows, analyse state and freeze age, in one pass. */
    public static final String TABLES = """
            SELECT s.relid, s.schemaname::text AS schema_name, s.relname::text AS table_name,
                   coalesce(s.seq_scan, 0) AS seq_scan, coalesce(s.seq_tup_read, 0) AS seq_tup_read,
                   coalesce(s.idx_scan, 0) AS idx_scan, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,
                   s.n_tup_ins, s.n_tup_upd, s.n_tup_hot_upd, s.n_tup_del,
                   s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
                   c.reltuples, pg_relation_size(c.oid) AS heap_bytes, age(c.relfrozenxid) AS xid_age,
                   coalesce(array_to_string(c.reloptions, ','), '') AS reloptions
              FROM pg_stat_user_tables s
              JOIN pg_class c ON c.oid = s.relid
             WHERE c.relkind IN ('r', 'm')
            """;

    /**
     * Of the index {@code i} (a pg_index row): whether it enforces a primary key, unique or exclusion constraint
     * ({@code backs_constraint}), and whether its leading columns are a foreign key's columns in any order
     * ({@code supports_fk}). Shared by the plain and the partitioned index queries.
     */
    private static final String CONSTRAINT_ROLES = """
                   EXISTS (SELECT 1 FROM pg_constraint k
                            WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
                   EXISTS (SELECT 1 FROM pg_constraint f
                            WHERE f.conrelid = i.indrelid AND f.contype = 'f'
                              AND (SELECT array_agg(x ORDER BY x)
                                     FROM unnest((i.indkey::int2[])[0:cardinality(f.conkey) - 1]) x)
                                  = (SELECT array_agg(y ORDER BY y) FROM unnest(f.conkey) y)) AS supports_fk""";

    /**
     * Per-index scans and size, whether it enforces a constraint, and whether it is the index a foreign key needs:
     * neither is ever "unused" (dropping the second would only trade this finding for fk-without-index). A
     * partition's index attached to its parent's index is left out: it cannot be dropped on its own.
     */
    public static final String INDEXES = """
            SELECT s.indexrelid, s.schemaname::text AS schema_name, s.relname::text AS table_name,
                   s.indexrelname::text AS index_name, coalesce(s.idx_scan, 0) AS idx_scan,
                   pg_relation_size(s.indexrelid) AS size_bytes, i.indisunique, i.indisprimary, i.indisvalid,
                   am.amname::text AS method,
            """ + CONSTRAINT_ROLES + """

              FROM pg_stat_user_indexes s
              JOIN pg_index i ON i.indexrelid = s.indexrelid
              JOIN pg_class ic ON ic.oid = s.indexrelid
              JOIN pg_am am ON am.oid = ic.relam
             WHERE NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = s.indexrelid)
            """;

    /**
     * Indexes on partitioned tables (relkind {@code I}), which the statistics views leave out: scans and size summed
     * over the leaf indexes of every partition below (sub-partitions included, through pg_inherits), with the reads
     * and row writes of the leaf tables, and whether the index enforces a constraint or serves a foreign key. Only
     * top-level ones: an attached partition's index goes with its parent's.
     */
    public static final String PARTITIONED_INDEXES = """
            WITH RECURSIVE tree AS (
                SELECT ic.oid AS root, ic.oid AS idx
                  FROM pg_class ic
                 WHERE ic.relkind = 'I'
                   AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = ic.oid)
                UNION ALL
                SELECT t.root, h.inhrelid
                  FROM tree t
                  JOIN pg_inherits h ON h.inhparent = t.idx
            ), leaves AS (
                SELECT t.root, count(*) AS leaf_count, sum(coalesce(s.idx_scan, 0)) AS idx_scan,
                       sum(pg_relation_size(s.indexrelid)) AS size_bytes,
                       sum(coalesce(ts.seq_scan, 0) + coalesce(ts.idx_scan, 0)) AS table_reads,
                       sum(coalesce(ts.n_tup_ins, 0) + coalesce(ts.n_tup_upd, 0) - coalesce(ts.n_tup_hot_upd, 0)
                           + coalesce(ts.n_tup_del, 0)) AS table_writes
                  FROM tree t
                  JOIN pg_stat_user_indexes s ON s.indexrelid = t.idx
                  LEFT JOIN pg_stat_user_tables ts ON ts.relid = s.relid
                 GROUP BY t.root
            )
            SELECT n.nspname::text AS schema_name, tc.relname::text AS table_name, ic.relname::text AS index_name,
                   l.leaf_count, l.idx_scan, l.size_bytes, l.table_reads, l.table_writes,
                   i.indisunique, i.indisprimary,
            """ + CONSTRAINT_ROLES + """

              FROM leaves l
              JOIN pg_index i ON i.indexrelid = l.root
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_class tc ON tc.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = tc.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            """;

    public static final String INDEX_IO = """
            SELECT coalesce(sum(idx_blks_hit), 0) AS hit, coalesce(sum(idx_blks_read), 0) AS read
              FROM pg_statio_user_indexes
            """;

    /** Sequences with the column that owns them: a bigint sequence feeding an int column overflows at 2^31-1. */
    public static final String SEQUENCES = """
            SELECT s.schemaname::text AS schema_name, s.sequencename::text AS sequence_name, s.data_type::text,
                   s.last_value, s.max_value, s.increment_by, s.cycle,
                   has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable, dep.table_schema, dep.table_name, dep.column_name, dep.column_type
              FROM pg_sequences s
              JOIN pg_namespace n ON n.nspname = s.schemaname
              JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
              LEFT JOIN LATERAL (
                    SELECT tn.nspname::text AS table_schema, tc.relname::text AS table_name,
                           a.attname::text AS column_name, format_type(a.atttypid, a.atttypmod) AS column_type
                      FROM pg_depend d
                      JOIN pg_class tc ON tc.oid = d.refobjid
                      JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                     LIMIT 1) dep ON true
            """;

    /**
     * Client sessions of the current database other than ours, with the pids blocking each. Without
     * pg_read_all_stats the state, times and query of other roles' sessions are NULL.
     */
    public static final String ACTIVITY = """
            SELECT a.pid, a.usename::text AS user_name, a.application_name, a.client_addr::text AS client_addr,
                   a.state, extract(epoch FROM now() - a.xact_start) AS xact_seconds,
                   extract(epoch FROM now() - a.state_change) AS state_seconds,
                   coalesce((SELECT extract(epoch FROM now() - min(l.waitstart))
                               FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted),
                            extract(epoch FROM now() - a.query_start)) AS wait_seconds,
                   a.wait_event_type, a.wait_event, left(a.query, 300) AS query,
                   pg_blocking_pids(a.pid) AS blocked_by
              FROM pg_stat_activity a
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
               AND a.backend_type = 'client backend'
            """;

    /** PG 13 or later: statements of the current database, slowest estimated p95 first. */
    public static final String SLOW_QUERIES = """
            SELECT s.queryid::text AS queryid, left(s.query, 500) AS query, s.calls, s.mean_exec_time AS mean_ms,
                   s.stddev_exec_time AS stddev_ms, s.max_exec_time AS max_ms, s.total_exec_time AS total_ms,
                   s.rows, r.rolname::text AS role_name
              FROM %s.pg_stat_statements s
              LEFT JOIN pg_roles r ON r.oid = s.userid
             WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND s.calls >= ?
             ORDER BY least(s.mean_exec_time + 1.645 * s.stddev_exec_time, s.max_exec_time) DESC
             LIMIT 50
            """;

    /** The slow-query statement for a server version, the view qualified with the extension's schema. */
    public static String slowQueries(int majorVersion, String extensionSchema) {
        String sql = SLOW_QUERIES.formatted(DialectKind.POSTGRES.quote(extensionSchema));
        return majorVersion >= 13 ? sql : sql.replace("_exec_time", "_time");
    }

    /**
     * Heap size against the size the live rows need: average row width from pg_stats (so the table must have been
     * analysed), the 23-byte row header plus null bitmap, 4-byte line pointers and the fillfactor are applied in Java.
     */
    public static final String TABLE_BLOAT_INPUT = """
            SELECT c.oid, n.nspname::text AS schema_name, c.relname::text AS table_name,
                   pg_relation_size(c.oid) AS heap_bytes, st.n_live_tup, c.reltuples, st.n_dead_tup,
                   current_setting('block_size')::int AS block_size,
                   coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int
                               FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%%'), 100) AS fillfactor,
                   (SELECT count(*) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS natts,
                   w.data_width, w.null_cols, w.stat_cols
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
              LEFT JOIN LATERAL (
                    SELECT sum((1 - ps.null_frac) * ps.avg_width) AS data_width,
                           count(*) FILTER (WHERE ps.null_frac > 0) AS null_cols, count(*) AS stat_cols
                      FROM pg_stats ps
                     WHERE ps.schemaname = n.nspname AND ps.tablename = c.relname AND NOT ps.inherited) w ON true
             WHERE c.relkind IN ('r', 'm') AND %s
            """.formatted(userSchemas("n.nspname"));

    /**
     * B-tree indexes with the average width of their key (and INCLUDE) columns from pg_stats; expression keys have
     * no column statistics, so such indexes come back with {@code missing > 0} and are not estimated.
     */
    public static final String INDEX_BLOAT_INPUT = """
            SELECT i.indexrelid, n.nspname::text AS schema_name, t.relname::text AS table_name,
                   ic.relname::text AS index_name, pg_relation_size(i.indexrelid) AS index_bytes,
                   CASE WHEN i.indpred IS NULL THEN coalesce(st.n_live_tup, t.reltuples::bigint)
                        ELSE ic.reltuples::bigint END AS live_rows,
                   current_setting('block_size')::int AS block_size,
                   coalesce((SELECT substring(o FROM 'fillfactor=([0-9]+)')::int
                               FROM unnest(ic.reloptions) o WHERE o LIKE 'fillfactor=%%'), 90) AS fillfactor,
                   k.key_width, k.missing, k.has_nulls
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
              JOIN pg_class t ON t.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
              LEFT JOIN pg_stat_user_tables st ON st.relid = t.oid
              LEFT JOIN LATERAL (
                    SELECT sum(ps.avg_width) AS key_width,
                           count(*) FILTER (WHERE ps.avg_width IS NULL) AS missing,
                           coalesce(bool_or(ps.null_frac > 0), false) AS has_nulls
                      FROM unnest(i.indkey::int2[]) AS k(attnum)
                      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                      LEFT JOIN pg_stats ps ON ps.schemaname = n.nspname AND ps.tablename = t.relname
                                           AND ps.attname = a.attname AND NOT ps.inherited) k ON true
             WHERE t.relkind IN ('r', 'm') AND %s
            """.formatted(userSchemas("n.nspname"));

    /** pgstattuple's exact figures for one table (by oid); the extension schema is filled in. */
    public static String pgstattuple(String extensionSchema) {
        return "SELECT table_len, tuple_len, dead_tuple_len, free_space FROM " + DialectKind.POSTGRES.quote(extensionSchema)
                + ".pgstattuple(CAST(? AS oid)::regclass)";
    }

    /** pgstatindex's figures for one b-tree index (by oid). */
    public static String pgstatindex(String extensionSchema) {
        return "SELECT index_size, leaf_pages, empty_pages, deleted_pages, avg_leaf_density FROM "
                + DialectKind.POSTGRES.quote(extensionSchema) + ".pgstatindex(CAST(? AS oid)::regclass)";
    }

    private static String userSchemas(String column) {
        return column + " NOT IN ('pg_catalog', 'information_schema') AND " + column + " NOT LIKE 'pg\\_toast%' AND "
                + column + " NOT LIKE 'pg\\_temp\\_%'";
    }
}

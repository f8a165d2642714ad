package io.dbagent.dialect.mysql;

/**
 * The information_schema queries behind {@link MysqlInspector}: one per object kind, each filtered on the inspected
 * database. Every column is aliased because MySQL 8 returns information_schema column names in upper case and
 * MariaDB as declared. The schema filter is repeated on every joined information_schema table: MariaDB fills each one
 * separately and only narrows the fill to one database when the condition names that table directly.
 */
final class MysqlCatalog {

    private MysqlCatalog() {
    }

    static final String CURRENT_DATABASE = "SELECT DATABASE()";

    /** Base tables (MariaDB system-versioned ones included) and, on MariaDB, sequences, which live in TABLES. */
    static final String TABLES = """
            SELECT t.TABLE_NAME AS table_name, t.TABLE_TYPE AS table_type, t.TABLE_ROWS AS table_rows,
                   t.DATA_LENGTH AS data_length, t.INDEX_LENGTH AS index_length, t.TABLE_COMMENT AS table_comment,
                   t.TABLE_COLLATION AS table_collation,
                   SUBSTRING_INDEX(t.TABLE_COLLATION, '_', 1) AS table_charset, t.ENGINE AS engine
            FROM information_schema.TABLES t
            WHERE t.TABLE_SCHEMA = ?
              AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE')
            ORDER BY t.TABLE_NAME
            """;

    /** The storage engine a CREATE TABLE without ENGINE= gets in this session. */
    static final String DEFAULT_ENGINE = "SELECT @@SESSION.default_storage_engine";

    /** The current database's default character set and collation. */
    static final String DATABASE_DEFAULTS = """
            SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
            FROM information_schema.SCHEMATA
            WHERE SCHEMA_NAME = DATABASE()
            """;

    /** Columns of tables, views and sequences alike; the caller routes them by table name. */
    static final String COLUMNS = """
            SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.ORDINAL_POSITION AS ordinal,
                   c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type, c.IS_NULLABLE AS is_nullable,
                   c.COLUMN_DEFAULT AS column_default, c.EXTRA AS extra,
                   c.GENERATION_EXPRESSION AS generation_expression, c.COLUMN_COMMENT AS column_comment,
                   c.CHARACTER_SET_NAME AS charset_name, c.COLLATION_NAME AS collation_name
            FROM information_schema.COLUMNS c
            WHERE c.TABLE_SCHEMA = ?
            ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION
            """;

    /**
     * Primary keys, unique constraints and foreign keys, one row per key column in key order. Takes the database
     * name four times. Referential rules only exist for foreign keys, hence the outer join.
     */
    static final String KEY_CONSTRAINTS = """
            SELECT tc.TABLE_NAME AS table_name, tc.CONSTRAINT_NAME AS constraint_name,
                   tc.CONSTRAINT_TYPE AS constraint_type, k.COLUMN_NAME AS column_name,
                   k.ORDINAL_POSITION AS ordinal, k.REFERENCED_TABLE_SCHEMA AS ref_schema,
                   k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column,
                   r.UPDATE_RULE AS update_rule, r.DELETE_RULE AS delete_rule
            FROM information_schema.TABLE_CONSTRAINTS tc
            JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME
             AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r
              ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND r.TABLE_NAME = tc.TABLE_NAME
             AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND r.CONSTRAINT_SCHEMA = ?
            WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_SCHEMA = ? AND k.TABLE_SCHEMA = ?
              AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
            ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """;

    /**
     * CHECK constraints on MariaDB 10.2.22+/10.3.10+, whose CHECK_CONSTRAINTS carries the table name (check names are
     * only unique per table there: a column-level check is named after its column).
     */
    static final String CHECKS_MARIADB = """
            SELECT cc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS constraint_name,
                   cc.CHECK_CLAUSE AS check_clause
            FROM information_schema.CHECK_CONSTRAINTS cc
            WHERE cc.CONSTRAINT_SCHEMA = ?
            ORDER BY cc.TABLE_NAME, cc.CONSTRAINT_NAME
            """;

    /**
     * CHECK constraints on MySQL 8.0.16+: CHECK_CONSTRAINTS has no table name, but check names are unique per
     * database there, so TABLE_CONSTRAINTS supplies it. Takes the database name twice.
     */
    static final String CHECKS_MYSQL = """
            SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS constraint_name,
                   cc.CHECK_CLAUSE AS check_clause
            FROM information_schema.TABLE_CONSTRAINTS tc
            JOIN information_schema.CHECK_CONSTRAINTS cc
              ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            WHERE tc.TABLE_SCHEMA = ? AND cc.CONSTRAINT_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'
            ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME
            """;

    /**
     * Index key parts in order. {@code %s} is the functional-part expression: {@code s.EXPRESSION} on MySQL 8.0.13+,
     * {@code NULL} elsewhere (the column does not exist there and naming it would fail).
     */
    static final String INDEXES = """
            SELECT s.TABLE_NAME AS table_name, s.INDEX_NAME AS index_name, s.SEQ_IN_INDEX AS seq,
                   s.COLUMN_NAME AS column_name, %s AS expression, s.SUB_PART AS sub_part,
                   s.COLLATION AS collation, s.NON_UNIQUE AS non_unique, s.INDEX_TYPE AS index_type
            FROM information_schema.STATISTICS s
            WHERE s.TABLE_SCHEMA = ?
            ORDER BY s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX
            """;

    /**
     * InnoDB persistent index statistics: index size in pages. Optional: the mysql schema needs its own grant, so a
     * failure here only leaves index sizes unknown. Partitions appear as {@code table#P#part} (or {@code #p#}).
     */
    static final String INDEX_SIZES = """
            SELECT st.table_name AS table_name, st.index_name AS index_name,
                   st.stat_value * @@innodb_page_size AS size_bytes
            FROM mysql.innodb_index_stats st
            WHERE st.database_name = ? AND st.stat_name = 'size'
            """;

    static final String VIEWS = """
            SELECT v.TABLE_NAME AS view_name, v.VIEW_DEFINITION AS definition
            FROM information_schema.VIEWS v
            WHERE v.TABLE_SCHEMA = ?
            ORDER BY v.TABLE_NAME
            """;

    static final String TRIGGERS = """
            SELECT tr.TRIGGER_NAME AS trigger_name, tr.EVENT_OBJECT_TABLE AS table_name,
                   tr.ACTION_TIMING AS timing, tr.EVENT_MANIPULATION AS event,
                   tr.ACTION_ORIENTATION AS orientation, tr.ACTION_STATEMENT AS statement
            FROM information_schema.TRIGGERS tr
            WHERE tr.TRIGGER_SCHEMA = ?
            ORDER BY tr.TRIGGER_NAME
            """;

    /** Stored procedures and functions; the full text comes from SHOW CREATE, one per routine. */
    static final String ROUTINES = """
            SELECT r.ROUTINE_NAME AS routine_name, r.ROUTINE_TYPE AS routine_type,
                   r.DTD_IDENTIFIER AS returns, r.ROUTINE_BODY AS language, r.ROUTINE_DEFINITION AS body,
                   r.IS_DETERMINISTIC AS is_deterministic, r.SECURITY_TYPE AS security_type
            FROM information_schema.ROUTINES r
            WHERE r.ROUTINE_SCHEMA = ?
            ORDER BY r.ROUTINE_TYPE, r.ROUTINE_NAME
            """;

    /** Routine parameters in order (position 0, a function's return value, left out). */
    static final String ROUTINE_PARAMETERS = """
            SELECT p.SPECIFIC_NAME AS routine_name, p.ROUTINE_TYPE AS routine_type, p.PARAMETER_MODE AS mode,
                   p.PARAMETER_NAME AS name, p.DTD_IDENTIFIER AS type
            FROM information_schema.PARAMETERS p
            WHERE p.SPECIFIC_SCHEMA = ? AND p.ORDINAL_POSITION > 0
            ORDER BY p.ROUTINE_TYPE, p.SPECIFIC_NAME, p.ORDINAL_POSITION
            """;

    /** Scheduled events; the full text comes from SHOW CREATE EVENT. */
    static final String EVENTS = """
            SELECT e.EVENT_NAME AS event_name, e.EVENT_DEFINITION AS body
            FROM information_schema.EVENTS e
            WHERE e.EVENT_SCHEMA = ?
            ORDER BY e.EVENT_NAME
            """;

    /**
     * The state of one MariaDB sequence, read from the sequence itself: information_schema has no sequence
     * parameters before MariaDB 11.5. {@code %s} is the back-quoted, database-qualified sequence name.
     */
    static final String SEQUENCE_STATE = """
            SELECT next_not_cached_value, minimum_value, maximum_value, start_value, increment, cache_size,
                   cycle_option, cycle_count
            FROM %s
            """;
}

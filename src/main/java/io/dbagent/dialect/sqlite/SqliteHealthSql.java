package io.dbagent.dialect.sqlite;

/** The PRAGMAs and catalog queries behind {@code dbagent health} and {@code dbagent bloat} on SQLite. */
public final class SqliteHealthSql {

    private SqliteHealthSql() {
    }

    public static final String PAGE_COUNT = "PRAGMA page_count";
    public static final String FREELIST_COUNT = "PRAGMA freelist_count";
    public static final String PAGE_SIZE = "PRAGMA page_size";
    public static final String AUTO_VACUUM = "PRAGMA auto_vacuum";
    public static final String JOURNAL_MODE = "PRAGMA journal_mode";

    /** Up to 100 problems; a healthy file answers the single row {@code ok}. */
    public static final String INTEGRITY_CHECK = "PRAGMA integrity_check(100)";

    /** Rows whose parent row is missing: table, rowid, parent table, foreign key index. */
    public static final String FOREIGN_KEY_CHECK = "PRAGMA foreign_key_check";

    /** Page usage per table and index; needs SQLITE_ENABLE_DBSTAT_VTAB (sqlite-jdbc has it). */
    public static final String DBSTAT = """
            SELECT d.name, m.type, m.tbl_name, sum(d.pgsize) AS size_bytes, sum(d.unused) AS unused_bytes,
                   count(*) AS pages
              FROM dbstat d
              LEFT JOIN sqlite_schema m ON m.name = d.name
             GROUP BY d.name
            """;

    /** Whether ANALYZE has ever run (it creates sqlite_stat1). */
    public static final String STAT1_PRESENT = "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'";

    /** Tables with at least one index: the only ones whose plans statistics change. */
    public static final String INDEXED_TABLES = """
            SELECT DISTINCT m.tbl_name
              FROM sqlite_schema m
             WHERE m.type = 'index' AND m.tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            """;

    /** Row count each table had at its last ANALYZE (the first number of its sqlite_stat1 rows). */
    public static final String STAT1_ROWS = "SELECT tbl, max(CAST(stat AS INTEGER)) AS analysed_rows FROM sqlite_stat1 GROUP BY tbl";
}

package io.dbagent.dialect.sqlite;

/**
 * The catalog queries of the SQLite inspector. Table-valued pragmas joined to {@code sqlite_schema} read a whole
 * catalog per object kind in one statement. Every pragma gets the schema argument {@code 'main'} so that a TEMP object
 * of the same name can never shadow the one we inspect. {@code rootpage = 0} marks virtual tables.
 */
final class SqliteCatalog {

    private SqliteCatalog() {
    }

    /** Every table, view, index and trigger with its stored SQL. */
    static final String OBJECTS = """
            SELECT type, name, tbl_name, rootpage, sql
            FROM main.sqlite_schema
            WHERE type IN ('table', 'view', 'index', 'trigger')
            ORDER BY type, name
            """;

    /** SQLite's own verdict on which tables are shadow tables of a virtual table (3.37+). */
    static final String TABLE_KINDS = """
            SELECT name, type FROM pragma_table_list WHERE schema = 'main'
            """;

    /** Columns of all ordinary tables; hidden 2/3 are virtual/stored generated columns. */
    static final String TABLE_COLUMNS = """
            SELECT m.name AS object_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
            FROM main.sqlite_schema AS m
            JOIN pragma_table_xinfo(m.name, 'main') AS c
            WHERE m.type = 'table' AND m.rootpage <> 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY m.name, c.cid
            """;

    /**
     * Columns of virtual tables, apart because a virtual table whose module this build lacks fails the pragma
     * ("no such module") and must not take the ordinary tables down with it.
     */
    static final String VIRTUAL_TABLE_COLUMNS = """
            SELECT m.name AS object_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
            FROM main.sqlite_schema AS m
            JOIN pragma_table_xinfo(m.name, 'main') AS c
            WHERE m.type = 'table' AND m.rootpage = 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY m.name, c.cid
            """;

    /** Columns of all views; one broken view (a dropped base table) fails it, see {@link #OBJECT_COLUMNS}. */
    static final String VIEW_COLUMNS = """
            SELECT m.name AS object_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
            FROM main.sqlite_schema AS m
            JOIN pragma_table_xinfo(m.name, 'main') AS c
            WHERE m.type = 'view'
            ORDER BY m.name, c.cid
            """;

    /** Columns of one object: the fallback when a bulk column query fails on a broken view or missing module. */
    static final String OBJECT_COLUMNS = """
            SELECT ? AS object_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
            FROM pragma_table_xinfo(?, 'main') AS c
            ORDER BY c.cid
            """;

    /** Foreign keys; {@code id} groups the columns of one key, {@code to} is null when the parent's PK is meant. */
    static final String FOREIGN_KEYS = """
            SELECT m.name AS table_name, f.id, f.seq, f."table" AS ref_table, f."from" AS from_column,
                   f."to" AS to_column, f.on_update, f.on_delete
            FROM main.sqlite_schema AS m
            JOIN pragma_foreign_key_list(m.name, 'main') AS f
            WHERE m.type = 'table' AND m.rootpage <> 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            ORDER BY m.name, f.id, f.seq
            """;

    /**
     * Key columns of every index, autoindexes included. origin: c = CREATE INDEX, u = UNIQUE constraint,
     * pk = PRIMARY KEY; cid -2 is an expression part.
     */
    static final String INDEX_COLUMNS = """
            SELECT m.name AS table_name, il.name AS index_name, il."unique", il.origin, il.partial,
                   ix.seqno, ix.cid, ix.name AS column_name
            FROM main.sqlite_schema AS m
            JOIN pragma_index_list(m.name, 'main') AS il
            JOIN pragma_index_xinfo(il.name, 'main') AS ix
            WHERE m.type = 'table' AND m.rootpage <> 0 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
              AND ix.key = 1
            ORDER BY m.name, il.name, ix.seqno
            """;

    /** ANALYZE results; the first number of {@code stat} is the row count of the table or index. */
    static final String STAT1 = """
            SELECT tbl, idx, stat FROM main.sqlite_stat1
            """;

    /** Bytes per b-tree (table or index); aggregate mode returns one row per b-tree. */
    static final String BTREE_SIZES = """
            SELECT name, pgsize FROM dbstat('main', 1)
            """;

    /** One arm of the exact row count, joined with UNION ALL into one statement: ordinal, quoted table name. */
    static final String ROW_COUNT_ARM = "SELECT %d AS ordinal, count(*) AS row_count FROM main.%s";
}

package io.dbagent.dialect.postgres;

/**
 * The catalog queries behind {@link PostgresInspector}: one per object kind, each over the whole database, so the
 * number of round trips does not grow with the number of tables. Every query after {@link #SCHEMAS} takes the user
 * schema names as its only parameter ({@code text[]}). They use only catalog columns present in PostgreSQL 12–17.
 */
final class PostgresCatalog {

    private PostgresCatalog() {
    }

    /**
     * User schemas. Extension-owned schemas are left out for the same reason as extension-owned tables: they are
     * installed software, not the user's design.
     */
    static final String SCHEMAS = """
            SELECT current_database() AS db,
                   array(SELECT n.nspname::text
                           FROM pg_namespace n
                          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                            AND n.nspname NOT LIKE 'pg\\_toast%'
                            AND n.nspname NOT LIKE 'pg\\_temp\\_%'
                            AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                             WHERE d.classid = 'pg_namespace'::regclass
                                               AND d.objid = n.oid AND d.deptype = 'e')
                          ORDER BY n.nspname) AS schemas
            """;

    /**
     * Tables, partitioned parents and their partitions, views and materialized views. reltuples is -1 for a table
     * never analysed (PG 14+; older servers say 0). Sizes are read from the files, which needs no privilege.
     */
    static final String RELATIONS = """
            SELECT c.oid, n.nspname, c.relname, c.relkind,
                   CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END AS row_estimate,
                   CASE WHEN c.relkind IN ('r', 'p') THEN pg_total_relation_size(c.oid) ELSE -1 END AS size_bytes,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_def,
                   d.description AS comment,
                   CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
                   CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
                   pn.nspname AS parent_schema, pc.relname AS parent_name,
                   c.relrowsecurity, c.relforcerowsecurity,
                   array(SELECT CASE WHEN inn.nspname = 'public' THEN quote_ident(inc.relname)
                                     ELSE quote_ident(inn.nspname) || '.' || quote_ident(inc.relname) END
                           FROM pg_inherits i2
                           JOIN pg_class inc ON inc.oid = i2.inhparent
                           JOIN pg_namespace inn ON inn.oid = inc.relnamespace
                          WHERE i2.inhrelid = c.oid AND NOT c.relispartition
                          ORDER BY i2.inhseqno) AS inherits
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
              LEFT JOIN pg_inherits ih ON c.relispartition AND ih.inhrelid = c.oid
              LEFT JOIN pg_class pc ON pc.oid = ih.inhparent
              LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm')
               AND n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_depend e
                                WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
             ORDER BY n.nspname, c.relname
            """;

    /**
     * Columns of every relation above. A generated column keeps its expression in pg_attrdef like a default does;
     * attgenerated tells them apart. The collation only where it is not the type's (an explicit {@code COLLATE}).
     * Rows of relations left out above are dropped by the caller.
     */
    static final String COLUMNS = """
            SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
                   a.attidentity, a.attgenerated,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid, true) END AS generated_expr,
                   d.description AS comment,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN co.collname END
                       AS collation
              FROM pg_attribute a
              JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_type ty ON ty.oid = a.atttypid
              LEFT JOIN pg_collation co ON co.oid = a.attcollation
              LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
              LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = a.attrelid
                                        AND d.objsubid = a.attnum
             WHERE c.relkind IN ('r', 'p', 'v', 'm')
               AND n.nspname = ANY (?::name[])
               AND a.attnum > 0
               AND NOT a.attisdropped
             ORDER BY a.attrelid, a.attnum
            """;

    /**
     * Primary key, foreign key, unique, check and exclusion constraints with their columns in key order, and whether
     * they are deferrable. A foreign key that
     * references a partitioned table gets one extra internal row per referenced partition, on the same table and
     * pointing at the real constraint through conparentid; those are skipped. Constraints cloned onto a partition
     * sit on another table and are kept: the partition really has them.
     */
    static final String CONSTRAINTS = """
            SELECT con.conrelid, con.conname, con.contype, con.confdeltype, con.confupdtype,
                   rn.nspname AS ref_schema, rc.relname AS ref_table,
                   array(SELECT a.attname::text
                           FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS columns,
                   array(SELECT a.attname::text
                           FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS ref_columns,
                   CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid, true) END AS check_def,
                   con.condeferrable, con.condeferred
              FROM pg_constraint con
              JOIN pg_class c ON c.oid = con.conrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_class rc ON rc.oid = con.confrelid
              LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
             WHERE con.contype IN ('p', 'f', 'u', 'c', 'x')
               AND c.relkind IN ('r', 'p')
               AND n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_constraint parent
                                WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)
             ORDER BY con.conrelid, con.conname
            """;

    /**
     * Indexes of tables. Parts are listed key columns first, then INCLUDE columns (indnkeyatts splits them); a key
     * part with an operator class other than its type's default carries it ({@code name gin_trgm_ops}). A part
     * whose indkey entry is 0 is an expression, which only pg_get_indexdef can print; it is called for those alone
     * because it costs a catalog round of its own per part.
     */
    static final String INDEXES = """
            SELECT i.indrelid, ic.relname, am.amname, i.indisunique, i.indisprimary, i.indnkeyatts,
                   array(SELECT coalesce(a.attname::text, pg_get_indexdef(i.indexrelid, k.ord::int, true))
                                || CASE WHEN NOT oc.opcdefault THEN ' ' || quote_ident(oc.opcname) ELSE '' END
                           FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                           LEFT JOIN pg_opclass oc ON k.ord <= i.indnkeyatts
                                                  AND oc.oid = i.indclass[(k.ord - 1)::int]
                          ORDER BY k.ord) AS parts,
                   pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                   pg_relation_size(i.indexrelid) AS size_bytes
              FROM pg_index i
              JOIN pg_class ic ON ic.oid = i.indexrelid
              JOIN pg_am am ON am.oid = ic.relam
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'm')
               AND n.nspname = ANY (?::name[])
             ORDER BY i.indrelid, ic.relname
            """;

    /** User triggers; tgisinternal marks the ones PostgreSQL makes for foreign keys and deferred uniques. */
    static final String TRIGGERS = """
            SELECT t.tgrelid, t.tgname, t.tgtype, pg_get_triggerdef(t.oid, true) AS definition
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal
               AND n.nspname = ANY (?::name[])
             ORDER BY t.tgrelid, t.tgname
            """;

    /**
     * Sequences with the column that owns them: deptype 'a' for serial, 'i' for identity. last_value comes from
     * pg_sequences, which answers NULL (instead of failing) when the sequence was never used or we may not read it.
     */
    static final String SEQUENCES = """
            SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS data_type,
                   s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, ps.last_value,
                   (SELECT tc.relname || '.' || a.attname
                      FROM pg_depend d
                      JOIN pg_class tc ON tc.oid = d.refobjid
                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                     WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
                       AND d.deptype IN ('a', 'i')
                     LIMIT 1) AS owned_by
              FROM pg_sequence s
              JOIN pg_class c ON c.oid = s.seqrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_sequences ps ON ps.schemaname = n.nspname AND ps.sequencename = c.relname
             WHERE n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_depend e
                                WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
             ORDER BY n.nspname, c.relname
            """;

    /** Enum types with their labels in sort order (labels added later with ADD VALUE BEFORE sort correctly). */
    static final String ENUMS = """
            SELECT n.nspname, t.typname,
                   array(SELECT e.enumlabel::text FROM pg_enum e
                          WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typtype = 'e'
               AND n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_depend e
                                WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
             ORDER BY n.nspname, t.typname
            """;

    /**
     * Functions and procedures (prokind f and p; aggregates and window functions are not routines one writes with
     * CREATE FUNCTION), without those an extension installed (deptype 'e') and those in C or internal code (installed
     * software too). {@code pg_get_functiondef} gives the full {@code CREATE OR REPLACE} text.
     */
    static final String ROUTINES = """
            SELECT n.nspname, p.proname, p.prokind,
                   pg_get_function_arguments(p.oid) AS arguments,
                   pg_get_function_identity_arguments(p.oid) AS identity_arguments,
                   CASE WHEN p.prokind = 'p' THEN NULL ELSE pg_get_function_result(p.oid) END AS result,
                   l.lanname, p.provolatile, p.prosecdef, p.prosrc,
                   pg_get_functiondef(p.oid) AS definition
              FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_language l ON l.oid = p.prolang
             WHERE p.prokind IN ('f', 'p')
               AND l.lanname NOT IN ('c', 'internal')
               AND n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_depend e
                                WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
             ORDER BY n.nspname, p.proname, identity_arguments
            """;

    /** Installed extensions but plpgsql, which every database has. */
    static final String EXTENSIONS = """
            SELECT e.extname, n.nspname, e.extversion
              FROM pg_extension e
              JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname <> 'plpgsql'
             ORDER BY e.extname
            """;

    /**
     * Domains with their base type, NOT NULL, default, a collation other than the base type's, and their CHECK
     * constraints (names and texts in name order). Domains an extension installed are left out.
     */
    static final String DOMAINS = """
            SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull,
                   t.typdefault,
                   CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                        THEN CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                                  ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END END AS collation,
                   array(SELECT con.conname::text FROM pg_constraint con
                          WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) AS check_names,
                   array(SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con
                          WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) AS check_defs
              FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              JOIN pg_type bt ON bt.oid = t.typbasetype
              LEFT JOIN pg_collation co ON co.oid = t.typcollation
              LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
             WHERE t.typtype = 'd'
               AND n.nspname = ANY (?::name[])
               AND NOT EXISTS (SELECT 1 FROM pg_depend e
                                WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
             ORDER BY n.nspname, t.typname
            """;

    /**
     * Row-level security policies: command ({@code *} is ALL), permissive or restrictive, the roles (oid 0 is
     * PUBLIC), and the USING and WITH CHECK expressions.
     */
    static final String POLICIES = """
            SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
                   array(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
                           FROM unnest(p.polroles) r(oid) ORDER BY 1) AS roles,
                   pg_get_expr(p.polqual, p.polrelid, true) AS using_expr,
                   pg_get_expr(p.polwithcheck, p.polrelid, true) AS check_expr
              FROM pg_policy p
              JOIN pg_class c ON c.oid = p.polrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?::name[])
             ORDER BY p.polrelid, p.polname
            """;
}

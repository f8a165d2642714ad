package io.dbagent.dialect.postgres;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.DbObject;
import io.dbagent.schema.ObjectListing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The cheap listing on PostgreSQL: one query over pg_class, one over pg_proc, one over triggers. */
final class PostgresObjects {

    /** Relations of the user schemas, partitions folded into their root parent. Extension-owned ones left out. */
    static final String RELATIONS = """
            SELECT n.nspname AS schema_name, c.relname AS name, c.relkind::text AS relkind,
                   CASE WHEN c.relkind = 'p' THEN
                        (SELECT sum(GREATEST(k.reltuples, 0))::bigint FROM pg_partition_tree(c.oid) t
                           JOIN pg_class k ON k.oid = t.relid WHERE t.isleaf)
                        WHEN c.relkind IN ('r', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS row_estimate,
                   CASE WHEN c.relkind = 'p' THEN
                        (SELECT sum(pg_total_relation_size(t.relid))::bigint FROM pg_partition_tree(c.oid) t)
                        WHEN c.relkind IN ('r', 'm', 'S', 't') THEN pg_total_relation_size(c.oid) END AS bytes,
                   CASE WHEN c.relkind = 'p' THEN
                        (SELECT count(*)::int FROM pg_partition_tree(c.oid) t WHERE t.level > 0) END AS partitions
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?)
               AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               AND NOT c.relispartition
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                 AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY 1, 2
            """;

    /** Functions, procedures and aggregates, with their argument types; extension-owned ones left out. */
    static final String ROUTINES = """
            SELECT n.nspname AS schema_name,
                   p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
                   p.prokind::text AS prokind
              FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = ANY (?)
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                 AND d.objid = p.oid AND d.deptype = 'e')
             ORDER BY 1, 2
            """;

    static final String TRIGGERS = """
            SELECT n.nspname AS schema_name, c.relname || '.' || t.tgname AS name
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY (?) AND NOT t.tgisinternal AND NOT c.relispartition
             ORDER BY 1, 2
            """;

    private PostgresObjects() {
    }

    static ObjectListing list(DbSession session) {
        Connection c = session.connection();
        record Names(String database, List<String> schemas) {
        }
        Names names = Sql.query(c, PostgresCatalog.SCHEMAS, rs -> new Names(rs.getString("db"),
                Arrays.asList((String[]) rs.getArray("schemas").getArray()))).get(0);
        Array param;
        try {
            param = c.createArrayOf("text", names.schemas().toArray());
        } catch (SQLException e) {
            throw Sql.failure("cannot list the PostgreSQL objects", e);
        }
        List<DbObject> objects = new ArrayList<>(Sql.query(c, RELATIONS, rs -> new DbObject(rs.getString("schema_name"),
                rs.getString("name"), relkind(rs.getString("relkind")), (Long) rs.getObject("row_estimate", Long.class),
                (Long) rs.getObject("bytes", Long.class), (Integer) rs.getObject("partitions", Integer.class)), param));
        objects.addAll(Sql.query(c, ROUTINES, rs -> new DbObject(rs.getString("schema_name"), rs.getString("name"),
                prokind(rs.getString("prokind")), null, null, null), param));
        objects.addAll(Sql.query(c, TRIGGERS, rs -> new DbObject(rs.getString("schema_name"), rs.getString("name"),
                "trigger", null, null, null), param));
        Map<String, Integer> counts = new TreeMap<>();
        names.schemas().forEach(s -> counts.put(s, 0));
        objects.forEach(o -> counts.merge(o.schema(), 1, Integer::sum));
        return new ObjectListing("postgres", names.database(), counts.entrySet().stream()
                .map(e -> new ObjectListing.SchemaSummary(e.getKey(), e.getValue())).toList(), objects);
    }

    private static String relkind(String k) {
        return switch (k) {
            case "r" -> "table";
            case "p" -> "partitioned table";
            case "v" -> "view";
            case "m" -> "materialized view";
            case "S" -> "sequence";
            case "f" -> "foreign table";
            default -> k;
        };
    }

    private static String prokind(String k) {
        return switch (k) {
            case "p" -> "procedure";
            case "a" -> "aggregate";
            case "w" -> "window function";
            default -> "function";
        };
    }
}

package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the static deny list cannot know: the functions, views and triggers of this database. A user function is
 * dangerous when it comes from an extension that is not on {@link #POSTGRES_ALLOWED_EXTENSIONS}, is written in a
 * language whose body we cannot read (C, internal, plperlu, plpython3u, …), or its body mentions a denied name, runs
 * dynamic SQL, or calls another dangerous function (transitively). A view is dangerous when its definition does. The
 * statement is refused when it names one; for DML in MEASURE also when any trigger, rule or column default of the
 * database uses one, because a write reaches other tables through foreign-key cascades and trigger bodies.
 */
final class CatalogCheck {

    /**
     * Extensions whose functions have no effect outside the transaction (pg_stat_statements' reset stays on the
     * static deny list). hypopg's hypothetical indexes live only in the backend's memory. Everything else (dblink,
     * postgres_fdw, adminpack, file_fdw, lo, pg_prewarm, pageinspect, xml2, pg_cron, …) is refused by default.
     */
    static final List<String> POSTGRES_ALLOWED_EXTENSIONS = List.of("plpgsql", "pg_trgm", "citext", "hstore",
            "pgcrypto", "uuid-ossp", "btree_gist", "btree_gin", "fuzzystrmatch", "unaccent", "intarray", "ltree", "cube",
            "earthdistance", "tablefunc", "pg_stat_statements", "postgis", "hypopg", "isn", "seg", "intagg",
            "pg_buffercache", "pgstattuple", "pg_visibility", "pgrowlocks", "amcheck", "pg_freespacemap", "bloom",
            "tsm_system_rows", "tsm_system_time", "dict_int", "dict_xsyn");

    /** Bad functions (transitively), bad views, and for DML the triggers/rules/defaults that use them. */
    static final String POSTGRES_DANGEROUS_OBJECTS = """
            WITH RECURSIVE
            user_funcs AS (
              SELECT p.oid, lower(p.proname::text) COLLATE "default" AS name, l.lanname::text COLLATE "default" AS lanname,
                     coalesce(p.prosrc, '') AS src, e.extname::text COLLATE "default" AS extname
              FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_language l ON l.oid = p.prolang
              LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
              LEFT JOIN pg_extension e ON e.oid = d.refobjid
              WHERE (e.extname IS NOT NULL OR n.nspname NOT IN ('pg_catalog', 'information_schema'))
                AND (e.extname IS NULL OR e.extname <> ALL (?::text[]))
            ),
            bad_funcs(oid, name, via, root) AS (
              SELECT oid, name, ''::text COLLATE "default", CASE
                  WHEN extname IS NOT NULL THEN 'belongs to extension ' || extname || ', which is not on the allow list'
                  WHEN lanname NOT IN ('sql', 'plpgsql') THEN 'is written in ' || lanname
                       || ', whose effects this check cannot see'
                  WHEN src ~* '\\mexecute\\M' THEN 'runs dynamic SQL (EXECUTE), which this check cannot see'
                  WHEN src ~* 'u&"' THEN 'calls a name spelled with U& escapes'
                  ELSE 'calls ' || substring(lower(src) from ?) || '()' END
              FROM user_funcs
              WHERE extname IS NOT NULL OR lanname NOT IN ('sql', 'plpgsql') OR src ~* '\\mexecute\\M'
                 OR src ~* 'u&"' OR src ~* ?
              UNION
              SELECT u.oid, u.name, b.name, b.root
              FROM bad_funcs b JOIN user_funcs u
                ON u.oid <> b.oid AND u.src ~* ('\\m' || regexp_replace(b.name, '(\\W)', '\\\\\\1', 'g') || '\\M')
            ),
            views AS (
              SELECT c.oid, lower(c.relname::text) COLLATE "default" AS name, pg_get_viewdef(c.oid) AS def
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'v' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ),
            bad_views(oid, name, via, root) AS (
              SELECT v.oid, v.name, ''::text COLLATE "default", 'is a view that calls ' || substring(lower(v.def) from ?) || '()'
              FROM views v WHERE v.def ~* ?
              UNION
              SELECT v.oid, v.name, b.name, b.root
              FROM views v JOIN bad_funcs b
                ON v.def ~* ('\\m' || regexp_replace(b.name, '(\\W)', '\\\\\\1', 'g') || '\\M')
              UNION
              SELECT v.oid, v.name, b.name, b.root
              FROM bad_views b JOIN views v
                ON v.oid <> b.oid AND v.def ~* ('\\m' || regexp_replace(b.name, '(\\W)', '\\\\\\1', 'g') || '\\M')
            ),
            bad AS (
              SELECT oid, name, CASE WHEN via = '' THEN root ELSE 'uses ' || via || ', which ' || root END AS why
              FROM bad_funcs
            ),
            named AS (
              SELECT name, why FROM bad WHERE name = ANY (?::text[])
              UNION ALL
              SELECT name, CASE WHEN via = '' THEN root ELSE 'is a view over ' || via || ', which ' || root END
              FROM bad_views WHERE name = ANY (?::text[])
            ),
            writes AS (
              SELECT 'trigger ' || t.tgname || ' on ' || c.relname AS name, 'runs ' || b.name || '(), which ' || b.why AS why
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN bad b ON b.oid = t.tgfoid
              WHERE NOT t.tgisinternal
              UNION ALL
              SELECT 'rule ' || r.rulename || ' on ' || c.relname, 'uses ' || b.name || '(), which ' || b.why
              FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
              JOIN pg_namespace rn ON rn.oid = c.relnamespace AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
              JOIN bad b ON pg_get_ruledef(r.oid) ~* ('\\m' || regexp_replace(b.name, '(\\W)', '\\\\\\1', 'g') || '\\M')
              WHERE r.ev_type <> '1'
              UNION ALL
              SELECT 'rule ' || r.rulename || ' on ' || c.relname,
                     'calls ' || substring(lower(pg_get_ruledef(r.oid)) from ?) || '()'
              FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
              JOIN pg_namespace rn ON rn.oid = c.relnamespace AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
              WHERE r.ev_type <> '1' AND pg_get_ruledef(r.oid) ~* ?
              UNION ALL
              SELECT 'the default of ' || c.relname || '.' || a.attname, 'calls ' || b.name || '(), which ' || b.why
              FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid
              JOIN pg_namespace dn ON dn.oid = c.relnamespace AND dn.nspname NOT IN ('pg_catalog', 'information_schema')
              JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              JOIN bad b ON pg_get_expr(ad.adbin, ad.adrelid) ~* ('\\m' || regexp_replace(b.name, '(\\W)', '\\\\\\1', 'g') || '\\M')
              UNION ALL
              SELECT 'the default of ' || c.relname || '.' || a.attname,
                     'calls ' || substring(lower(pg_get_expr(ad.adbin, ad.adrelid)) from ?) || '()'
              FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid
              JOIN pg_namespace dn ON dn.oid = c.relnamespace AND dn.nspname NOT IN ('pg_catalog', 'information_schema')
              JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              WHERE pg_get_expr(ad.adbin, ad.adrelid) ~* ?
            )
            SELECT name, why FROM named
            UNION ALL
            SELECT name, why FROM writes WHERE ?
            LIMIT 1
            """;

    private CatalogCheck() {
    }

    /** Throws the one-line refusal when the statement reaches a dangerous object of this database. */
    static void check(DbSession session, ExecutionContext context, Set<String> names, boolean dml) {
        try {
            switch (session.dialect()) {
                case POSTGRES -> postgres(session.connection(), context, names, dml);
                case MYSQL -> mysql(session.connection(), context, names, dml);
                case SQLITE -> sqlite(session.connection(), context, names, dml);
            }
        } catch (SQLException e) {
            throw DbAgentException.badInput("refused: the catalog check failed, so the statement did not run ("
                    + firstLine(e.getMessage()) + ")");
        }
    }

    private static void postgres(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        String body = DangerousNames.postgresBodyPattern(context);
        try (PreparedStatement ps = c.prepareStatement(POSTGRES_DANGEROUS_OBJECTS)) {
            Array allowed = c.createArrayOf("text", POSTGRES_ALLOWED_EXTENSIONS.toArray());
            Array named = c.createArrayOf("text", names.toArray());
            int i = 1;
            ps.setArray(i++, allowed);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setArray(i++, named);
            ps.setArray(i++, named);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setString(i++, body);
            ps.setBoolean(i, dml);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw refused(rs.getString(1), rs.getString(2));
                }
            }
        }
    }

    private static void mysql(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        // name -> why, grown to a fixpoint: routines and views that use a denied name or a dangerous routine
        Map<String, String> bad = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM mysql.func")) {
            while (rs.next()) {
                bad.put(rs.getString(1).toLowerCase(Locale.ROOT), "is a UDF (native code loaded into the server)");
            }
        } catch (SQLException unreadable) {
            // mysql.func needs a privilege most users lack; the static list still covers the known UDFs
        }
        List<String[]> bodies = new ArrayList<>(); // {kind, name, body}
        query(c, "SELECT ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema')", "routine", bodies);
        query(c, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA NOT IN "
                + "('mysql', 'sys', 'information_schema', 'performance_schema')", "view", bodies);
        if (dml) {
            query(c, "SELECT CONCAT(TRIGGER_NAME, ' on ', EVENT_OBJECT_TABLE), ACTION_STATEMENT FROM "
                    + "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA NOT IN ('mysql', 'sys')", "trigger", bodies);
        }
        fixpoint(DialectKind.MYSQL, context, bodies, bad);
        refuseNamedOrTriggers(names, bad);
    }

    private static void sqlite(Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        List<String[]> bodies = new ArrayList<>();
        for (String schema : List.of("sqlite_master", "sqlite_temp_master")) {
            query(c, "SELECT name, sql FROM " + schema + " WHERE type = 'view'", "view", bodies);
            if (dml) {
                query(c, "SELECT name, sql FROM " + schema + " WHERE type = 'trigger'", "trigger", bodies);
            }
        }
        Map<String, String> bad = new LinkedHashMap<>();
        fixpoint(DialectKind.SQLITE, context, bodies, bad);
        refuseNamedOrTriggers(names, bad);
    }

    private static void query(Connection c, String sql, String kind, List<String[]> out) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String[] {kind, rs.getString(1), rs.getString(2)});
            }
        }
    }

    /** Marks bodies that use a denied name or an already-bad object, until nothing changes. */
    private static void fixpoint(DialectKind dialect, ExecutionContext context, List<String[]> bodies,
                                 Map<String, String> bad) {
        Map<String[], Set<String>> words = new LinkedHashMap<>();
        for (String[] b : bodies) {
            if (b[2] == null || b[2].isBlank()) {
                // the definition is hidden from this user: we cannot vouch for it
                bad.put(key(b), b[0].equals("trigger") ? "cannot be read by this user"
                        : "is a " + b[0] + " whose definition this user cannot read");
                continue;
            }
            words.put(b, GuardLexer.names(dialect, b[2]));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String[], Set<String>> e : words.entrySet()) {
                String k = key(e.getKey());
                if (bad.containsKey(k)) {
                    continue;
                }
                Map.Entry<String, String> denied = DangerousNames.firstDenied(dialect, context, e.getValue());
                String why = denied != null ? "calls " + denied.getKey() + "(), which " + denied.getValue() : null;
                for (String w : e.getValue()) {
                    if (why == null && !w.equals(e.getKey()[1].toLowerCase(Locale.ROOT)) && bad.containsKey(w)) {
                        why = "uses " + w + ", which " + bad.get(w);
                    }
                }
                if (why != null) {
                    bad.put(k, (e.getKey()[0].equals("trigger") ? "" : "is a " + e.getKey()[0] + " that ") + why);
                    changed = true;
                }
            }
        }
    }

    private static String key(String[] body) {
        return body[0].equals("trigger") ? "trigger " + body[1] : body[1].toLowerCase(Locale.ROOT);
    }

    private static void refuseNamedOrTriggers(Set<String> names, Map<String, String> bad) {
        for (Map.Entry<String, String> e : bad.entrySet()) {
            if (e.getKey().startsWith("trigger ") || names.contains(e.getKey())) {
                throw refused(e.getKey(), e.getValue());
            }
        }
    }

    private static DbAgentException refused(String name, String why) {
        String what = name.startsWith("trigger ") || name.startsWith("rule ") || name.startsWith("the default ")
                ? name : name + "()";
        String w = why.length() > 300 ? why.substring(0, 300) + "…" : why;
        return DbAgentException.badInput("refused: " + what + " " + w
                + " (side effect outside the transaction); run it yourself if you mean it");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}

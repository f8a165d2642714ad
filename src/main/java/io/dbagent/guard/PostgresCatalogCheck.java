package io.dbagent.guard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * PostgreSQL's catalog check ({@link CatalogCheck}): one query finds the dangerous functions (transitively), views,
 * and for DML the triggers, rules and column defaults that use them; the server matches bodies against the deny list
 * as a regular expression.
 */
final class PostgresCatalogCheck {

    /** Bad functions (transitively), bad views, and for DML the triggers/rules/defaults that use them. */
    private static final String DANGEROUS_OBJECTS = """
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

    private PostgresCatalogCheck() {
    }

    static void check(EngineGuard engine, Connection c, ExecutionContext context, Set<String> names, boolean dml)
            throws SQLException {
        String body = bodyPattern(engine, context);
        try (PreparedStatement ps = c.prepareStatement(DANGEROUS_OBJECTS)) {
            Array allowed = c.createArrayOf("text", CatalogCheck.POSTGRES_ALLOWED_EXTENSIONS.toArray());
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
                    throw CatalogCheck.refused(rs.getString(1), rs.getString(2));
                }
            }
        }
    }

    /**
     * A PostgreSQL regular expression (ARE, case-insensitive use) that finds a denied name in a function body or a
     * view definition; group 1 is the name.
     */
    static String bodyPattern(EngineGuard engine, ExecutionContext context) {
        Set<String> allowed = DangerousNames.allowedIn(context, engine);
        StringBuilder sb = new StringBuilder("\\m(");
        boolean first = true;
        for (DangerousNames.Entry e : engine.deniedNames()) {
            if (allowed.contains(e.pattern())) {
                continue;
            }
            sb.append(first ? "" : "|").append(e.pattern().replace("*", "\\w*"));
            first = false;
        }
        return sb.append(")\\M").toString();
    }
}

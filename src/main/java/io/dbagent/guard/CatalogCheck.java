package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbSession;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * database uses one, because a write reaches other tables through foreign-key cascades and trigger bodies. Each
 * engine reads its catalog in {@link EngineGuard#checkCatalog}: PostgreSQL in one query ({@link PostgresCatalogCheck}),
 * MySQL and SQLite by reading the bodies and marking them here ({@link #fixpoint}).
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

    private CatalogCheck() {
    }

    /** Throws the one-line refusal when the statement reaches a dangerous object of this database. */
    static void check(DbSession session, ExecutionContext context, Set<String> names, boolean dml) {
        try {
            EngineGuard.of(session.dialect()).checkCatalog(session.connection(), context, names, dml);
        } catch (SQLException e) {
            throw DbAgentException.badInput("refused: the catalog check failed, so the statement did not run ("
                    + firstLine(e.getMessage()) + ")");
        }
    }

    /** Adds {kind, name, body} for each row of {@code sql} (name, body). */
    static void query(Connection c, String sql, String kind, List<String[]> out) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new String[] {kind, rs.getString(1), rs.getString(2)});
            }
        }
    }

    /** Marks bodies that use a denied name or an already-bad object, until nothing changes. */
    static void fixpoint(EngineGuard engine, ExecutionContext context, List<String[]> bodies,
                         Map<String, String> bad) {
        Map<String[], Set<String>> words = new LinkedHashMap<>();
        for (String[] b : bodies) {
            if (b[2] == null || b[2].isBlank()) {
                // the definition is hidden from this user: we cannot vouch for it
                bad.put(key(b), b[0].equals("trigger") ? "cannot be read by this user"
                        : "is a " + b[0] + " whose definition this user cannot read");
                continue;
            }
            words.put(b, GuardLexer.names(engine, b[2]));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String[], Set<String>> e : words.entrySet()) {
                String k = key(e.getKey());
                if (bad.containsKey(k)) {
                    continue;
                }
                Map.Entry<String, String> denied = DangerousNames.firstDenied(engine, context, e.getValue());
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

    /** Refuses the first bad object the statement names, or any bad trigger. */
    static void refuseNamedOrTriggers(Set<String> names, Map<String, String> bad) {
        for (Map.Entry<String, String> e : bad.entrySet()) {
            if (e.getKey().startsWith("trigger ") || names.contains(e.getKey())) {
                throw refused(e.getKey(), e.getValue());
            }
        }
    }

    static DbAgentException refused(String name, String why) {
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

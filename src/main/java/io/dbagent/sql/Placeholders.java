package io.dbagent.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bind parameters in a statement: JDBC-style {@code ?} (numbered by position) and PostgreSQL-style {@code $n}.
 * Substitution writes SQL literals in their place, outside strings and comments only.
 */
public final class Placeholders {

    private Placeholders() {
    }

    /** The parameter names in order of first appearance: {@code $1}, {@code $2} or {@code ?1}, {@code ?2}. */
    public static List<String> find(String sql) {
        Set<String> names = new LinkedHashSet<>();
        int positional = 0;
        for (SqlLexer.Token t : SqlLexer.tokenize(sql)) {
            if (t.kind() == SqlLexer.Kind.PARAM) {
                names.add(t.text().equals("?") ? "?" + (++positional) : t.text());
            }
        }
        return new ArrayList<>(names);
    }

    /** How many distinct parameters the statement needs. */
    public static int count(String sql) {
        return find(sql).size();
    }

    /**
     * Replaces parameter number k (1-based: the k-th {@code ?} or {@code $k}) by {@code literals.get(k - 1)}, which
     * must already be valid SQL literals.
     */
    public static String substitute(String sql, List<String> literals) {
        StringBuilder sb = new StringBuilder();
        int positional = 0;
        for (SqlLexer.Token t : SqlLexer.tokenize(sql)) {
            if (t.kind() == SqlLexer.Kind.PARAM) {
                int k = t.text().equals("?") ? ++positional : Integer.parseInt(t.text().substring(1));
                if (k < 1 || k > literals.size()) {
                    throw new IllegalArgumentException("no value for parameter " + t.text());
                }
                sb.append(literals.get(k - 1));
            } else {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** Renders a Java value as a SQL literal: numbers bare, booleans as TRUE/FALSE, everything else quoted. */
    public static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString().toUpperCase(java.util.Locale.ROOT);
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}

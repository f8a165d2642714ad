package io.dbagent.dialect.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL prints {@code x IN ('a','b')} on a varchar column as {@code ARRAY['a'::character varying, …]::text[]},
 * but parsing that text back pushes the cast into the elements, so the same constraint reads back as
 * {@code ARRAY['a'::character varying::text, …]}. Both are brought to the second form before comparing, or every
 * such check and view would show as changed after its own migration.
 */
public final class PgExpressions {

    private static final Pattern ARRAY_CAST = Pattern.compile("^::([a-z_][a-z0-9_ ]*(?:\\(\\d+(?:,\\s*\\d+)?\\))?)\\[\\]");

    private PgExpressions() {
    }

    public static String canonical(String expr) {
        if (expr == null || !expr.contains("ARRAY[")) {
            return expr;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < expr.length()) {
            int start = expr.indexOf("ARRAY[", i);
            if (start < 0) {
                out.append(expr, i, expr.length());
                break;
            }
            int close = closing(expr, start + 5);
            if (close < 0) {
                out.append(expr, i, expr.length());
                break;
            }
            Matcher m = ARRAY_CAST.matcher(expr.substring(close + 1));
            out.append(expr, i, start);
            if (m.find()) {
                String type = m.group(1);
                List<String> elements = split(expr.substring(start + 6, close));
                out.append("ARRAY[");
                for (int k = 0; k < elements.size(); k++) {
                    out.append(k == 0 ? "" : ", ").append(canonical(elements.get(k).trim())).append("::").append(type);
                }
                out.append(']');
                i = close + 1 + m.end();
            } else {
                out.append(expr, start, close + 1);
                i = close + 1;
            }
        }
        return out.toString();
    }

    /** Index of the bracket closing the one at {@code open}, skipping quoted text. */
    private static int closing(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '(')) {
                depth++;
            } else if (!quoted && (c == ']' || c == ')') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }
}

package io.dbagent.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A small SQL tokenizer for the jobs that must not be fooled by quotes and comments: finding bind parameters,
 * replacing literals by placeholders (fingerprints). It knows single-quoted strings (with {@code ''} and, for
 * MySQL, backslash escapes), E'' strings, dollar-quoted strings, double- and back-quoted identifiers, {@code --},
 * {@code #} and block comments. It never fails: unterminated text simply runs to the end.
 */
public final class SqlLexer {

    /** Token kinds. */
    public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, PARAM, PUNCT, COMMENT, SPACE }

    /** One token with its exact source text. */
    public record Token(Kind kind, String text) {
    }

    private SqlLexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.SPACE, sql.substring(start, i)));
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                out.add(new Token(Kind.COMMENT, sql.substring(start, i)));
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.add(new Token(Kind.COMMENT, sql.substring(start, i)));
            } else if (c == '\'' || (c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = skipString(sql, c == '\'' ? i : i + 1);
                out.add(new Token(Kind.STRING, sql.substring(start, i)));
            } else if (c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? n : end + 1;
                out.add(new Token(Kind.QUOTED_IDENT, sql.substring(start, i)));
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.PARAM, sql.substring(start, i)));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                out.add(new Token(Kind.STRING, sql.substring(start, i)));
            } else if (c == '?') {
                i++;
                out.add(new Token(Kind.PARAM, "?"));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.'
                        || (sql.charAt(i) == '-' || sql.charAt(i) == '+') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E'))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i)));
            } else {
                i++;
                out.add(new Token(Kind.PUNCT, sql.substring(start, i)));
            }
        }
        return out;
    }

    private static int skipString(String sql, int quote) {
        int i = quote + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** {@code $tag$} starting at i, or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$') {
            return sql.substring(i, j + 1);
        }
        return null;
    }
}

package io.dbagent.sql;

/**
 * Small lexical helpers over SQL text that several dialects share: finding the end of a quoted string and the
 * parenthesis that closes another. {@code backslashEscapes} is true for MySQL/MariaDB (where {@code \'} stays inside
 * a string) and false for standard SQL (PostgreSQL, SQLite), where only a doubled quote does.
 */
public final class SqlText {

    private SqlText() {
    }

    /** Index just past the quote closing the one at {@code start}; the text's length when it never closes. */
    public static int closeQuote(String s, int start, char quote, boolean backslashEscapes) {
        int j = start + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\' && quote != '`' && j + 1 < s.length()) {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return s.length();
    }

    /** Index of the parenthesis closing the one at {@code open}, skipping quoted text; -1 if unbalanced. */
    public static int closingParen(String s, int open, boolean backslashEscapes) {
        int depth = 0;
        int i = open;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closeQuote(s, i, c, backslashEscapes);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Removes parentheses that wrap the whole text: {@code ((a > 0))} becomes {@code a > 0}, {@code (a) + (b)} stays. */
    public static String stripOuterParentheses(String text, boolean backslashEscapes) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        while (s.length() >= 2 && s.charAt(0) == '(' && closingParen(s, 0, backslashEscapes) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }
}

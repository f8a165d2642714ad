package io.dbagent.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL script into statements on {@code ;}, aware of what may legally contain a semicolon: quoted strings
 * and identifiers, comments, PostgreSQL dollar quotes ({@code $$ … $$}, {@code $fn$ … $fn$}), {@code BEGIN … END}
 * trigger bodies (SQLite, MySQL) and the MySQL client's {@code DELIMITER} directive. We do this ourselves because
 * parsers refuse some valid DDL, and a script must never be cut inside a function body.
 */
public final class ScriptSplitter {

    private ScriptSplitter() {
    }

    /** One statement and the 1-based line it starts on; {@code text} has no trailing delimiter. */
    public record Statement(String text, int line) {
    }

    public static List<String> split(String script) {
        return splitWithLines(script).stream().map(Statement::text).toList();
    }

    public static List<Statement> splitWithLines(String script) {
        List<Statement> out = new ArrayList<>();
        String delimiter = ";";
        StringBuilder cur = new StringBuilder();
        int n = script.length();
        int line = 1;
        int startLine = -1;
        int blockDepth = 0; // BEGIN … END nesting inside CREATE TRIGGER/PROCEDURE/FUNCTION bodies
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            // DELIMITER directive (MySQL client syntax) at the start of a line
            if (atLineStart(script, i) && script.regionMatches(true, i, "DELIMITER", 0, 9) && isBlank(cur)
                    && i + 9 < n && Character.isWhitespace(script.charAt(i + 9))) {
                int eol = script.indexOf('\n', i);
                if (eol < 0) {
                    eol = n;
                }
                delimiter = script.substring(i + 9, eol).trim();
                if (delimiter.isEmpty()) {
                    delimiter = ";";
                }
                cur.setLength(0);
                i = eol;
                continue;
            }
            if (!Character.isWhitespace(c) && startLine < 0 && !(c == '-' && peek(script, i + 1) == '-')
                    && !(c == '/' && peek(script, i + 1) == '*')) {
                startLine = line;
            }
            if (c == '\n') {
                line++;
            }
            if (c == '-' && peek(script, i + 1) == '-') {
                int eol = script.indexOf('\n', i);
                if (eol < 0) {
                    eol = n;
                }
                cur.append(script, i, eol);
                i = eol;
                continue;
            }
            if (c == '/' && peek(script, i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(script, i, end, '\n');
                cur.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = SqlText.closeQuote(script, i, c, c == '\'');
                line += count(script, i + 1, end, '\n');
                cur.append(script, i, end);
                i = end;
                continue;
            }
            // a custom DELIMITER (MySQL client syntax, often $$ or //) ends the statement wherever it appears, and
            // must win over PostgreSQL dollar quoting, which MySQL scripts never use
            if (!delimiter.equals(";") && script.startsWith(delimiter, i)) {
                add(out, cur, startLine);
                cur.setLength(0);
                startLine = -1;
                blockDepth = 0;
                i += delimiter.length();
                continue;
            }
            if (c == '$') {
                String tag = dollarTag(script, i);
                if (tag != null) {
                    int end = script.indexOf(tag, i + tag.length());
                    end = end < 0 ? n : end + tag.length();
                    line += count(script, i, end, '\n');
                    cur.append(script, i, end);
                    i = end;
                    continue;
                }
            }
            if (Character.isLetter(c) && (i == 0 || !isIdentPart(script.charAt(i - 1)))) {
                int end = i;
                while (end < n && isIdentPart(script.charAt(end))
                        && !(!delimiter.equals(";") && script.startsWith(delimiter, end))) {
                    end++;
                }
                String word = script.substring(i, end).toUpperCase(Locale.ROOT);
                if (word.equals("BEGIN") && inRoutineBody(cur)) {
                    blockDepth++;
                } else if ((word.equals("CASE")) && blockDepth > 0) {
                    blockDepth++;
                } else if (word.equals("END") && blockDepth > 0) {
                    // END IF / END LOOP / END WHILE / END REPEAT close statements that never opened a block
                    String next = nextWord(script, end);
                    if (!next.equals("IF") && !next.equals("LOOP") && !next.equals("WHILE") && !next.equals("REPEAT")) {
                        blockDepth--;
                    }
                }
                cur.append(script, i, end);
                i = end;
                continue;
            }
            if (blockDepth == 0 && script.startsWith(delimiter, i)) {
                add(out, cur, startLine);
                cur.setLength(0);
                startLine = -1;
                i += delimiter.length();
                continue;
            }
            cur.append(c);
            i++;
        }
        add(out, cur, startLine);
        return out;
    }

    /** {@code cur.toString().isBlank()} without copying: this runs for every character of the script. */
    private static boolean isBlank(StringBuilder cur) {
        for (int k = 0; k < cur.length(); k++) {
            if (!Character.isWhitespace(cur.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** True when the statement so far creates a trigger/procedure/function/event, whose body uses BEGIN … END. */
    private static boolean inRoutineBody(StringBuilder cur) {
        String head = cur.toString().toUpperCase(Locale.ROOT);
        return head.matches("(?s).*\\bCREATE\\b.*\\b(TRIGGER|PROCEDURE|FUNCTION|EVENT)\\b.*") && !head.contains("$");
    }

    private static void add(List<Statement> out, StringBuilder cur, int startLine) {
        String s = cur.toString().trim();
        if (!s.isEmpty() && !onlyComments(s)) {
            out.add(new Statement(s, Math.max(startLine, 1)));
        }
    }

    private static boolean onlyComments(String s) {
        String stripped = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)--.*$", "").trim();
        return stripped.isEmpty();
    }

    private static String nextWord(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        int k = j;
        while (k < s.length() && isIdentPart(s.charAt(k))) {
            k++;
        }
        return s.substring(j, k).toUpperCase(Locale.ROOT);
    }

    private static boolean atLineStart(String s, int i) {
        int j = i - 1;
        while (j >= 0 && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j--;
        }
        return j < 0 || s.charAt(j) == '\n';
    }

    private static char peek(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static int count(String s, int from, int to, char ch) {
        int k = 0;
        for (int j = from; j < to && j < s.length(); j++) {
            if (s.charAt(j) == ch) {
                k++;
            }
        }
        return k;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** {@code $$} or {@code $tag$} starting at i, or null when this dollar is a parameter like {@code $1}. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && isIdentPart(s.charAt(i - 1))) {
            return null;
        }
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$') {
            String tag = s.substring(i, j + 1);
            if (tag.length() > 2 && Character.isDigit(tag.charAt(1))) {
                return null;
            }
            return tag;
        }
        return null;
    }
}

package io.dbagent.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a SQL script into statements on {@code ;}, aware of what may legally contain a semicolon: quoted strings
 * and identifiers, comments, PostgreSQL dollar quotes ({@code $$ … $$}, {@code $fn$ … $fn$}), {@code BEGIN … END}
 * trigger bodies (SQLite, MySQL) and the MySQL client's {@code DELIMITER} directive; the text is read by
 * {@link SqlLexer} under {@link Lexing#script()}. We do this ourselves because parsers refuse some valid DDL, and a
 * script must never be cut inside a function body. A statement made only of comments is dropped, unless one of them
 * is a MySQL executable comment ({@code /*!…*}{@code /}), which the server runs.
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
        SqlLexer lexer = SqlLexer.at(script, Lexing.script(), 0);
        while (lexer.position() < n) {
            int i = lexer.position();
            // DELIMITER directive (MySQL client syntax) at the start of a line
            if (atLineStart(script, i) && script.regionMatches(true, i, "DELIMITER", 0, 9)
                    && i + 9 < n && Character.isWhitespace(script.charAt(i + 9))
                    && (isBlank(cur) || onlyComments(cur.toString()))) {
                int eol = script.indexOf('\n', i);
                if (eol < 0) {
                    eol = n;
                }
                delimiter = script.substring(i + 9, eol).trim();
                if (delimiter.isEmpty()) {
                    delimiter = ";";
                }
                cur.setLength(0);
                lexer.seek(eol);
                continue;
            }
            SqlLexer.Token t = lexer.next();
            if (t.kind() == SqlLexer.Kind.STRING && script.charAt(i) == '$' && i > 0
                    && isIdentPart(script.charAt(i - 1))) {
                // "1$$" or "x$tag$": a dollar right after a name or number opens no dollar quote
                lexer.seek(i + 1);
                t = new SqlLexer.Token(SqlLexer.Kind.PUNCT, "$", i, i + 1);
            }
            boolean custom = !delimiter.equals(";");
            char c = script.charAt(i);
            boolean quoted = t.kind() == SqlLexer.Kind.COMMENT || c == '\'' || c == '"' || c == '`';
            if (t.kind() != SqlLexer.Kind.SPACE && t.kind() != SqlLexer.Kind.COMMENT && startLine < 0) {
                startLine = line;
            }
            // a custom DELIMITER (MySQL client syntax, often $$ or //) ends the statement wherever it appears outside
            // quotes and comments, and must win over PostgreSQL dollar quoting, which MySQL scripts never use
            if (custom && !quoted && script.startsWith(delimiter, i)) {
                add(out, cur, startLine);
                cur.setLength(0);
                startLine = -1;
                blockDepth = 0;
                lexer.seek(i + delimiter.length());
                continue;
            }
            String text = t.text();
            if (t.kind() == SqlLexer.Kind.WORD) {
                int cut = custom ? text.indexOf(delimiter) : -1;
                if (cut > 0) {
                    text = text.substring(0, cut); // END$$: the word ends where the delimiter starts
                    lexer.seek(i + cut);
                }
                String word = text.toUpperCase(Locale.ROOT);
                if (word.equals("BEGIN") && inRoutineBody(cur)) {
                    blockDepth++;
                } else if (word.equals("CASE") && blockDepth > 0) {
                    blockDepth++;
                } else if (word.equals("END") && blockDepth > 0) {
                    // END IF / END LOOP / END WHILE / END REPEAT close statements that never opened a block
                    String next = nextWord(script, i + text.length());
                    if (!next.equals("IF") && !next.equals("LOOP") && !next.equals("WHILE") && !next.equals("REPEAT")) {
                        blockDepth--;
                    }
                }
            } else if (!custom && blockDepth == 0 && t.kind() == SqlLexer.Kind.PUNCT && c == ';') {
                add(out, cur, startLine);
                cur.setLength(0);
                startLine = -1;
                continue;
            }
            line += count(text, '\n');
            cur.append(text);
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
            out.add(new Statement(withoutTrailingComments(s), Math.max(startLine, 1)));
        }
    }

    /**
     * The statement without the comments after its last token: they introduce what follows, as in a script that
     * starts each statement with the semicolon ending the previous one ({@code ; CREATE …}).
     */
    private static String withoutTrailingComments(String s) {
        int end = -1;
        for (SqlLexer.Token t : SqlLexer.tokenize(s, Lexing.script())) {
            boolean comment = t.kind() == SqlLexer.Kind.COMMENT && !SqlLexer.isExecutableComment(t.text(), 0)
                    && !(t.text().startsWith("/*") && (t.text().length() < 4 || !t.text().endsWith("*/")));
            if (t.kind() != SqlLexer.Kind.SPACE && !comment) {
                end = t.end();
            }
        }
        return end < 0 || end >= s.length() ? s : s.substring(0, end).trim();
    }

    /**
     * True when the text holds nothing but comments. A MySQL executable comment
     * ({@code /*!50001 CREATE VIEW …*}{@code /}, as mariadb-dump writes views and triggers) is code, not a comment; an
     * unclosed block comment is left for the server to refuse.
     */
    private static boolean onlyComments(String s) {
        for (SqlLexer.Token t : SqlLexer.tokenize(s, Lexing.script())) {
            String c = t.text();
            boolean unclosed = c.startsWith("/*") && (c.length() < 4 || !c.endsWith("*/"));
            boolean comment = t.kind() == SqlLexer.Kind.COMMENT && !unclosed && !SqlLexer.isExecutableComment(c, 0);
            if (t.kind() != SqlLexer.Kind.SPACE && !comment) {
                return false;
            }
        }
        return true;
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

    private static int count(String s, char ch) {
        int k = 0;
        for (int j = 0; j < s.length(); j++) {
            if (s.charAt(j) == ch) {
                k++;
            }
        }
        return k;
    }

    private static boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

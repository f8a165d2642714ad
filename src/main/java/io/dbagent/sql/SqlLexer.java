package io.dbagent.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL tokenizer: every job that must not be fooled by quotes and comments reads SQL through it (fingerprints and
 * placeholders, the script splitter, SQLite's CREATE TABLE parser, the statement guard). What counts as a comment,
 * a string or a quoted name is set by a {@link Lexing}: each engine's rules, or a lenient reading that knows them all.
 * It never fails: unterminated text simply runs to the end. Tokens carry offsets into the text, and their text is the
 * exact source (quotes included).
 */
public final class SqlLexer {

    /** Token kinds. */
    public enum Kind {
        WORD, QUOTED_IDENT, STRING, NUMBER, PARAM, PUNCT, COMMENT, SPACE,
        /** PostgreSQL {@code U&"…"}: an identifier spelled with escapes, whose real name is not decoded. */
        UNICODE_IDENT
    }

    /** One token with its exact source text; {@code start} inclusive and {@code end} exclusive offsets. */
    public record Token(Kind kind, String text, int start, int end) {
    }

    private final String s;
    private final Lexing m;
    private final int n;
    private int i;
    /** Inside a MySQL comment whose content is code ({@code /*!…}): its {@code *}{@code /} is not a token. */
    private boolean inExecutedComment;

    private SqlLexer(String s, Lexing m) {
        this.s = s;
        this.m = m;
        this.n = s.length();
    }

    /** The tokens of {@code sql} under the {@link Lexing#lenient() lenient} reading, trivia included. */
    public static List<Token> tokenize(String sql) {
        return tokenize(sql, Lexing.lenient());
    }

    public static List<Token> tokenize(String sql, Lexing lexing) {
        SqlLexer lexer = new SqlLexer(sql, lexing);
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            out.add(t);
        }
        return out;
    }

    /** A lexer positioned at {@code from}, for callers that read one token at a time and may skip text. */
    public static SqlLexer at(String sql, Lexing lexing, int from) {
        SqlLexer lexer = new SqlLexer(sql, lexing);
        lexer.i = from;
        return lexer;
    }

    /** Where the next token starts (or the text's length). */
    public int position() {
        return i;
    }

    /** Continues reading at {@code to} (a position the caller has consumed itself). */
    public void seek(int to) {
        i = to;
    }

    /**
     * True for a MySQL/MariaDB comment that the server runs as code: {@code /*!…} and {@code /*M!…}, unless its version
     * has six digits and is at least 900000 (mariadb-dump's {@code /*M!999999\- enable the sandbox mode *}{@code /}).
     */
    public static boolean isExecutableComment(String s, int at) {
        int j = at + 2;
        int n = s.length();
        if (!s.startsWith("/*", at)) {
            return false;
        }
        boolean executed = j < n && s.charAt(j) == '!'
                || j + 1 < n && (s.charAt(j) == 'M' || s.charAt(j) == 'm') && s.charAt(j + 1) == '!';
        if (!executed) {
            return false;
        }
        j = s.indexOf('!', j) + 1;
        int d = j;
        while (j < n && Character.isDigit(s.charAt(j)) && j - d < 6) {
            j++;
        }
        return !(j - d == 6 && Integer.parseInt(s.substring(d, j)) >= 900000);
    }

    /** The next token, or null at the end; without trivia, white space and comments are skipped. */
    public Token next() {
        while (i < n) {
            Token t = scan();
            if (t != null && (m.keepTrivia() || t.kind() != Kind.SPACE && t.kind() != Kind.COMMENT)) {
                return t;
            }
        }
        return null;
    }

    /** Reads what starts at i; returns the token, or null when it consumed something that is no token. */
    private Token scan() {
        char c = s.charAt(i);
        int start = i;
        if (c <= ' ' || c == 0x7f) {
            // only ASCII space and controls: every engine reads letters past 0x7f (even U+2003) as part of a name
            while (i < n && (s.charAt(i) <= ' ' || s.charAt(i) == 0x7f)) {
                i++;
            }
            return token(Kind.SPACE, start);
        }
        if (lineComment(c)) {
            while (i < n && s.charAt(i) != '\n' && (s.charAt(i) != '\r' || !m.crEndsLineComment())) {
                i++;
            }
            return token(Kind.COMMENT, start);
        }
        if (c == '/' && peek(1) == '*') {
            return blockComment() ? token(Kind.COMMENT, start) : null;
        }
        if (c == '*' && peek(1) == '/' && (inExecutedComment || m.commentsAreCode())) {
            inExecutedComment = false;
            i += 2;
            return null;
        }
        if (c == '\'') {
            i = endOfQuoted(i, '\'', m.backslashEscapes());
            return token(Kind.STRING, start);
        }
        if (c == '"') {
            if (m.doubleQuoteStrings()) {
                i = endOfQuoted(i, '"', m.backslashEscapes());
                return token(Kind.STRING, start);
            }
            i = endOfQuoted(i, '"', false);
            return token(Kind.QUOTED_IDENT, start);
        }
        if (c == '`' && m.backtickQuotes()) {
            i = endOfQuoted(i, '`', false);
            return token(Kind.QUOTED_IDENT, start);
        }
        if (c == '[' && m.bracketQuotes()) {
            int end = s.indexOf(']', i + 1);
            i = end < 0 ? n : end + 1;
            return token(Kind.QUOTED_IDENT, start);
        }
        if (c == '$' && m.params() && Character.isDigit(peek(1))) {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            return token(Kind.PARAM, start);
        }
        if (c == '$' && m.dollarQuotes() && dollarTag() != null) {
            String tag = dollarTag();
            int end = s.indexOf(tag, i + tag.length());
            i = end < 0 ? n : end + tag.length();
            return token(Kind.STRING, start);
        }
        if (c == '?' && m.params()) {
            i++;
            return token(Kind.PARAM, start);
        }
        if (Character.isDigit(c) || m.looseNumbers() && c == '.' && Character.isDigit(peek(1))) {
            return number();
        }
        if ((c == 'x' || c == 'X') && m.blobLiterals() && peek(1) == '\'') {
            i = endOfQuoted(i + 1, '\'', false);
            return token(Kind.STRING, start);
        }
        if (identStart(c)) {
            return word();
        }
        i++;
        return token(Kind.PUNCT, start);
    }

    private Token token(Kind kind, int start) {
        return new Token(kind, s.substring(start, i), start, i);
    }

    private boolean lineComment(char c) {
        if (c == '-' && peek(1) == '-') {
            // MySQL: "--" opens a comment only when a space or control character follows ("1--1" is arithmetic)
            return !m.dashCommentNeedsSpace() || i + 2 >= n || s.charAt(i + 2) <= ' ';
        }
        return c == '#' && m.hashComments();
    }

    /** Consumes a block comment, or only the opening of one that is code; true when a comment was consumed. */
    private boolean blockComment() {
        if (m.executableComments() && (s.startsWith("/*!", i) || s.startsWith("/*M!", i) || s.startsWith("/*m!", i))
                && (isExecutableComment(s, i) || m.commentsAreCode())) {
            // /*!  /*!50003  /*M!100101: the server runs the content when its version is at least the number
            int j = s.indexOf('!', i + 2) + 1;
            int d = j;
            while (j < n && Character.isDigit(s.charAt(j)) && j - d < 6) {
                j++;
            }
            i = j;
            inExecutedComment = true;
            return false;
        }
        if (m.commentsAreCode()) {
            i += 2;
            return false;
        }
        if (m.nestedComments()) {
            int depth = 0;
            while (i < n) {
                if (s.startsWith("/*", i)) {
                    depth++;
                    i += 2;
                } else if (s.startsWith("*/", i)) {
                    depth--;
                    i += 2;
                    if (depth == 0) {
                        return true;
                    }
                } else {
                    i++;
                }
            }
            return true;
        }
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        return true;
    }

    /** Index after the closing quote of a quoted run starting at {@code from}; doubled quotes stay inside. */
    private int endOfQuoted(int from, char q, boolean backslash) {
        int j = from + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (backslash && c == '\\') {
                j += 2;
            } else if (c == q) {
                if (j + 1 < n && s.charAt(j + 1) == q) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private Token number() {
        int start = i;
        if (!m.looseNumbers()) {
            // what follows the digits ("1e5", MySQL's "1abc" names) is read as a word: one more name to check
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            return token(Kind.NUMBER, start);
        }
        i++;
        while (i < n) {
            char d = s.charAt(i);
            boolean exponentSign = (d == '+' || d == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
                    && !s.regionMatches(true, start, "0x", 0, 2);
            if (Character.isLetterOrDigit(d) || d == '.' || d == '_' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        return token(Kind.NUMBER, start);
    }

    private Token word() {
        int start = i;
        while (i < n && identPart(s.charAt(i))) {
            i++;
        }
        if (i < n && i - start == 1) {
            char w = s.charAt(start);
            if (m.escapeStrings() && (w == 'e' || w == 'E') && s.charAt(i) == '\'') {
                // E'…': backslash escapes whatever standard_conforming_strings says
                i = endOfQuoted(i, '\'', true);
                return token(Kind.STRING, start);
            }
            if (m.unicodeStrings() && (w == 'u' || w == 'U') && s.charAt(i) == '&' && i + 1 < n) {
                char q = s.charAt(i + 1);
                if (q == '\'') {
                    i = endOfQuoted(i + 1, '\'', m.backslashEscapes());
                    return token(Kind.STRING, start);
                }
                if (q == '"') {
                    i = endOfQuoted(i + 1, '"', false);
                    return token(Kind.UNICODE_IDENT, start);
                }
            }
        }
        return token(Kind.WORD, start);
    }

    /** {@code $$} or {@code $tag$} at i, or null ({@code $1} is a parameter). */
    private String dollarTag() {
        int j = i + 1;
        if (j < n && Character.isDigit(s.charAt(j))) {
            return null;
        }
        while (j < n && identPart(s.charAt(j)) && s.charAt(j) != '$') {
            j++;
        }
        return j < n && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    private char peek(int k) {
        return i + k < n ? s.charAt(i + k) : '\0';
    }

    private static boolean identStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean identPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}

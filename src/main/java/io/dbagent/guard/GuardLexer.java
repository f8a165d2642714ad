package io.dbagent.guard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The guard's own tokenizer. Unlike {@link io.dbagent.sql.SqlLexer} (built for fingerprints, where a wrong guess costs
 * a worse grouping), a wrong guess here lets an attacker hide a function call in what we took for a comment or a
 * string. So it follows each engine's lexical rules exactly, and because some of those rules depend on session
 * settings we cannot see or trust (PostgreSQL's {@code standard_conforming_strings}, MySQL's
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}), callers scan under every plausible {@link Mode} and take the
 * union of what they find. A name that is code under any lexing counts; false alarms on odd text are the price. The
 * engine's fixed rules are its {@link Syntax}; the lexings to try are its {@link EngineGuard#lexings()}.
 */
final class GuardLexer {

    /** Token kinds; comments and white space are dropped. */
    enum Kind {
        WORD, QUOTED, STRING, NUMBER, PUNCT,
        /** PostgreSQL {@code U&"…"}: an identifier spelled with escapes, whose real name we do not decode. */
        UNICODE_IDENT
    }

    /** One code token; {@code text} is the raw word, the unescaped content of a quoted name, or the punctuation. */
    record Token(Kind kind, String text, int start, int end) {

        boolean isWord(String w) {
            return kind == Kind.WORD && text.equalsIgnoreCase(w);
        }

        boolean isPunct(String p) {
            return kind == Kind.PUNCT && text.equals(p);
        }

        /** The lower-cased name for WORD and QUOTED tokens, else null. */
        String name() {
            return kind == Kind.WORD || kind == Kind.QUOTED ? text.toLowerCase(Locale.ROOT) : null;
        }
    }

    /**
     * The lexical rules of one engine that no session setting changes.
     *
     * @param backtickNames        {@code `…`} quotes a name (MySQL, SQLite)
     * @param bracketNames         {@code […]} quotes a name (SQLite)
     * @param dollarQuotes         {@code $$…$$} and {@code $tag$…$tag$} are strings (PostgreSQL)
     * @param prefixedLiterals     {@code E'…'} (backslash escapes always) and {@code U&'…'}, {@code U&"…"}
     *                             (PostgreSQL)
     * @param nestedComments       block comments nest (PostgreSQL)
     * @param hashComments         {@code #} opens a line comment (MySQL)
     * @param dashCommentNeedsSpace {@code --} opens a comment only before a space or control character (MySQL)
     * @param executableComments   {@code /*!…}, {@code /*M!…} comments are code (MySQL/MariaDB)
     */
    record Syntax(boolean backtickNames, boolean bracketNames, boolean dollarQuotes, boolean prefixedLiterals,
                  boolean nestedComments, boolean hashComments, boolean dashCommentNeedsSpace,
                  boolean executableComments) {
    }

    /**
     * One way to lex a statement.
     *
     * @param syntax            the engine's fixed rules
     * @param backslashEscapes  backslash escapes a quote in plain {@code '…'} strings (and MySQL {@code "…"} strings)
     * @param doubleQuoteString MySQL without ANSI_QUOTES: {@code "…"} is a string, not a name
     * @param commentsAreCode   paranoid variant: block comments are read as code (names only, never for structure)
     * @param real              a lexing some engine session really uses (counted for statement boundaries)
     *                          <p>{@code backslashEscapes} and {@code doubleQuoteString} are set only in the lexings
     *                          of an engine that has them (MySQL; PostgreSQL with standard_conforming_strings off).
     */
    record Mode(Syntax syntax, boolean backslashEscapes, boolean doubleQuoteString, boolean commentsAreCode,
                boolean real) {
    }

    private GuardLexer() {
    }

    /** The code tokens of {@code sql} under the usual lexing of the engine. */
    static List<Token> tokens(EngineGuard engine, String sql) {
        return tokenize(sql, engine.lexings().get(0));
    }

    /** Every lower-cased name (word or quoted identifier) that is code under at least one lexing. */
    static Set<String> names(EngineGuard engine, String sql) {
        Set<String> out = new LinkedHashSet<>();
        for (Mode m : engine.lexings()) {
            for (Token t : tokenize(sql, m)) {
                String n = t.name();
                if (n != null) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** Every lower-cased word found inside string literals (function bodies are strings on PostgreSQL). */
    static Set<String> namesInStrings(EngineGuard engine, String sql) {
        Set<String> out = new LinkedHashSet<>();
        for (Mode m : engine.lexings()) {
            for (Token t : tokenize(sql, m)) {
                if (t.kind() == Kind.STRING) {
                    out.addAll(names(engine, t.text()));
                    for (String w : t.text().split("[^\\p{L}\\p{N}_$]+")) {
                        if (!w.isEmpty()) {
                            out.add(w.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return out;
    }

    static List<Token> tokenize(String sql, Mode m) {
        return new Scan(sql, m).run();
    }

    /** One pass over the text. */
    private static final class Scan {
        private final String s;
        private final Mode m;
        private final Syntax x;
        private final int n;
        private final List<Token> out = new ArrayList<>();
        private int i;
        /** Inside a MySQL comment whose content is code ({@code /*!…}): its {@code *}{@code /} is not a token. */
        private boolean inExecutedComment;

        Scan(String s, Mode m) {
            this.s = s;
            this.m = m;
            this.x = m.syntax();
            this.n = s.length();
        }

        List<Token> run() {
            while (i < n) {
                char c = s.charAt(i);
                int start = i;
                if (c <= ' ' || c == 0x7f) {
                    // only ASCII space and controls: every engine reads letters past 0x7f (even U+2003) as part of a name
                    i++;
                } else if (lineComment(c)) {
                    while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                        i++;
                    }
                } else if (c == '/' && peek(1) == '*') {
                    blockComment();
                } else if (c == '*' && peek(1) == '/' && (inExecutedComment || m.commentsAreCode())) {
                    inExecutedComment = false;
                    i += 2;
                } else if (c == '\'') {
                    i = endOfQuoted(i, '\'', m.backslashEscapes());
                    out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
                } else if (c == '"') {
                    if (m.doubleQuoteString()) {
                        i = endOfQuoted(i, '"', m.backslashEscapes());
                        out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
                    } else {
                        quotedName('"');
                    }
                } else if (c == '`' && x.backtickNames()) {
                    quotedName('`');
                } else if (c == '[' && x.bracketNames()) {
                    int end = s.indexOf(']', i + 1);
                    i = end < 0 ? n : end + 1;
                    out.add(new Token(Kind.QUOTED, s.substring(start + 1, end < 0 ? n : end), start, i));
                } else if (c == '$' && x.dollarQuotes() && dollarTag() != null) {
                    String tag = dollarTag();
                    int end = s.indexOf(tag, i + tag.length());
                    i = end < 0 ? n : end + tag.length();
                    out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
                } else if (Character.isDigit(c)) {
                    number();
                } else if (identStart(c)) {
                    word();
                } else {
                    i++;
                    out.add(new Token(Kind.PUNCT, String.valueOf(c), start, i));
                }
            }
            return out;
        }

        private boolean lineComment(char c) {
            if (c == '-' && peek(1) == '-') {
                // MySQL: "--" opens a comment only when a space or control character follows ("1--1" is arithmetic)
                return !x.dashCommentNeedsSpace() || i + 2 >= n || s.charAt(i + 2) <= ' ';
            }
            return c == '#' && x.hashComments();
        }

        private void blockComment() {
            if (x.executableComments()) {
                int j = i + 2;
                boolean executed = j < n && s.charAt(j) == '!'
                        || j + 1 < n && (s.charAt(j) == 'M' || s.charAt(j) == 'm') && s.charAt(j + 1) == '!';
                if (executed) {
                    // /*!  /*!50003  /*M!100101: the server runs the content when its version is at least the number
                    j = s.indexOf('!', j) + 1;
                    int d = j;
                    while (j < n && Character.isDigit(s.charAt(j)) && j - d < 6) {
                        j++;
                    }
                    boolean neverRuns = j - d == 6 && Integer.parseInt(s.substring(d, j)) >= 900000;
                    if (!neverRuns || m.commentsAreCode()) {
                        i = j;
                        inExecutedComment = true;
                        return;
                    }
                }
            }
            if (m.commentsAreCode()) {
                i += 2;
                return;
            }
            if (x.nestedComments()) {
                // PostgreSQL block comments nest
                int depth = 0;
                while (i < n) {
                    if (s.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (s.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            return;
                        }
                    } else {
                        i++;
                    }
                }
                return;
            }
            int end = s.indexOf("*/", i + 2);
            i = end < 0 ? n : end + 2;
        }

        private void quotedName(char q) {
            int start = i;
            int end = endOfQuoted(i, q, false);
            String body = s.substring(start + 1, end);
            if (body.endsWith(String.valueOf(q))) {
                body = body.substring(0, body.length() - 1);
            }
            out.add(new Token(Kind.QUOTED, body.replace(String.valueOf(q) + q, String.valueOf(q)), start, end));
            i = end;
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

        private void number() {
            int start = i;
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
            // what follows the digits ("1e5", MySQL's "1abc" names) is read as a word: one more name to check
        }

        private void word() {
            int start = i;
            while (i < n && identPart(s.charAt(i))) {
                i++;
            }
            String w = s.substring(start, i);
            if (x.prefixedLiterals() && i < n) {
                if (w.equalsIgnoreCase("e") && s.charAt(i) == '\'') {
                    // E'…': backslash escapes whatever standard_conforming_strings says
                    i = endOfQuoted(i, '\'', true);
                    out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
                    return;
                }
                if (w.equalsIgnoreCase("u") && s.charAt(i) == '&' && i + 1 < n) {
                    char q = s.charAt(i + 1);
                    if (q == '\'') {
                        i = endOfQuoted(i + 1, '\'', m.backslashEscapes());
                        out.add(new Token(Kind.STRING, s.substring(start, i), start, i));
                        return;
                    }
                    if (q == '"') {
                        i = endOfQuoted(i + 1, '"', false);
                        out.add(new Token(Kind.UNICODE_IDENT, s.substring(start, i), start, i));
                        return;
                    }
                }
            }
            out.add(new Token(Kind.WORD, w, start, i));
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
}

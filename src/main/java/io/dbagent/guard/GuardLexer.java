package io.dbagent.guard;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.Lexing;
import io.dbagent.sql.SqlLexer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The guard's reading of a statement. A wrong guess here lets an attacker hide a function call in what we took for a
 * comment or a string, so it runs {@link SqlLexer} under each engine's lexical rules exactly, and because some of those
 * rules depend on session settings we cannot see or trust (PostgreSQL's {@code standard_conforming_strings}, MySQL's
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}), callers scan under every plausible {@link Mode} and take the
 * union of what they find. A name that is code under any lexing counts; false alarms on odd text are the price.
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
     * One way to lex a statement.
     *
     * @param backslashEscapes  backslash escapes a quote in plain {@code '…'} strings (and MySQL {@code "…"} strings)
     * @param doubleQuoteString MySQL without ANSI_QUOTES: {@code "…"} is a string, not a name
     * @param commentsAreCode   paranoid variant: block comments are read as code (names only, never for structure)
     * @param real              a lexing some engine session really uses (counted for statement boundaries)
     */
    record Mode(DialectKind dialect, boolean backslashEscapes, boolean doubleQuoteString, boolean commentsAreCode,
                boolean real) {

        /** The tokenizer's rules for this reading. */
        Lexing lexing() {
            return switch (dialect) {
                case POSTGRES -> Lexing.postgres(backslashEscapes);
                case MYSQL -> Lexing.mysql(backslashEscapes, doubleQuoteString, commentsAreCode);
                case SQLITE -> Lexing.sqliteStrict();
            };
        }
    }

    private GuardLexer() {
    }

    /** Every lexing to consider for {@code dialect}; the first is the usual one. */
    static List<Mode> modes(DialectKind dialect) {
        return switch (dialect) {
            case POSTGRES -> List.of(
                    new Mode(dialect, false, false, false, true),  // standard_conforming_strings = on (default)
                    new Mode(dialect, true, false, false, true));  // … = off: backslashes escape in '…'
            case MYSQL -> List.of(
                    new Mode(dialect, true, true, false, true),    // default sql_mode
                    new Mode(dialect, true, false, false, true),   // ANSI_QUOTES
                    new Mode(dialect, false, true, false, true),   // NO_BACKSLASH_ESCAPES
                    new Mode(dialect, false, false, false, true),  // both
                    new Mode(dialect, true, true, true, false),    // in case a comment is executed after all
                    new Mode(dialect, false, true, true, false));
            case SQLITE -> List.of(new Mode(dialect, false, false, false, true));
        };
    }

    /** The code tokens of {@code sql} under the usual lexing of the dialect. */
    static List<Token> tokens(DialectKind dialect, String sql) {
        return tokenize(sql, modes(dialect).get(0));
    }

    /** Every lower-cased name (word or quoted identifier) that is code under at least one lexing. */
    static Set<String> names(DialectKind dialect, String sql) {
        Set<String> out = new LinkedHashSet<>();
        for (Mode m : modes(dialect)) {
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
    static Set<String> namesInStrings(DialectKind dialect, String sql) {
        Set<String> out = new LinkedHashSet<>();
        for (Mode m : modes(dialect)) {
            for (Token t : tokenize(sql, m)) {
                if (t.kind() == Kind.STRING) {
                    out.addAll(names(dialect, t.text()));
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
        List<Token> out = new ArrayList<>();
        for (SqlLexer.Token t : SqlLexer.tokenize(sql, m.lexing())) {
            out.add(switch (t.kind()) {
                case QUOTED_IDENT -> new Token(Kind.QUOTED, unquote(t.text()), t.start(), t.end());
                case STRING -> new Token(Kind.STRING, t.text(), t.start(), t.end());
                case NUMBER -> new Token(Kind.NUMBER, t.text(), t.start(), t.end());
                case UNICODE_IDENT -> new Token(Kind.UNICODE_IDENT, t.text(), t.start(), t.end());
                case WORD -> new Token(Kind.WORD, t.text(), t.start(), t.end());
                default -> new Token(Kind.PUNCT, t.text(), t.start(), t.end());
            });
        }
        return out;
    }

    /** The name inside {@code "…"}, {@code `…`} or {@code […]}, doubled quotes collapsed (unclosed: to the end). */
    private static String unquote(String quoted) {
        char q = quoted.charAt(0);
        String body = quoted.substring(1);
        if (q == '[') {
            return body.endsWith("]") ? body.substring(0, body.length() - 1) : body;
        }
        if (body.endsWith(String.valueOf(q))) {
            body = body.substring(0, body.length() - 1);
        }
        return body.replace(String.valueOf(q) + q, String.valueOf(q));
    }
}

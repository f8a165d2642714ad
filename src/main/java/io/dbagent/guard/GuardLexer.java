package io.dbagent.guard;

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
 * union of what they find. A name that is code under any lexing counts; false alarms on odd text are the price. The
 * lexings to try are the engine's {@link EngineGuard#lexings()}.
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
     * @param lexing the tokenizer's rules for this reading ({@code backslashEscapes} and {@code doubleQuoteStrings}
     *               are set only in the lexings of an engine that has them: MySQL, and PostgreSQL with
     *               standard_conforming_strings off; {@code commentsAreCode} is the paranoid variant that reads block
     *               comments as code, for names only, never for structure)
     * @param real   a lexing some engine session really uses (counted for statement boundaries)
     */
    record Mode(Lexing lexing, boolean real) {

        /** Backslash escapes a quote in plain {@code '…'} strings (and MySQL {@code "…"} strings). */
        boolean backslashEscapes() {
            return lexing.backslashEscapes();
        }

        /** MySQL without ANSI_QUOTES: {@code "…"} is a string, not a name. */
        boolean doubleQuoteString() {
            return lexing.doubleQuoteStrings();
        }

        /** Block comments are read as code. */
        boolean commentsAreCode() {
            return lexing.commentsAreCode();
        }
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

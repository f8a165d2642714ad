package io.dbagent.dialect.sqlite;

import io.dbagent.sql.Lexing;
import io.dbagent.sql.SqlLexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of the SQL text SQLite keeps in {@code sqlite_schema.sql}, read by {@link SqlLexer} under SQLite's rules
 * (what can hide a parenthesis, comma or keyword: string and blob literals, the three identifier quotes {@code "…"},
 * {@code `…`}, {@code […]}, and comments), with the navigation the CREATE TABLE parser needs. Tokens carry offsets
 * into the original text so that callers can cut expressions out verbatim.
 */
final class SqlTokens {

    enum Kind { WORD, IDENT, STRING, NUMBER, PUNCT }

    /** One token; {@code start} inclusive and {@code end} exclusive offsets into the tokenized text. */
    record Token(Kind kind, String text, int start, int end) {

        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        /** The identifier or literal value with its quotes removed and doubled quotes collapsed. */
        String name() {
            return switch (kind) {
                case IDENT -> switch (text.charAt(0)) {
                    case '[' -> text.substring(1, text.length() - 1);
                    case '`' -> inner('`');
                    default -> inner('"');
                };
                case STRING -> inner('\'');
                default -> text;
            };
        }

        private String inner(char quote) {
            String body = text.length() >= 2 && text.charAt(text.length() - 1) == quote
                    ? text.substring(1, text.length() - 1) : text.substring(1);
            return body.replace(String.valueOf(quote) + quote, String.valueOf(quote));
        }
    }

    private final String sql;
    private final List<Token> tokens;

    private SqlTokens(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    static SqlTokens of(String sql) {
        return new SqlTokens(sql, tokenize(sql));
    }

    int size() {
        return tokens.size();
    }

    Token get(int i) {
        return tokens.get(i);
    }

    /** True when token {@code i} exists and is the given keyword. */
    boolean is(int i, String keyword) {
        return i >= 0 && i < tokens.size() && tokens.get(i).is(keyword);
    }

    boolean isPunct(int i, char c) {
        return i >= 0 && i < tokens.size() && tokens.get(i).isPunct(c);
    }

    /** Index of the {@code )} that closes the {@code (} at {@code open}; the last token when unbalanced. */
    int closing(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct('(')) {
                depth++;
            } else if (tokens.get(i).isPunct(')') && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /** First index in [from, to) of the keyword outside any parentheses, or -1. */
    int findTopLevel(int from, int to, String keyword) {
        return topLevel(from, to, t -> t.is(keyword));
    }

    /** First index in [from, to) of a token outside any parentheses that matches {@code p}, or -1. */
    private int topLevel(int from, int to, java.util.function.Predicate<Token> p) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            if (t.isPunct('(')) {
                depth++;
            } else if (t.isPunct(')')) {
                depth--;
            } else if (depth == 0 && p.test(t)) {
                return i;
            }
        }
        return -1;
    }

    /** First index of a {@code (} at or after {@code from}, or -1. */
    int nextOpen(int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct('(')) {
                return i;
            }
        }
        return -1;
    }

    /** Splits the token range [from, to) on commas outside parentheses; each element is {from, to}. */
    List<int[]> splitTopLevel(int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        for (int comma = topLevel(from, to, t -> t.isPunct(',')); comma >= 0;
                comma = topLevel(start, to, t -> t.isPunct(','))) {
            out.add(new int[] {start, comma});
            start = comma + 1;
        }
        if (start < to) {
            out.add(new int[] {start, to});
        }
        return out;
    }

    /** The original text from the start of token {@code from} to the end of token {@code to - 1}, trimmed. */
    String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end()).trim();
    }

    /** The original text from the start of token {@code from} to the end of the statement, without a final {@code ;}. */
    String rest(int from) {
        int to = tokens.size();
        while (to > from && tokens.get(to - 1).isPunct(';')) {
            to--;
        }
        return text(from, to);
    }

    /** Upper-cased keyword at {@code i}, or "" when it is not a bare word. */
    String keyword(int i) {
        return i >= 0 && i < tokens.size() && tokens.get(i).kind() == Kind.WORD
                ? tokens.get(i).text().toUpperCase(Locale.ROOT) : "";
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        for (SqlLexer.Token t : SqlLexer.tokenize(s, Lexing.sqlite())) {
            Kind kind = switch (t.kind()) {
                case WORD -> Kind.WORD;
                case QUOTED_IDENT, UNICODE_IDENT -> Kind.IDENT;
                case STRING -> Kind.STRING;
                case NUMBER -> Kind.NUMBER;
                default -> Kind.PUNCT;
            };
            out.add(new Token(kind, t.text(), t.start(), t.end()));
        }
        return out;
    }
}

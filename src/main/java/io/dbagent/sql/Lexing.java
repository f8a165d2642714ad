package io.dbagent.sql;

/**
 * The lexical rules {@link SqlLexer} applies: which comments, quotes and literal forms exist. Each engine has its own
 * (its dialect's {@code lexing()}); some depend on session settings (PostgreSQL's {@code standard_conforming_strings}, MySQL's
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}), which is why they are options and not fixed per engine.
 *
 * @param hashComments          {@code #} starts a line comment (MySQL)
 * @param crEndsLineComment     a carriage return ends a line comment as well as a line feed (PostgreSQL's rule;
 *                              SQLite reads on to the line feed)
 * @param dashCommentNeedsSpace {@code --} opens a comment only before a space or control character (MySQL)
 * @param nestedComments        block comments nest (PostgreSQL)
 * @param executableComments    MySQL {@code /*!…*}{@code /} and {@code /*M!…*}{@code /} comments are code
 * @param commentsAreCode       paranoid reading: every block comment is read as code (the guard's extra lexing)
 * @param backslashEscapes      a backslash escapes the next character in {@code '…'} (and in {@code "…"} strings)
 * @param doubleQuoteStrings    {@code "…"} is a string, not a name (MySQL without ANSI_QUOTES)
 * @param backtickQuotes        {@code `…`} quotes a name (MySQL, SQLite)
 * @param bracketQuotes         {@code […]} quotes a name (SQLite)
 * @param dollarQuotes          {@code $$…$$} and {@code $tag$…$tag$} strings (PostgreSQL)
 * @param escapeStrings         {@code E'…'} strings, where backslash always escapes (PostgreSQL)
 * @param unicodeStrings        {@code U&'…'} strings and {@code U&"…"} names (PostgreSQL)
 * @param blobLiterals          {@code X'…'} is one literal (SQLite)
 * @param params                {@code ?} and {@code $1} are bind parameters, not punctuation
 * @param looseNumbers          a number may start with {@code .} and runs on through letters, digits, {@code _} and an
 *                              exponent's sign ({@code 1e-5}, {@code 0x1F}); otherwise only digits and dots, and what
 *                              follows is read as a word (as the guard wants: one more name to check)
 * @param keepTrivia            white space and comments are returned as tokens
 */
public record Lexing(boolean hashComments, boolean crEndsLineComment, boolean dashCommentNeedsSpace,
                     boolean nestedComments, boolean executableComments, boolean commentsAreCode,
                     boolean backslashEscapes,
                     boolean doubleQuoteStrings, boolean backtickQuotes, boolean bracketQuotes, boolean dollarQuotes,
                     boolean escapeStrings, boolean unicodeStrings, boolean blobLiterals, boolean params,
                     boolean looseNumbers, boolean keepTrivia) {

    /**
     * The tolerant reading used where the engine is not known or a wrong guess only costs a worse grouping
     * (fingerprints, placeholders): every comment and quote form, backslash escapes, dollar quotes and parameters.
     */
    public static Lexing lenient() {
        return new Lexing(true, false, false, false, false, false, true, false, true, false, true, true, false, false,
                true, true, true);
    }

    /**
     * The reading that finds statement boundaries in a script of any engine: {@code --} and block comments (MySQL
     * executable comments stay comments, so their content is never cut), quotes with backslash escapes in
     * {@code '…'}, dollar quotes, and no parameters.
     */
    public static Lexing script() {
        return new Lexing(false, false, false, false, false, false, true, false, true, false, true, false, false, false,
                false, true, true);
    }

    /** SQLite: backticks and brackets quote names, {@code X'…'} blob literals, loose numbers. */
    public static Lexing sqlite() {
        return new Lexing(false, false, false, false, false, false, false, false, true, true, false, false, false, true,
                false, true, false);
    }

    /** PostgreSQL; {@code backslashEscapes} is {@code standard_conforming_strings = off}. */
    public static Lexing postgres(boolean backslashEscapes) {
        return new Lexing(false, true, false, true, false, false, backslashEscapes, false, false, false, true, true,
                true, false, false, false, false);
    }

    /** MySQL/MariaDB under the given sql_mode ({@code doubleQuoteStrings}: no ANSI_QUOTES). */
    public static Lexing mysql(boolean backslashEscapes, boolean doubleQuoteStrings, boolean commentsAreCode) {
        return new Lexing(true, true, true, false, true, commentsAreCode, backslashEscapes, doubleQuoteStrings, true,
                false, false, false, false, false, false, false, false);
    }

    /** SQLite as the guard reads it: no blob literal, strict numbers. */
    public static Lexing sqliteStrict() {
        return new Lexing(false, true, false, false, false, false, false, false, true, true, false, false, false, false,
                false, false, false);
    }

    /** The same rules, returning white space and comments as tokens too. */
    public Lexing withTrivia() {
        return new Lexing(hashComments, crEndsLineComment, dashCommentNeedsSpace, nestedComments, executableComments,
                commentsAreCode, backslashEscapes, doubleQuoteStrings, backtickQuotes, bracketQuotes, dollarQuotes,
                escapeStrings, unicodeStrings, blobLiterals, params, looseNumbers, true);
    }
}

package io.dbagent.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a statement with its literals replaced by {@code ?}: {@code SELECT * FROM users WHERE id = 7} and
 * {@code select *  from users where id=8} share one fingerprint. Lists of values ({@code IN (1, 2, 3)},
 * multi-row VALUES, a one-element IN list too) collapse to one placeholder so batches of different sizes group together. Comments go, keywords
 * and unquoted identifiers are lower-cased, whitespace is normalised.
 */
public final class Fingerprint {

    private static final java.util.regex.Pattern LIST = java.util.regex.Pattern.compile("\\(\\?(?:\\s*,\\s*\\?)+\\)");
    private static final java.util.regex.Pattern ROWS =
            java.util.regex.Pattern.compile("\\(\\?\\+\\)(?:\\s*,\\s*\\(\\?\\+\\))+");
    private static final java.util.regex.Pattern SINGLE_ROWS =
            java.util.regex.Pattern.compile("\\(\\?\\)(?:\\s*,\\s*\\(\\?\\))+");
    private static final java.util.regex.Pattern IN_ONE = java.util.regex.Pattern.compile("\\bin \\(\\?\\)");

    private Fingerprint() {
    }

    public static String normalize(String sql) {
        List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql.strip());
        StringBuilder sb = new StringBuilder();
        String prev = "";
        String prevPrev = "";
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            String piece = switch (t.kind()) {
                case SPACE, COMMENT -> null;
                case STRING, NUMBER, PARAM -> "?";
                case WORD -> isLiteralWord(t.text()) ? "?" : t.text().toLowerCase(Locale.ROOT);
                default -> t.text();
            };
            if (piece == null) {
                continue;
            }
            // a sign directly before a number after an operator is part of the literal
            if (piece.equals("?") && (prev.equals("-") || prev.equals("+")) && !prevPrev.isEmpty()
                    && "=<>(,".contains(prevPrev.substring(prevPrev.length() - 1))) {
                sb.setLength(sb.length() - 1);
                sb.setLength(sb.length() - (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ' ? 1 : 0));
                prev = prevPrev;
            }
            if (!sb.isEmpty() && needsSpace(prev, piece)) {
                sb.append(' ');
            }
            sb.append(piece);
            prevPrev = prev;
            prev = piece;
        }
        String s = sb.toString();
        // (?, ?, ?) → (?+) and VALUES (?, ?), (?, ?) → VALUES (?+)
        if (s.contains("?")) {
            s = LIST.matcher(s).replaceAll("(?+)");
            s = ROWS.matcher(s).replaceAll("(?+)");
            s = SINGLE_ROWS.matcher(s).replaceAll("(?+)");
            // IN (5) is the one-element case of IN (5, 6): the same shape
            s = IN_ONE.matcher(s).replaceAll("in (?+)");
        }
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).stripTrailing();
        }
        return s;
    }

    /** A short stable id of the normalised text (first 16 hex digits of SHA-256). */
    public static String id(String sql) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(normalize(sql).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isLiteralWord(String w) {
        String l = w.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("false");
    }

    private static boolean needsSpace(String prev, String next) {
        if (prev.equals("(") || next.equals(")") || next.equals(",") || next.equals(".") || prev.equals(".")
                || next.equals(";") || prev.equals("::") || next.equals("::")) {
            return false;
        }
        if (next.equals("(") && !prev.isEmpty() && Character.isLetterOrDigit(prev.charAt(prev.length() - 1))) {
            // keep function calls tight: count(, lower(
            return isKeyword(prev);
        }
        return true;
    }

    private static boolean isKeyword(String w) {
        return switch (w) {
            case "in", "values", "from", "join", "and", "or", "not", "exists", "as", "on", "where", "select", "any",
                    "all", "into", "using", "over", "filter" -> true;
            default -> false;
        };
    }
}

package io.dbagent.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether every value of one column type fits another, so that a type change can be marked destructive
 * (narrowing) or not (widening). Conservative: a change it cannot prove safe counts as narrowing.
 */
public final class TypeWidth {

    private static final Pattern TYPE = Pattern.compile("^([a-z_ ]+?)\\s*(?:\\(([^)]*)\\))?\\s*(unsigned)?\\s*(zerofill)?$");

    private static final Map<String, Integer> INT_BYTES = Map.ofEntries(Map.entry("tinyint", 1),
            Map.entry("smallint", 2), Map.entry("int2", 2), Map.entry("mediumint", 3), Map.entry("int", 4),
            Map.entry("integer", 4), Map.entry("int4", 4), Map.entry("bigint", 8), Map.entry("int8", 8),
            Map.entry("serial", 4), Map.entry("bigserial", 8), Map.entry("smallserial", 2));

    /** Digits the largest signed value of each integer size needs. */
    private static final Map<Integer, Integer> INT_DIGITS = Map.of(1, 3, 2, 5, 3, 7, 4, 10, 8, 19);

    private static final Map<String, Long> TEXT_LENGTH = Map.of("text", Long.MAX_VALUE, "tinytext", 255L,
            "mediumtext", 16_777_215L, "longtext", Long.MAX_VALUE, "clob", Long.MAX_VALUE, "json", Long.MAX_VALUE,
            "jsonb", Long.MAX_VALUE);

    private TypeWidth() {
    }

    /**
     * True when a text column converted from character set {@code from} to {@code to} (MySQL/MariaDB names; null
     * where the engine has none) keeps every character: the same set, or a known superset ({@code ascii} into any
     * ASCII-compatible set, {@code latin1}, {@code utf8mb3} into the UTF-8 ones, {@code utf8mb3} into
     * {@code utf8mb4}). Conservative: any other change counts as losing characters.
     */
    public static boolean keepsCharacters(String from, String to) {
        if (from == null || to == null || from.equalsIgnoreCase(to)) {
            return true;
        }
        String a = charsetName(from);
        String b = charsetName(to);
        boolean utf8 = b.equals("utf8mb3") || b.equals("utf8mb4");
        return a.equals(b) || a.equals("ascii") && (utf8 || b.equals("latin1"))
                || a.equals("latin1") && utf8 || a.equals("utf8mb3") && b.equals("utf8mb4");
    }

    private static String charsetName(String charset) {
        String c = charset.toLowerCase(Locale.ROOT);
        return c.equals("utf8") ? "utf8mb3" : c;
    }

    /** True when converting a column from {@code from} to {@code to} keeps every value it can hold. */
    public static boolean keepsValues(String from, String to) {
        Parsed a = parse(from);
        Parsed b = parse(to);
        if (a == null || b == null) {
            return norm(from).equals(norm(to));
        }
        if (a.equals(b)) {
            return true;
        }
        if (a.isInt() && b.isInt()) {
            return a.unsigned() == b.unsigned() ? b.intBytes() >= a.intBytes()
                    : !a.unsigned() ? false : b.intBytes() > a.intBytes();
        }
        if (a.isInt() && b.isNumeric()) {
            return b.precision() < 0 || b.precision() - b.scale() >= INT_DIGITS.get(a.intBytes());
        }
        if (a.isInt() && b.isText()) {
            return b.length() >= 20;
        }
        if (a.isNumeric() && b.isNumeric()) {
            if (b.precision() < 0) {
                return true;
            }
            return a.precision() >= 0 && b.scale() >= a.scale() && b.precision() - b.scale() >= a.precision() - a.scale();
        }
        if (a.isText() && b.isText()) {
            return b.length() >= a.length();
        }
        if (a.base().equals("enum") && b.base().equals("enum")) {
            return b.labels().containsAll(a.labels());
        }
        if (a.base().equals("enum") && b.isText()) {
            return a.labels().stream().allMatch(l -> l.length() <= b.length());
        }
        if (a.isFloat() && b.isFloat()) {
            return b.floatBytes() >= a.floatBytes();
        }
        if ((a.base().equals("date") || a.base().startsWith("timestamp")) && b.base().startsWith("timestamp")) {
            return true;
        }
        return (a.base().equals("boolean") || a.base().equals("bool") || a.base().equals("uuid")) && b.isText()
                && b.length() >= 36;
    }

    private static String norm(String t) {
        return t == null ? "" : t.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private record Parsed(String base, String args, boolean unsigned) {

        boolean isInt() {
            return INT_BYTES.containsKey(base);
        }

        int intBytes() {
            return INT_BYTES.get(base);
        }

        boolean isNumeric() {
            return base.equals("numeric") || base.equals("decimal");
        }

        boolean isFloat() {
            return base.equals("real") || base.equals("float4") || base.equals("float") || base.equals("double")
                    || base.equals("double precision") || base.equals("float8");
        }

        int floatBytes() {
            return base.equals("real") || base.equals("float4") || base.equals("float") ? 4 : 8;
        }

        boolean isText() {
            return TEXT_LENGTH.containsKey(base) || base.equals("varchar") || base.equals("character varying")
                    || base.equals("char") || base.equals("character") || base.equals("nvarchar")
                    || base.equals("bpchar");
        }

        /** Characters it holds; unbounded text and PG varchar without a length hold any. */
        long length() {
            if (TEXT_LENGTH.containsKey(base)) {
                return TEXT_LENGTH.get(base);
            }
            if (args == null || args.isBlank()) {
                return base.startsWith("char") && !base.contains("varying") ? 1 : Long.MAX_VALUE;
            }
            try {
                return Long.parseLong(args.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        int precision() {
            if (args == null || args.isBlank()) {
                return -1;
            }
            return Integer.parseInt(args.split(",")[0].trim());
        }

        int scale() {
            if (args == null || !args.contains(",")) {
                return 0;
            }
            return Integer.parseInt(args.split(",")[1].trim());
        }

        List<String> labels() {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("'((?:[^']|'')*)'").matcher(args == null ? "" : args);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    private static Parsed parse(String type) {
        String t = norm(type);
        if (t.startsWith("enum(")) {
            return new Parsed("enum", t.substring(5, t.lastIndexOf(')')), false);
        }
        Matcher m = TYPE.matcher(t);
        if (!m.matches()) {
            return null;
        }
        String base = m.group(1).trim();
        String args = m.group(2);
        boolean unsigned = m.group(3) != null;
        if (INT_BYTES.containsKey(base) || base.equals("double") || base.equals("float")) {
            args = null; // display width, not a range
        }
        if (base.equals("double precision") || base.equals("float8")) {
            base = "double precision";
        }
        return new Parsed(base, args, unsigned);
    }
}

package io.dbagent.health;

import io.dbagent.report.SchemaRenderer;

import java.util.Locale;

/** Number formatting for finding messages: the number a user needs, written the way a DBA says it. */
public final class Fmt {

    private Fmt() {
    }

    public static String pct(double v) {
        return String.format(Locale.ROOT, v >= 99 && v < 100 ? "%.2f %%" : "%.1f %%", v);
    }

    public static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    public static String ms(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%,.0f ms", v) : String.format(Locale.ROOT, "%.2f ms", v);
    }

    public static String bytes(long b) {
        return SchemaRenderer.bytes(b);
    }

    public static String seconds(double s) {
        long t = Math.round(s);
        if (t < 120) {
            return t + " s";
        }
        if (t < 7200) {
            return (t / 60) + " min " + (t % 60) + " s";
        }
        return (t / 3600) + " h " + (t % 3600 / 60) + " min";
    }

    /** Rounds to two decimals for the evidence and metrics maps. */
    public static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** {@code schema.name}, leaving out the default schemas as the rest of dbagent does. */
    public static String qualified(String schema, String name) {
        return schema == null || schema.isEmpty() || "public".equals(schema) || "main".equals(schema)
                ? name : schema + "." + name;
    }

    /** Shortens a statement to one line for a message. */
    public static String oneLine(String sql, int max) {
        if (sql == null) {
            return "";
        }
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }
}

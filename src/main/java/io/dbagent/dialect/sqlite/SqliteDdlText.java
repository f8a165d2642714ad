package io.dbagent.dialect.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the parts of stored CREATE INDEX / VIEW / TRIGGER / VIRTUAL TABLE text that no pragma reports: index key
 * expressions and partial-index predicates, a view's SELECT, a trigger's timing and event, a virtual table's module.
 * Each method returns a neutral fallback instead of throwing when the text is not what it expects.
 */
final class SqliteDdlText {

    /** Key parts of an index as written (expressions verbatim, without COLLATE/ASC/DESC) and its WHERE predicate. */
    record IndexText(List<String> parts, String where) {
        static final IndexText EMPTY = new IndexText(List.of(), null);
    }

    /** Timing ({@code BEFORE}, {@code AFTER}, {@code INSTEAD OF}) and event of a trigger. */
    record TriggerText(String timing, String event) {
    }

    private SqliteDdlText() {
    }

    static IndexText index(String sql) {
        if (sql == null) {
            return IndexText.EMPTY;
        }
        SqlTokens t = SqlTokens.of(sql);
        int on = t.findTopLevel(0, t.size(), "ON");
        int open = on < 0 ? -1 : t.nextOpen(on);
        if (open < 0) {
            return IndexText.EMPTY;
        }
        int close = t.closing(open);
        List<String> parts = new ArrayList<>();
        for (int[] part : t.splitTopLevel(open + 1, close)) {
            int end = part[1];
            if (end - 1 > part[0] && (t.is(end - 1, "ASC") || t.is(end - 1, "DESC"))) {
                end--;
            }
            if (end - 2 > part[0] && t.is(end - 2, "COLLATE")) {
                end -= 2;
            }
            parts.add(t.text(part[0], end));
        }
        String where = t.is(close + 1, "WHERE") ? t.rest(close + 2) : null;
        return new IndexText(List.copyOf(parts), where);
    }

    /** The SELECT of a {@code CREATE VIEW name [(cols)] AS select}. */
    static String viewSelect(String sql) {
        if (sql == null) {
            return null;
        }
        SqlTokens t = SqlTokens.of(sql);
        int as = t.findTopLevel(0, t.size(), "AS");
        return as < 0 ? sql : t.rest(as + 1);
    }

    static TriggerText trigger(String sql) {
        SqlTokens t = SqlTokens.of(sql == null ? "" : sql);
        int i = t.findTopLevel(0, t.size(), "TRIGGER");
        if (i < 0) {
            return new TriggerText("BEFORE", null);
        }
        i++;
        if (t.is(i, "IF") && t.is(i + 1, "NOT") && t.is(i + 2, "EXISTS")) {
            i += 3;
        }
        i += t.isPunct(i + 1, '.') ? 3 : 1;
        String timing = "BEFORE"; // SQLite's default when the timing is omitted
        if (t.is(i, "BEFORE") || t.is(i, "AFTER")) {
            timing = t.keyword(i);
            i++;
        } else if (t.is(i, "INSTEAD") && t.is(i + 1, "OF")) {
            timing = "INSTEAD OF";
            i += 2;
        }
        String event = t.keyword(i);
        return new TriggerText(timing, event.isEmpty() ? null : event);
    }

    /** Lower-case module of a {@code CREATE VIRTUAL TABLE … USING module(…)}, or null. */
    static String virtualModule(String sql) {
        if (sql == null) {
            return null;
        }
        SqlTokens t = SqlTokens.of(sql);
        int using = t.findTopLevel(0, t.size(), "USING");
        return using < 0 || using + 1 >= t.size() ? null : t.get(using + 1).name().toLowerCase(Locale.ROOT);
    }
}

package io.dbagent.report;

import java.util.ArrayList;
import java.util.List;

/** Renders rows as left-aligned columns separated by two spaces, with a header underline; the CLI's table look. */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : c.toString());
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render(String indent) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, indent, header, widths);
        List<String> rule = new ArrayList<>();
        for (int w : widths) {
            rule.add("-".repeat(w));
        }
        line(sb, indent, rule, widths);
        for (List<String> r : rows) {
            line(sb, indent, r, widths);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String indent, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder(indent);
        for (int i = 0; i < widths.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            l.append(c);
            if (i < widths.length - 1) {
                l.append(" ".repeat(widths[i] - c.length() + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}

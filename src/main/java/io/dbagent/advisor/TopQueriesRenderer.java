package io.dbagent.advisor;

import io.dbagent.report.TextTable;

import java.util.Locale;

/** Text for {@code dbagent top-queries} and the chat's {@code /top}. */
public final class TopQueriesRenderer {

    private TopQueriesRenderer() {
    }

    /** A heading and one row per statement, its text on one line and cut after {@code sqlWidth} characters. */
    public static String text(TopQueries top, int sqlWidth) {
        StringBuilder sb = new StringBuilder("top " + top.queries().size() + " statements by total time ("
                + top.source() + ")\n");
        TextTable t = new TextTable("#", "calls", "total ms", "mean ms", "rows", "share", "statement");
        int i = 0;
        for (TopQueries.Query q : top.queries()) {
            String sql = q.sql().replaceAll("\\s+", " ").strip();
            t.row(++i, String.format(Locale.ROOT, "%,d", q.calls()), String.format(Locale.ROOT, "%.1f", q.totalMs()),
                    String.format(Locale.ROOT, "%.3f", q.meanMs()), String.format(Locale.ROOT, "%,d", q.rows()),
                    String.format(Locale.ROOT, "%.1f%%", q.sharePercent()),
                    sql.length() > sqlWidth ? sql.substring(0, sqlWidth) + "…" : sql);
        }
        return sb.append(t.render("  ")).toString();
    }
}

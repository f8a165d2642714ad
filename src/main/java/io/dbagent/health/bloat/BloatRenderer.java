package io.dbagent.health.bloat;

import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.report.TextTable;

import java.util.Locale;

/** The text and Markdown of a bloat {@link Report}: an aligned table most-wasted first, then the fixes. */
public final class BloatRenderer {

    private BloatRenderer() {
    }

    static String text(Report<?> report, BloatPayload r) {
        StringBuilder sb = new StringBuilder();
        sb.append("bloat of ").append(report.target()).append(" (").append(report.product()).append(")\n");
        sb.append(SchemaRenderer.bytes(r.totalWastedBytes())).append(" reclaimable in ").append(r.entries().size())
                .append(" tables and indexes\n\n");
        TextTable t = new TextTable("kind", "name", "table", "size", "wasted", "wasted %", "method");
        for (BloatEntry e : r.entries()) {
            t.row(e.kind(), qualified(e), e.table() == null ? "" : e.table(), SchemaRenderer.bytes(e.sizeBytes()),
                    SchemaRenderer.bytes(e.wastedBytes()), String.format(Locale.ROOT, "%.1f", e.wastedPercent()),
                    e.method());
        }
        sb.append(t.render("  "));
        boolean any = false;
        for (BloatEntry e : r.entries()) {
            if (e.fix() != null) {
                if (!any) {
                    sb.append("\nfixes:\n");
                    any = true;
                }
                sb.append("  ").append(qualified(e)).append(":\n    ").append(e.fix().replace("\n", "\n    ")).append('\n');
            }
        }
        sb.append(ReportRenderer.skippedText(report, "notes"));
        return sb.toString();
    }

    static String markdown(Report<?> report, BloatPayload r) {
        StringBuilder sb = new StringBuilder("## bloat of `").append(report.target()).append("` (").append(report.product())
                .append(")\n\n**").append(SchemaRenderer.bytes(r.totalWastedBytes())).append(" reclaimable**\n\n")
                .append("| kind | name | size | wasted | % | method | fix |\n|---|---|---|---|---|---|---|\n");
        for (BloatEntry e : r.entries()) {
            sb.append("| ").append(e.kind()).append(" | `").append(qualified(e)).append("` | ")
                    .append(SchemaRenderer.bytes(e.sizeBytes())).append(" | ").append(SchemaRenderer.bytes(e.wastedBytes()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", e.wastedPercent())).append(" | ")
                    .append(e.method()).append(" | ")
                    .append(e.fix() == null ? "" : "`" + e.fix().split("\n")[0].replace("|", "\\|") + "`").append(" |\n");
        }
        sb.append(ReportRenderer.skippedMarkdown(report, "Notes"));
        return sb.toString();
    }

    private static String qualified(BloatEntry e) {
        return e.schema() == null || "public".equals(e.schema()) || "main".equals(e.schema()) || "database".equals(e.kind())
                ? e.name() : e.schema() + "." + e.name();
    }
}

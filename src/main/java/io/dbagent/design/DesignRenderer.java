package io.dbagent.design;

import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.report.TextTable;

import java.util.List;

/**
 * Renders a {@link Design}: {@code sql} is the DDL script with the advice as comments (so it still runs),
 * {@code text} the DDL followed by the query table and findings, {@code json} the report envelope ({@link Design#report()}),
 * {@code mermaid} the ER diagram, {@code markdown} all of it for a design document.
 */
public final class DesignRenderer {

    private DesignRenderer() {
    }

    public static String render(Design d, OutputFormat format) {
        return switch (format) {
            case JSON -> Json.write(d.report()) + "\n";
            case MERMAID -> SchemaRenderer.mermaid(d.schema());
            case MARKDOWN -> markdown(d);
            case TEXT -> header(d) + d.ddl() + "\n" + queries(d) + "\n" + ReportRenderer.text(report(d));
            default -> header(d) + d.ddl() + comments(d);
        };
    }

    private static String header(Design d) {
        return "-- dbagent design " + d.name() + " for " + d.dialect() + ": " + d.schema().tables().size()
                + " tables, " + d.schema().triggers().size() + " triggers\n\n";
    }

    static Report<?> report(Design d) {
        return d.report();
    }

    private static String queries(Design d) {
        if (d.queries().isEmpty()) {
            return "no query patterns in the spec\n";
        }
        TextTable t = new TextTable("query", "tables", "joins", "per second");
        for (Design.QueryAnalysis q : d.queries()) {
            t.row(q.name(), String.join(", ", q.tables()), q.joins(), num(q.perSecond()));
        }
        return t.render("");
    }

    private static String comments(Design d) {
        StringBuilder sb = new StringBuilder();
        if (!d.queries().isEmpty()) {
            sb.append("\n-- query patterns\n");
            queries(d).lines().forEach(l -> sb.append("--   ").append(l).append('\n'));
        }
        if (!d.findings().isEmpty()) {
            sb.append("\n-- advice\n");
            for (Finding f : d.findings()) {
                sb.append("-- ").append(ReportRenderer.tag(f)).append("  ").append(f.subject()).append('\n');
                wrap(f.message()).forEach(l -> sb.append("--   ").append(l).append('\n'));
                if (f.fix() != null) {
                    sb.append("--   fix:\n");
                    f.fix().lines().forEach(l -> sb.append("--     ").append(l).append('\n'));
                }
            }
        }
        return sb.toString();
    }

    private static String markdown(Design d) {
        StringBuilder sb = new StringBuilder("# Schema design `").append(d.name()).append("` for ").append(d.dialect())
                .append("\n\n## Entity-relationship diagram\n\n```mermaid\n").append(SchemaRenderer.mermaid(d.schema()))
                .append("```\n\n## DDL\n\n```sql\n").append(d.ddl()).append("```\n");
        if (!d.queries().isEmpty()) {
            sb.append("\n## Query patterns\n\n| query | tables | joins | per second |\n|---|---|---|---|\n");
            for (Design.QueryAnalysis q : d.queries()) {
                sb.append("| ").append(q.name()).append(" | ").append(String.join(", ", q.tables())).append(" | ")
                        .append(q.joins()).append(" | ").append(num(q.perSecond())).append(" |\n");
            }
        }
        sb.append('\n').append(ReportRenderer.markdown(report(d)).replaceFirst("^## ", "## Advice: "));
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.floor(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static List<String> wrap(String text) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.split(" ")) {
            if (line.length() + w.length() > 100 && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(w);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }
}

package io.dbagent.migrate;

import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.TextTable;

import java.util.List;

/** Text, Markdown and JSON for {@code migrate test} and {@code migrate report}. */
public final class MigrationRenderer {

    private MigrationRenderer() {
    }

    public static String test(TestResult r, OutputFormat f) {
        if (f == OutputFormat.JSON) {
            return Json.write(r) + "\n";
        }
        StringBuilder out = new StringBuilder("migrate test on " + r.scratch() + " (" + r.product() + ")\n");
        TextTable t = new TextTable("version", "script", "outcome", "steps");
        r.migrations().forEach(m -> t.row(m.version(), m.script(), m.outcome(), String.join(" → ", m.steps())));
        out.append(t.isEmpty() ? "  no migrations\n" : t.render("  "));
        if (!r.report().findings().isEmpty()) {
            out.append('\n').append(f == OutputFormat.MARKDOWN ? ReportRenderer.markdown(r.report())
                    : ReportRenderer.text(r.report()));
        }
        out.append(r.failed() ? "FAILED\n" : "passed\n");
        return out.toString();
    }

    public static String breaking(List<BreakingChanges.MigrationBreaks> report, String dir, OutputFormat f) {
        if (f == OutputFormat.JSON) {
            return Json.write(report) + "\n";
        }
        boolean md = f == OutputFormat.MARKDOWN;
        StringBuilder out = new StringBuilder(md ? "# Breaking changes in " + dir + "\n\n" : "breaking changes in " + dir + "\n");
        long breaking = report.stream().filter(m -> !m.changes().isEmpty()).count();
        out.append(md ? "" : "  ").append(breaking).append(" of ").append(report.size())
                .append(" migration(s) break applications that keep running while they are applied.\n");
        for (BreakingChanges.MigrationBreaks m : report) {
            out.append(md ? "\n## " + m.script() + "\n\n" : "\n" + m.script() + "\n");
            if (m.changes().isEmpty()) {
                out.append(md ? "Backward compatible.\n" : "  backward compatible\n");
                continue;
            }
            if (md) {
                out.append("| change | line | what breaks for running applications | expand/contract |\n|---|---|---|---|\n");
                for (BreakingChanges.Change c : m.changes()) {
                    out.append("| `").append(c.kind()).append("` ").append(c.subject()).append(" | ").append(c.line())
                            .append(" | ").append(c.impact().replace("|", "\\|")).append(" | ");
                    for (int i = 0; i < c.expandContract().size(); i++) {
                        out.append(i == 0 ? "" : "<br>").append(i + 1).append(". ")
                                .append(c.expandContract().get(i).replace("|", "\\|"));
                    }
                    out.append(" |\n");
                }
            } else {
                for (BreakingChanges.Change c : m.changes()) {
                    out.append("  ").append(c.kind()).append(' ').append(c.subject()).append(" (line ").append(c.line())
                            .append("): ").append(c.impact()).append('\n');
                    for (int i = 0; i < c.expandContract().size(); i++) {
                        out.append("    ").append(i + 1).append(". ").append(c.expandContract().get(i)).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}

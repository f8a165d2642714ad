package io.dbagent.advisor;

import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.TextTable;

import java.util.Locale;

/** The text of an advise {@link Report}: the recommended indexes and costs, then the findings. */
public final class AdviceRenderer {

    private AdviceRenderer() {
    }

    static String text(Report<?> report, Advice a) {
        StringBuilder sb = new StringBuilder();
        sb.append("advise of ").append(report.target()).append(" (").append(report.product()).append(")\n");
        sb.append(String.format(Locale.ROOT, "workload: %s, %d statements; %d candidates costed with %s; selection %s;"
                        + " %d ms%n", a.workload(), a.statements().size(), a.candidates(), a.method(), a.selection(),
                a.elapsedMs()));
        if (a.budgetBytes() != null) {
            sb.append("budget: ").append(size(a.budgetBytes())).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "workload cost: %.2f -> %.2f %s (-%.1f%%)%n", a.workloadCostBefore(),
                a.workloadCostAfter(), a.costUnit(), a.improvementPct()));
        if (a.recommendations().isEmpty()) {
            sb.append("\nno index to recommend: none lowers the workload's cost");
            sb.append(a.budgetBytes() != null ? " within the budget\n" : "\n");
        } else {
            sb.append("\nrecommended indexes:\n");
            TextTable t = new TextTable("benefit", "size", "queries", "ddl");
            for (Advice.Recommendation r : a.recommendations()) {
                t.row(String.format(Locale.ROOT, "%.1f%%", r.benefitPct()), size(r.sizeBytes()),
                        String.join(",", r.queries()), r.ddl() + (Boolean.TRUE.equals(r.applied()) ? "  -- applied" : ""));
            }
            sb.append(t.render("  "));
        }
        if (!a.drops().isEmpty()) {
            sb.append("\nindexes to consider dropping:\n");
            for (Advice.Drop d : a.drops()) {
                sb.append("  ").append(d.ddl()).append("  -- ").append(d.reason()).append('\n');
            }
        }
        sb.append("\nstatements:\n");
        TextTable st = new TextTable("id", "weight", "cost before", "cost after", "statement");
        for (Advice.StatementCost s : a.statements()) {
            st.row(s.id(), fmt(s.weight()), fmt(s.costBefore()), fmt(s.costAfter()), IndexAdvisor.abbreviate(s.sql()));
        }
        sb.append(st.render("  "));
        if (!a.measured().isEmpty()) {
            sb.append("\nmeasured wall time (median after a warm-up; interquartile range in brackets; a speed-up "
                    + "only where the ranges do not overlap and the plan uses a new index):\n");
            TextTable m = new TextTable("id", "before ms", "after ms", "change", "uses new index");
            for (Advice.Measured x : a.measured()) {
                m.row(x.id(), fmt(x.beforeMs()) + " (" + fmt(x.beforeP25Ms()) + "-" + fmt(x.beforeP75Ms()) + ")",
                        fmt(x.afterMs()) + " (" + fmt(x.afterP25Ms()) + "-" + fmt(x.afterP75Ms()) + ")",
                        change(x), x.usesNewIndex() ? "yes" : "no");
            }
            sb.append(m.render("  "));
        }
        if (!a.excluded().isEmpty()) {
            sb.append("\ndropped again (a statement above 1 % of the workload weight was slower with it):\n");
            TextTable x = new TextTable("index", "statement", "weight", "before ms", "with it ms", "dropped ms");
            for (Advice.Excluded e : a.excluded()) {
                x.row(e.index(), e.statement(), String.format(Locale.ROOT, "%.1f%%", e.weightPct()), fmt(e.beforeMs()),
                        fmt(e.withIndexMs()), fmt(e.droppedMs()));
            }
            sb.append(x.render("  "));
        }
        if (!report.findings().isEmpty()) {
            sb.append("\nfindings:\n");
            report.findings().forEach(f -> sb.append(ReportRenderer.findingText(f)));
        }
        sb.append(ReportRenderer.skippedText(report, "skipped"));
        if (!a.whatIf().isEmpty()) {
            sb.append("\nwhat-if: ").append(a.whatIf()).append('\n');
        }
        for (String n : a.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    static String size(long bytes) {
        if (bytes >= 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1024.0 / 1024 / 1024);
        }
        if (bytes >= 1024L * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024);
        }
        return String.format(Locale.ROOT, "%d kB", Math.max(1, bytes / 1024));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The speed-up where one was measured, else the verdict in words. */
    static String change(Advice.Measured x) {
        return x.speedup() != null ? String.format(Locale.ROOT, "%.1fx faster", x.speedup()) : x.verdict();
    }
}

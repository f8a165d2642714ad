package io.dbagent.explain;

import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The text of an explain {@link Report}: the plan tree and timing, then the findings in the shared layout. */
public final class ExplainRenderer {

    private ExplainRenderer() {
    }

    /** The numbers a dashboard wants from an explain: execution time and the p95 of the timed runs. */
    static Map<String, Object> metrics(ExplainPayload p) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (p.executionMs() != null) {
            metrics.put("executionMs", p.executionMs());
        }
        if (p.timing() != null) {
            metrics.put("p95Ms", p.timing().p95Ms());
        }
        return metrics;
    }

    static String text(Report<?> report, ExplainPayload r) {
        StringBuilder sb = new StringBuilder();
        sb.append("statement: ").append(ExplainService.abbreviate(r.sql())).append('\n');
        sb.append("method:    ").append(r.method());
        if (Boolean.TRUE.equals(r.rolledBack())) {
            sb.append("  (inside a transaction, rolled back)");
        }
        sb.append('\n');
        if (r.parameters() != null) {
            sb.append("params:    ").append(r.parameters().mode());
            if (r.parameters().values() != null) {
                sb.append(' ').append(r.parameters().values());
            }
            if (r.parameters().sources() != null) {
                sb.append(" from ").append(r.parameters().sources());
            }
            sb.append('\n');
        }
        sb.append("\nplan:\n");
        node(sb, r.plan(), 1);
        if (r.planningMs() != null || r.executionMs() != null) {
            sb.append('\n');
            if (r.planningMs() != null) {
                sb.append(String.format(Locale.ROOT, "planning %.3f ms  ", r.planningMs()));
            }
            if (r.executionMs() != null) {
                sb.append(String.format(Locale.ROOT, "execution %.3f ms", r.executionMs()));
            }
            sb.append('\n');
        }
        if (r.timing() != null) {
            Timing t = r.timing();
            sb.append(String.format(Locale.ROOT, "timing: %d runs after one warm-up  p50 %.3f ms  IQR %.3f–%.3f ms  "
                    + "p95 %.3f ms  max %.3f ms%n", t.runs(), t.p50Ms(), t.p25Ms(), t.p75Ms(), t.p95Ms(), t.maxMs()));
        }
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        sb.append('\n').append(ReportRenderer.text(report));
        return sb.toString();
    }

    private static void node(StringBuilder sb, PlanNode n, int depth) {
        sb.append("  ".repeat(depth)).append(depth > 1 ? "-> " : "").append(n.node());
        if (n.relation() != null) {
            sb.append(" on ").append(n.relation());
            if (n.alias() != null && !n.alias().equals(n.relation())) {
                sb.append(' ').append(n.alias());
            }
        }
        if (n.index() != null) {
            sb.append(" using ").append(n.index());
        }
        StringBuilder nums = new StringBuilder();
        if (n.cost() != null) {
            nums.append(String.format(Locale.ROOT, " cost=%.2f", n.cost()));
        }
        if (n.estimatedRows() != null) {
            nums.append(String.format(Locale.ROOT, " rows=%.0f", n.estimatedRows()));
        }
        if (n.actualRows() != null) {
            nums.append(String.format(Locale.ROOT, " actual=%.0f", n.actualRows()));
        }
        if (n.loops() != null) {
            nums.append(" loops=").append(n.loops());
        }
        if (n.timeMs() != null) {
            nums.append(String.format(Locale.ROOT, " time=%.3fms", n.timeMs()));
        }
        if (!nums.isEmpty()) {
            sb.append("  (").append(nums.toString().trim()).append(')');
        }
        sb.append('\n');
        String pad = "  ".repeat(depth) + (depth > 1 ? "     " : "   ");
        if (n.indexCondition() != null) {
            sb.append(pad).append("index cond: ").append(n.indexCondition()).append('\n');
        }
        if (n.filter() != null) {
            sb.append(pad).append("filter: ").append(n.filter());
            if (n.rowsRemovedByFilter() != null) {
                sb.append("  (removed ").append(n.rowsRemovedByFilter()).append(" rows)");
            }
            sb.append('\n');
        }
        for (PlanNode c : n.children()) {
            node(sb, c, depth + 1);
        }
    }
}

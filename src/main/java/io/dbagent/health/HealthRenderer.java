package io.dbagent.health;

import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;

import java.util.LinkedHashMap;
import java.util.Map;

/** The health report: the shared report rendering plus the raw metrics, which text and Markdown also show. */
public final class HealthRenderer {

    private HealthRenderer() {
    }

    public static String render(Report<Void> report, OutputFormat format) {
        return switch (format) {
            case TEXT -> ReportRenderer.text(report) + metricsText(report.metrics());
            case MARKDOWN -> ReportRenderer.markdown(report) + metricsMarkdown(report.metrics());
            default -> ReportRenderer.render(report, format);
        };
    }

    private static String metricsText(Map<String, Object> metrics) {
        StringBuilder sb = new StringBuilder("\nmetrics:\n");
        flatten(metrics).forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static String metricsMarkdown(Map<String, Object> metrics) {
        StringBuilder sb = new StringBuilder("\n### Metrics\n\n| metric | value |\n|---|---|\n");
        flatten(metrics).forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        return sb.toString();
    }

    /** Nested metric groups as dotted keys ({@code connections.percent}), for text, history and alerts. */
    public static Map<String, Object> flatten(Map<String, Object> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", metrics, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> m, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(key, (Map<String, Object>) sub, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }
}

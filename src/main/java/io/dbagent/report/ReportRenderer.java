package io.dbagent.report;

import java.util.Locale;
import java.util.Map;

/**
 * The one renderer of every {@link Report}: text for terminals, JSON for scripts, Markdown for pull requests and
 * wikis. A payload that shows more than findings ({@link ReportPayload}) lays out its own text and Markdown and
 * renders its findings with {@link #findingText} and {@link #tag}, so a finding reads the same in every command.
 */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    public static String render(Report<?> report, OutputFormat format) {
        ReportPayload p = report.payload() instanceof ReportPayload rp ? rp : null;
        return switch (format) {
            case JSON -> json(report);
            case MARKDOWN -> p != null ? p.markdown(report) : markdown(report);
            default -> p != null ? p.text(report) : text(report);
        };
    }

    public static String json(Report<?> report) {
        return Json.write(report) + "\n";
    }

    /** The shared text layout: heading, counts per severity, the findings, the skipped checks. */
    public static String text(Report<?> r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.command()).append(" of ").append(r.target());
        if (r.product() != null) {
            sb.append(" (").append(r.product()).append(')');
        }
        sb.append('\n');
        Map<String, Long> s = r.summary();
        sb.append(String.format("%d critical, %d warn, %d info%n", s.get("critical"), s.get("warn"), s.get("info")));
        for (Finding f : r.findings()) {
            sb.append('\n').append(findingText(f));
        }
        sb.append(skippedText(r, "skipped"));
        return sb.toString();
    }

    /** {@code [WARN] fk-without-index}: a finding's severity and id, as every text output starts it. */
    public static String tag(Finding f) {
        return tag(f.severity(), f.id());
    }

    /** The same tag for a severity and id that are not (or no longer) a finding, such as a watch alert. */
    public static String tag(Severity severity, String id) {
        return "[" + severity.id().toUpperCase(Locale.ROOT) + "] " + id;
    }

    /** One finding as text: the tag and subject, the message, and the fix when there is one. */
    public static String findingText(Finding f) {
        StringBuilder sb = new StringBuilder();
        sb.append(tag(f)).append("  ").append(f.subject() == null ? "" : f.subject()).append('\n');
        sb.append("  ").append(f.message()).append('\n');
        if (f.fix() != null && !f.fix().isBlank()) {
            sb.append("  fix: ").append(f.fix().replace("\n", "\n       ")).append('\n');
        }
        return sb.toString();
    }

    /** The skipped checks under a heading ({@code skipped}, {@code notes}), or nothing when none was skipped. */
    public static String skippedText(Report<?> r, String heading) {
        if (r.skipped().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(heading).append(":\n");
        r.skipped().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /** The shared Markdown layout: heading, counts, a findings table, the fixes, the skipped checks. */
    public static String markdown(Report<?> r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(r.command()).append(" of `").append(r.target()).append('`');
        if (r.product() != null) {
            sb.append(" (").append(r.product()).append(')');
        }
        sb.append("\n\n");
        Map<String, Long> s = r.summary();
        sb.append(String.format("**%d critical, %d warn, %d info**%n%n", s.get("critical"), s.get("warn"), s.get("info")));
        if (!r.findings().isEmpty()) {
            sb.append("| severity | id | subject | message |\n|---|---|---|---|\n");
            for (Finding f : r.findings()) {
                sb.append("| ").append(f.severity().id()).append(" | `").append(f.id()).append("` | ")
                        .append(cell(f.subject())).append(" | ").append(cell(f.message())).append(" |\n");
            }
            sb.append("\n### Fixes\n\n");
            for (Finding f : r.findings()) {
                if (f.fix() != null && !f.fix().isBlank()) {
                    sb.append("- `").append(f.id()).append("` ").append(cell(f.subject())).append(":\n\n")
                            .append("  ```sql\n  ").append(f.fix().replace("\n", "\n  ")).append("\n  ```\n");
                }
            }
        }
        sb.append(skippedMarkdown(r, "Skipped"));
        return sb.toString();
    }

    /** The skipped checks as a Markdown section, or nothing when none was skipped. */
    public static String skippedMarkdown(Report<?> r, String heading) {
        if (r.skipped().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n### ").append(heading).append("\n\n");
        r.skipped().forEach((k, v) -> sb.append("- `").append(k).append("`: ").append(v).append('\n'));
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

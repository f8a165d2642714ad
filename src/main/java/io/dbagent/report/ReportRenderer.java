package io.dbagent.report;

import java.util.Map;

/** Renders a {@link Report} as text for terminals, JSON for scripts, or Markdown for pull requests and wikis. */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    public static String render(Report report, OutputFormat format) {
        return switch (format) {
            case JSON -> Json.write(report) + "\n";
            case MARKDOWN -> markdown(report);
            default -> text(report);
        };
    }

    public static String text(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.command()).append(" of ").append(r.target());
        if (r.product() != null) {
            sb.append(" (").append(r.product()).append(')');
        }
        sb.append('\n');
        Map<String, Long> s = r.summary();
        sb.append(String.format("%d critical, %d warn, %d info%n", s.get("critical"), s.get("warn"), s.get("info")));
        for (Finding f : r.findings()) {
            sb.append('\n');
            sb.append(String.format("[%s] %s  %s%n", f.severity().id().toUpperCase(java.util.Locale.ROOT), f.id(),
                    f.subject() == null ? "" : f.subject()));
            sb.append("  ").append(f.message()).append('\n');
            if (f.fix() != null && !f.fix().isBlank()) {
                sb.append("  fix: ").append(f.fix().replace("\n", "\n       ")).append('\n');
            }
        }
        if (!r.skipped().isEmpty()) {
            sb.append("\nskipped:\n");
            r.skipped().forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        return sb.toString();
    }

    public static String markdown(Report r) {
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
        if (!r.skipped().isEmpty()) {
            sb.append("\n### Skipped\n\n");
            r.skipped().forEach((k, v) -> sb.append("- `").append(k).append("`: ").append(v).append('\n'));
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

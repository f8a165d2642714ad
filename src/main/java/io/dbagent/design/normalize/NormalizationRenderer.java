package io.dbagent.design.normalize;

import io.dbagent.design.normalize.NormalizationResult.Component;
import io.dbagent.design.normalize.NormalizationResult.Dependency;
import io.dbagent.design.normalize.NormalizationResult.Violation;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;

import java.util.List;
import java.util.stream.Collectors;

/** Text, Markdown and JSON for a {@link NormalizationResult}. */
public final class NormalizationRenderer {

    private NormalizationRenderer() {
    }

    public static String render(NormalizationResult r, OutputFormat format) {
        return switch (format) {
            case JSON -> Json.write(r) + "\n";
            case MARKDOWN -> markdown(r);
            default -> text(r);
        };
    }

    public static String text(NormalizationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("relation ").append(r.relation()).append('(').append(String.join(", ", r.attributes())).append(")\n");
        sb.append("FDs: ").append(fds(r.dependencies())).append("\n\n");
        sb.append("candidate keys (").append(r.candidateKeys().size()).append("): ")
                .append(r.candidateKeys().stream().map(NormalizationRenderer::braces).collect(Collectors.joining(", ")))
                .append('\n');
        sb.append("prime attributes: ").append(String.join(", ", r.primeAttributes())).append('\n');
        sb.append("minimal cover: ").append(fds(r.minimalCover())).append('\n');
        if (!r.closures().isEmpty()) {
            sb.append("closures: ").append(r.closures().stream()
                    .map(c -> braces(c.attributes()) + "+ = " + braces(c.closure()))
                    .collect(Collectors.joining("; "))).append('\n');
        }
        sb.append("normal form: ").append(r.normalForm()).append('\n');
        for (Violation v : r.violations()) {
            sb.append("  violates ").append(v.normalForm()).append(": ").append(String.join(", ", v.lhs()))
                    .append(" -> ").append(String.join(", ", v.rhs())).append("  (").append(v.reason()).append(")\n");
        }
        sb.append('\n').append("3NF synthesis (lossless: ").append(yes(r.checks().get(0).lossless()))
                .append(", dependency preserving: yes)\n");
        components(sb, r.decomposition3NF(), "  ");
        sb.append("BCNF decomposition (lossless: ").append(yes(r.checks().get(1).lossless()))
                .append(", dependency preserving: ").append(yes(r.dependencyPreserving())).append(")\n");
        components(sb, r.decompositionBCNF(), "  ");
        if (!r.lostDependencies().isEmpty()) {
            sb.append("  lost in BCNF (enforce with a trigger or keep the 3NF design): ")
                    .append(fds(r.lostDependencies())).append('\n');
        }
        return sb.toString();
    }

    public static String markdown(NormalizationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Normalisation of `").append(r.relation()).append('(').append(String.join(", ", r.attributes()))
                .append(")`\n\n");
        sb.append("- FDs: `").append(fds(r.dependencies())).append("`\n");
        sb.append("- candidate keys: ").append(r.candidateKeys().stream().map(k -> "`" + braces(k) + "`")
                .collect(Collectors.joining(", "))).append('\n');
        sb.append("- prime attributes: ").append(String.join(", ", r.primeAttributes())).append('\n');
        sb.append("- minimal cover: `").append(fds(r.minimalCover())).append("`\n");
        sb.append("- normal form: **").append(r.normalForm()).append("**\n\n");
        if (!r.violations().isEmpty()) {
            sb.append("| FD | violates | why |\n|---|---|---|\n");
            for (Violation v : r.violations()) {
                sb.append("| `").append(String.join(", ", v.lhs())).append(" -> ").append(String.join(", ", v.rhs()))
                        .append("` | ").append(v.normalForm()).append(" | ").append(v.reason()).append(" |\n");
            }
            sb.append('\n');
        }
        sb.append("### 3NF synthesis (lossless: ").append(yes(r.checks().get(0).lossless()))
                .append(", dependency preserving: yes)\n\n");
        components(sb, r.decomposition3NF(), "- ");
        sb.append("\n### BCNF decomposition (lossless: ").append(yes(r.checks().get(1).lossless()))
                .append(", dependency preserving: ").append(yes(r.dependencyPreserving())).append(")\n\n");
        components(sb, r.decompositionBCNF(), "- ");
        if (!r.lostDependencies().isEmpty()) {
            sb.append("\nLost in BCNF: `").append(fds(r.lostDependencies())).append("`\n");
        }
        return sb.toString();
    }

    /** FD discovery: what was read, the FDs, the analysis, and the proposed DDL and data migration. */
    public static String discoveryText(FdDiscovery.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.table()).append(": ").append(r.rowsRead()).append(" rows read, ").append(r.dependencies().size())
                .append(r.maxError() > 0 ? " approximate (g3 <= " + r.maxError() + ")" : "")
                .append(" minimal FDs found in ").append(r.millis()).append(" ms\n");
        for (FdDiscovery.DiscoveredFd f : r.dependencies()) {
            sb.append("  ").append(String.join(", ", f.lhs())).append(" -> ").append(f.rhs());
            if (f.error() > 0) {
                sb.append(String.format(java.util.Locale.ROOT, "  (error %.4f)", f.error()));
            }
            sb.append('\n');
        }
        sb.append('\n').append(text(r.analysis()));
        if (r.note() != null) {
            sb.append("\nnote: ").append(r.note()).append('\n');
        }
        if (!r.ddl().isEmpty()) {
            sb.append("\n-- proposed tables (3NF synthesis)\n");
            r.ddl().forEach(s -> sb.append(s).append(";\n\n"));
            sb.append("-- data migration\n");
            r.migration().forEach(s -> sb.append(s).append(";\n"));
        }
        return sb.toString();
    }

    public static String discoveryMarkdown(FdDiscovery.Result r) {
        StringBuilder sb = new StringBuilder("## FDs of `").append(r.table()).append("` (").append(r.rowsRead())
                .append(" rows, ").append(r.millis()).append(" ms)\n\n");
        for (FdDiscovery.DiscoveredFd f : r.dependencies()) {
            sb.append("- `").append(String.join(", ", f.lhs())).append(" -> ").append(f.rhs()).append('`')
                    .append(f.error() > 0 ? " (error " + f.error() + ")" : "").append('\n');
        }
        sb.append('\n').append(markdown(r.analysis()));
        if (r.note() != null) {
            sb.append("\n> ").append(r.note()).append('\n');
        }
        if (!r.ddl().isEmpty()) {
            sb.append("\n### Proposed tables and data migration\n\n```sql\n");
            r.ddl().forEach(s -> sb.append(s).append(";\n\n"));
            r.migration().forEach(s -> sb.append(s).append(";\n"));
            sb.append("```\n");
        }
        return sb.toString();
    }

    private static void components(StringBuilder sb, List<Component> cs, String prefix) {
        for (Component c : cs) {
            sb.append(prefix).append(c.name()).append('(').append(String.join(", ", c.attributes()))
                    .append(")  key ").append(braces(c.key())).append('\n');
        }
    }

    static String fds(List<Dependency> ds) {
        return ds.isEmpty() ? "(none)" : ds.stream().map(Dependency::toString).collect(Collectors.joining("; "));
    }

    private static String braces(List<String> names) {
        return "{" + String.join(", ", names) + "}";
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }
}

package io.dbagent.report;

import io.dbagent.report.FindingId.Capability;

import java.util.List;

/** Renders {@code docs/findings.md} from the registry; {@code FindingIdsTest} compares and, on request, rewrites it. */
final class FindingsPage {

    static final String REGENERATE = "mvn -B -q test -Dtest=FindingIdsTest -Ddbagent.docs.write=true";

    private FindingsPage() {
    }

    static String render(List<FindingId> all) {
        StringBuilder b = new StringBuilder();
        b.append("# Finding ids\n\n");
        b.append("<!-- Generated from io.dbagent.report.FindingIds by FindingIdsTest; do not edit by hand.\n");
        b.append("     Regenerate: ").append(REGENERATE).append(" -->\n\n");
        b.append("Every finding has a stable id, a severity, a message naming the object and the number, and a fix to "
                + "paste. The\nsame id means the same problem wherever it appears (`fk-without-index` from `lint` and "
                + "`health`,\n`seq-scan-large-table` from the plan of one query and from the table statistics of "
                + "`health`). Severities are\n`info`, `warn` and `critical`; the default is the one a finding gets "
                + "before sizes and thresholds\n(`--threshold`, see [health](health.md)) raise or lower it. In JSON "
                + "reports a finding is `id`, `severity`, `subject`,\n`message`, `fix`, `evidence`.\n\n");
        long distinct = all.stream().map(FindingId::id).distinct().count();
        b.append(distinct).append(" ids, ").append(all.size()).append(" entries (an id reported by two capabilities "
                + "has an entry under each).\n\n");
        for (Capability c : Capability.values()) {
            List<FindingId> rows = all.stream().filter(f -> f.capability() == c).toList();
            if (rows.isEmpty()) {
                continue;
            }
            b.append("## ").append(c.title()).append(" (").append(c.commands()).append(")\n\n");
            b.append("| id | default | severity | meaning | fix offered |\n");
            b.append("|---|---|---|---|---|\n");
            for (FindingId f : rows) {
                b.append("| `").append(f.id()).append("` | ").append(f.severity().id()).append(" | ")
                        .append(cell(f.severityRule())).append(" | ").append(cell(f.summary())).append(" | ")
                        .append(cell(f.fix())).append(" |\n");
            }
            b.append('\n');
            if (c == Capability.SCHEMA_REVIEW) {
                b.append("SQLite cannot alter columns or constraints in place; its fixes describe the table-rebuild "
                        + "procedure.\n\n");
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}

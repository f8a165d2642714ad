package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Lint and breaking-change lines for a generated migration's header, judged against the live model's sizes. */
final class MigrationAnalysis {

    private MigrationAnalysis() {
    }

    static List<String> headerLines(DialectKind d, String upSql, TableSizes sizes) {
        Report<Void> lint = MigrationLinter.lint(List.of(new MigrationLinter.Input("this file", upSql, null)), d, sizes,
                null, null, Map.of());
        List<String> out = new ArrayList<>();
        for (Finding f : lint.findings()) {
            out.add("lint " + f.id() + " (" + f.severity().id() + "): " + f.message().replaceFirst("^this file line \\d+: ", ""));
        }
        for (BreakingChanges.Change c : BreakingChanges.analyse(upSql, d, sizes)) {
            out.add("breaks running code: " + c.kind() + " " + c.subject() + ": " + c.impact());
        }
        return out;
    }
}

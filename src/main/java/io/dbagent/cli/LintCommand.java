package io.dbagent.cli;

import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Review a schema and report findings with pasteable fixes.",
                "",
                "Checks: missing-primary-key, fk-without-index, duplicate-index, nullable-fk, missing-foreign-key, "
                        + "timestamp-without-tz, float-for-money. Read-only. Exit 1 when a finding is at or above --fail-on."})
final class LintCommand extends DatabaseCommand implements Callable<Integer> {

    @Mixin
    FindingsOutput output;

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*", description = "Only these tables.")
    List<String> tables;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("lint");
        Severity threshold = output.threshold();
        Report<Void> report = main.app(dbOptions.resolve(main.env())).schema().lint(tables);
        return FindingsOutput.print(main, ReportRenderer.render(report, fmt), report, threshold);
    }
}

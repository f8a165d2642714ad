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

@Command(name = "constraints", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Propose the NOT NULL, UNIQUE, FOREIGN KEY and CHECK constraints the data already satisfies.",
                "",
                "Findings: candidate-not-null, candidate-unique, candidate-foreign-key, candidate-check, each with the "
                        + "number of rows that would violate it (listed by key) and DDL that adds it safely "
                        + "(PostgreSQL: NOT VALID, then VALIDATE). Read-only: it only counts."})
final class ConstraintsCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*", description = "Only these tables.")
    List<String> tables;

    @Mixin
    FindingsOutput output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("constraints");
        Severity threshold = output.threshold();
        Report<Void> report = main.app(dbOptions.resolve(main.env())).schema().inferConstraints(tables);
        return FindingsOutput.print(main, ReportRenderer.render(report, fmt), report, threshold);
    }
}

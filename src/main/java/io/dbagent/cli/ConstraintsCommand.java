package io.dbagent.cli;

import io.dbagent.integrity.ConstraintInference;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "constraints", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Propose the NOT NULL, UNIQUE, FOREIGN KEY and CHECK constraints the data already satisfies.",
                "",
                "Findings: candidate-not-null, candidate-unique, candidate-foreign-key, candidate-check, each with the "
                        + "number of rows that would violate it (listed by key) and DDL that adds it safely "
                        + "(PostgreSQL: NOT VALID, then VALIDATE). Read-only: it only counts."})
final class ConstraintsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    DbOptions dbOptions;

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*", description = "Only these tables.")
    List<String> tables;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical",
            description = "Exit 1 when a finding has at least this severity. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("constraints", format, OutputFormat.TEXT, OutputFormat.JSON,
                OutputFormat.MARKDOWN);
        Severity threshold = Severity.parse(failOn);
        try (DbSession session = ConnectionFactory.open(dbOptions.resolve(main.env()))) {
            Report<Void> report = ConstraintInference.infer(session, tables);
            main.spec.commandLine().getOut().print(ReportRenderer.render(report, fmt));
            main.spec.commandLine().getOut().flush();
            return report.exitCode(threshold);
        }
    }
}

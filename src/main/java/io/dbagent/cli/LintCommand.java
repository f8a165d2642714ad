package io.dbagent.cli;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.lint.SchemaLinter;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Review a schema and report findings with pasteable fixes.",
                "",
                "Checks: missing-primary-key, fk-without-index, duplicate-index, nullable-fk, missing-foreign-key, "
                        + "timestamp-without-tz, float-for-money. Read-only. Exit 1 when a finding is at or above --fail-on."})
final class LintCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    DbOptions dbOptions;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical",
            description = "Exit 1 when a finding has at least this severity. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*", description = "Only these tables.")
    List<String> tables;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("lint", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
        Severity threshold = Severity.parse(failOn);
        try (DbSession session = ConnectionFactory.open(dbOptions.resolve(main.env()))) {
            Schema schema = Dialects.inspect(session, tables);
            Report<Void> report = SchemaLinter.lint(schema, session, session.url().redacted());
            main.spec.commandLine().getOut().print(ReportRenderer.render(report, fmt));
            main.spec.commandLine().getOut().flush();
            return report.exitCode(threshold);
        }
    }
}

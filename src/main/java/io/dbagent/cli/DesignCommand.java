package io.dbagent.cli;

import io.dbagent.design.Design;
import io.dbagent.design.DesignRenderer;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "design", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Design a 3NF schema from a spec (YAML or JSON) for PostgreSQL, MySQL/MariaDB or SQLite.",
                "",
                "Surrogate keys, foreign keys with indexes, join tables, NOT NULL/UNIQUE/CHECK constraints, "
                        + "created_at/updated_at with triggers, triggers for derived attributes, full-text search, a "
                        + "Mermaid ER diagram, and denormalisation/scale advice from the query patterns and volumes. "
                        + "Needs no database. The spec format is in docs/design.md."})
final class DesignCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The design spec (.yaml, .yml or .json).")
    Path spec;

    @Option(names = "--dialect", required = true, paramLabel = "postgres|mysql|sqlite",
            description = "Target engine (mariadb is accepted for mysql).")
    String dialect;

    @Option(names = {"--format", "-f"}, defaultValue = "sql", paramLabel = "sql|text|json|mermaid|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("design", format, OutputFormat.SQL, OutputFormat.TEXT, OutputFormat.JSON,
                OutputFormat.MERMAID, OutputFormat.MARKDOWN);
        Design d = main.app(null).schema().designFile(spec, DialectKind.parse(dialect));
        main.spec.commandLine().getOut().print(DesignRenderer.render(d, fmt));
        main.spec.commandLine().getOut().flush();
        return 0;
    }
}

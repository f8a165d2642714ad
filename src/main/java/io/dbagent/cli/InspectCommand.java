package io.dbagent.cli;

import io.dbagent.report.OutputFormat;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.schema.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Read a live database into the schema model (text, JSON or Mermaid ER diagram).",
                "",
                "Reports tables with row estimates and sizes, columns, primary keys, foreign keys, unique and check "
                        + "constraints, indexes, views, materialized views, triggers, sequences, enums and routines "
                        + "(functions, procedures, MySQL/MariaDB events); on PostgreSQL also extensions, domains, "
                        + "row-level security and policies, exclusion constraints and inheritance. Read-only."})
final class InspectCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|mermaid",
            description = "Output format: text (aligned tables), json (the model), mermaid (erDiagram). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*",
            description = "Only these tables (name or schema.name); repeatable.")
    List<String> tables;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("inspect", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MERMAID);
        Schema schema = main.app(dbOptions.resolve(main.env())).schema().inspect(tables);
        main.spec.commandLine().getOut().print(SchemaRenderer.render(schema, fmt));
        main.spec.commandLine().getOut().flush();
        return 0;
    }
}

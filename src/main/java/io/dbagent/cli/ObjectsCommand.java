package io.dbagent.cli;

import io.dbagent.app.SchemaUseCases;
import io.dbagent.report.Json;
import io.dbagent.report.ObjectListingRenderer;
import io.dbagent.report.OutputFormat;
import io.dbagent.schema.ObjectListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "objects", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"List the schemas and their objects, without columns: a cheap first look at a large database.",
                "",
                "Tables (partitioned ones with their partition count; partitions are folded into their parent), views, "
                        + "materialized views, sequences, functions, procedures, triggers and events, with estimated "
                        + "rows and size on disk where the engine keeps them. One or two catalog queries; read-only. "
                        + "Use inspect for columns, keys and indexes."})
final class ObjectsCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"--kind", "-k"}, paramLabel = "KIND", arity = "1..*",
            description = "Only these kinds: table, view, sequence, routine, function, procedure, trigger, event.")
    List<String> kinds;

    @Option(names = "--schemas", description = "List only the schemas (MySQL/MariaDB: the databases) with their object counts.")
    boolean schemasOnly;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("objects", format, OutputFormat.TEXT, OutputFormat.JSON);
        SchemaUseCases schema = main.app(dbOptions.resolve(main.env())).schema();
        ObjectListing l = schema.listObjects(kinds);
        var out = main.spec.commandLine().getOut();
        if (fmt == OutputFormat.JSON) {
            out.println(Json.write(schemasOnly ? java.util.Map.of("schemas", l.schemas()) : l));
        } else {
            out.print(schemasOnly ? ObjectListingRenderer.schemas(l) : ObjectListingRenderer.objects(l));
        }
        out.flush();
        return 0;
    }
}

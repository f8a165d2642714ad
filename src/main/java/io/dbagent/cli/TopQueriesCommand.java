package io.dbagent.cli;

import io.dbagent.advisor.TopQueries;
import io.dbagent.advisor.TopQueriesRenderer;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "top-queries", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"The statements the server spent the most time on, from its own statistics.",
                "",
                "PostgreSQL: pg_stat_statements (preloaded and created in the database); MySQL/MariaDB: "
                        + "performance_schema statement digests. Each statement with calls, total and mean time, rows "
                        + "and its share of the time of those listed. When the statistics are off, one line says "
                        + "exactly how to turn them on. Read-only. Feed them to the advisor with advise --from-stats."})
final class TopQueriesCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"--limit", "-n"}, defaultValue = "20", paramLabel = "N",
            description = "How many statements (1-500). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("top-queries", format, OutputFormat.TEXT, OutputFormat.JSON);
        TopQueries top = main.app(dbOptions.resolve(main.env())).queries().topQueries(limit);
        var out = main.spec.commandLine().getOut();
        if (fmt == OutputFormat.JSON) {
            out.println(Json.write(top));
        } else {
            out.print(TopQueriesRenderer.text(top, 100));
        }
        out.flush();
        return 0;
    }
}

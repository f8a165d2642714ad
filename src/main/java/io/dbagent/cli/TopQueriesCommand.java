package io.dbagent.cli;

import io.dbagent.advisor.TopQueries;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
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
            out.println("top " + top.queries().size() + " statements by total time (" + top.source() + ")");
            TextTable t = new TextTable("#", "calls", "total ms", "mean ms", "rows", "share", "statement");
            int i = 0;
            for (TopQueries.Query q : top.queries()) {
                String sql = q.sql().replaceAll("\\s+", " ").strip();
                t.row(++i, String.format(Locale.ROOT, "%,d", q.calls()), String.format(Locale.ROOT, "%.1f", q.totalMs()),
                        String.format(Locale.ROOT, "%.3f", q.meanMs()), String.format(Locale.ROOT, "%,d", q.rows()),
                        String.format(Locale.ROOT, "%.1f%%", q.sharePercent()),
                        sql.length() > 100 ? sql.substring(0, 100) + "…" : sql);
            }
            out.print(t.render("  "));
        }
        out.flush();
        return 0;
    }
}

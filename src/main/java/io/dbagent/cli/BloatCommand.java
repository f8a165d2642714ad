package io.dbagent.cli;

import io.dbagent.health.HealthConfig;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.health.bloat.BloatPayload;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bloat", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show wasted space per table and index: real size, reclaimable bytes and %%, and the fix.",
                "",
                "PostgreSQL: estimated from the statistics, measured with pgstattuple when it is installed; "
                        + "MySQL/MariaDB: DATA_FREE; SQLite: free-list pages and dbstat. Most wasted bytes first. Read-only."})
final class BloatCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", arity = "1..*", description = "Only these tables (and their indexes).")
    List<String> tables;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--threshold", paramLabel = "ID=VALUE", arity = "1..*",
            description = "When an entry gets a fix, e.g. table-bloat=20 (%%), index-bloat.min-mb=16.")
    List<String> thresholds;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with a thresholds: key.")
    Path config;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("bloat", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
        BloatOptions options = new BloatOptions(tables, List.of(), HealthConfig.load(config).thresholds(thresholds),
                true, BloatOptions.DEFAULT_EXACT_MAX_BYTES);
        Report<BloatPayload> report = main.app(dbOptions.resolve(main.env())).health().bloat(options);
        main.spec.commandLine().getOut().print(ReportRenderer.render(report, fmt));
        main.spec.commandLine().getOut().flush();
        return 0;
    }
}

package io.dbagent.cli;

import io.dbagent.health.HealthConfig;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthRenderer;
import io.dbagent.health.HealthService;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Check a database's health against the performance targets and report findings with fixes.",
                "",
                "Checks: slow-query, seq-scan-large-table, index-hit-ratio, cache-hit-ratio, connection-utilization, "
                        + "connection-pool-saturation, rollback-rate, unused-index, duplicate-index, fk-without-index, "
                        + "table-bloat, index-bloat, vacuum-overdue, txid-wraparound, sequence-exhaustion, "
                        + "long-running-transaction, idle-in-transaction, blocked-queries, stats-stale, integrity-error, "
                        + "foreign-key-violation. On PgBouncer's admin console (--db postgres://USER@HOST:6432/pgbouncer) "
                        + "it judges each pool (SHOW POOLS). Checks that cannot run are listed as skipped with the reason. "
                        + "Read-only. Exit 1 when a finding is at or above --fail-on."})
final class HealthCommand implements Callable<Integer> {

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

    @Option(names = "--only", paramLabel = "ID", arity = "1..*", split = ",", description = "Run only these checks.")
    List<String> only;

    @Option(names = "--threshold", paramLabel = "ID=VALUE", arity = "1..*",
            description = "Override a threshold, e.g. slow-query=250 (ms), rollback-rate=2 (%%), "
                    + "idle-in-transaction=30 (s), table-bloat.min-mb=64, cache-hit-ratio.critical=90.")
    List<String> thresholds;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with thresholds: and only: keys.")
    Path config;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("health", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
        Severity threshold = Severity.parse(failOn);
        HealthConfig cfg = HealthConfig.load(config);
        HealthOptions options = HealthOptions.builder()
                .thresholds(cfg.thresholds(thresholds))
                .onlyIds(cfg.only(only))
                .build();
        DbUrl url = dbOptions.resolve(main.env());
        Report<Void> report = HealthService.check(url, options);
        main.spec.commandLine().getOut().print(HealthRenderer.render(report, fmt));
        main.spec.commandLine().getOut().flush();
        return report.exitCode(threshold);
    }
}

package io.dbagent.cli;

import io.dbagent.health.HealthConfig;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthRenderer;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class HealthCommand extends DatabaseCommand implements Callable<Integer> {

    @Mixin
    FindingsOutput output;

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
        OutputFormat fmt = output.format("health");
        Severity threshold = output.threshold();
        HealthConfig cfg = HealthConfig.load(config);
        HealthOptions options = HealthOptions.builder()
                .thresholds(cfg.thresholds(thresholds))
                .onlyIds(cfg.only(only))
                .build();
        Report<Void> report = main.app(dbOptions.resolve(main.env())).health().check(options);
        return FindingsOutput.print(main, HealthRenderer.render(report, fmt), report, threshold);
    }
}

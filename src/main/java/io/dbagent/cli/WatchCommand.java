package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.health.HealthConfig;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.watch.AlertSink;
import io.dbagent.health.watch.Durations;
import io.dbagent.health.watch.HealthWatcher;
import io.dbagent.health.watch.WatchOptions;
import io.dbagent.report.ExitCodes;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run the health checks periodically and alert when one crosses into warn/critical.",
                "",
                "One alert when a problem appears (or changes severity), one recovery when it is gone; no repeats "
                        + "for an unchanged state. Alerts are JSON: POSTed to --alert-webhook, given on stdin to "
                        + "--alert-command (with DBAGENT_ALERT_KIND/ID/SEVERITY/SUBJECT set), appended as lines to "
                        + "--alert-file. A failed run (database down) is alerted as health-run-failed. Read-only."})
final class WatchCommand extends DatabaseCommand implements Callable<Integer> {

    @Option(names = "--interval", defaultValue = "30s", paramLabel = "DURATION",
            description = "Time between runs (30s, 5m, 1h). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--alert-webhook", paramLabel = "URL", description = "POST each alert as JSON to this URL.")
    List<URI> webhooks;

    @Option(names = "--alert-command", paramLabel = "CMD", description = "Run this shell command per alert, JSON on stdin.")
    List<String> commands;

    @Option(names = "--alert-file", paramLabel = "FILE", description = "Append each alert as a JSON line to this file.")
    List<Path> files;

    @Option(names = "--once", description = "Run once and exit (exit code as health; use --state to alert only on changes).")
    boolean once;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", description = "Stop after N runs (0: run until stopped).")
    int count;

    @Option(names = "--state", paramLabel = "FILE", description = "Keep the open problems here between runs and processes.")
    Path state;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Keep a rolling history of the metrics here (JSON lines), as benchmarks.")
    Path historyFile;

    @Option(names = "--history-size", paramLabel = "N", defaultValue = "1000",
            description = "Runs the history keeps. Default: ${DEFAULT-VALUE}.")
    int historySize;

    @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical",
            description = "With --once: exit 1 when a finding has at least this severity. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Option(names = "--only", paramLabel = "ID", arity = "1..*", split = ",", description = "Watch only these checks.")
    List<String> only;

    @Option(names = "--threshold", paramLabel = "ID=VALUE", arity = "1..*", description = "Override a threshold.")
    List<String> thresholds;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with thresholds: and only: keys.")
    Path config;

    @Override
    public Integer call() {
        Severity threshold = Severity.parse(failOn);
        Duration every = Durations.parse(interval);
        if (count < 0 || historySize < 1) {
            throw DbAgentException.badInput("--count must be 0 or more and --history-size at least 1");
        }
        HealthConfig cfg = HealthConfig.load(config);
        WatchOptions.Builder b = WatchOptions.builder()
                .interval(every).once(once).maxRuns(count).stateFile(state).historyFile(historyFile)
                .historySize(historySize)
                .health(HealthOptions.builder().thresholds(cfg.thresholds(thresholds)).onlyIds(cfg.only(only)).build());
        for (URI u : webhooks == null ? List.<URI>of() : webhooks) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw DbAgentException.badInput("--alert-webhook needs an http:// or https:// URL");
            }
            b.sink(new AlertSink.Webhook(u, Duration.ofSeconds(10)));
        }
        (commands == null ? List.<String>of() : commands).forEach(c -> b.sink(new AlertSink.Command(c, Duration.ofSeconds(30))));
        (files == null ? List.<Path>of() : files).forEach(f -> b.sink(new AlertSink.File(f)));
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        HealthWatcher watcher = new HealthWatcher(dbOptions.resolve(main.env()), b.build(), out, err);
        HealthWatcher.Result result = watcher.run();
        if (!once) {
            return ExitCodes.OK;
        }
        if (result.lastRunFailed()) {
            return ExitCodes.BAD_INPUT;
        }
        return result.lastReport().exitCode(threshold);
    }
}

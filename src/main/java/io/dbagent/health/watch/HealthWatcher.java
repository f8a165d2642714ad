package io.dbagent.health.watch;

import io.dbagent.DbAgentException;
import io.dbagent.health.HealthService;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code dbagent watch}: runs the health checks periodically on a fresh read-only session each time (so a restarted
 * server is simply reconnected), turns changes into alerts and recoveries, sends them to the sinks and keeps a
 * rolling history of the metrics. A sink that fails is reported and the watch goes on.
 */
public final class HealthWatcher {

    /** What a watch did: runs, every alert sent, the last report and the metrics history. */
    public record Result(int runs, List<Alert> alerts, Report<Void> lastReport, boolean lastRunFailed,
                         List<MetricsHistory.Sample> history, Map<String, Severity> openProblems) {
    }

    private final DbUrl url;
    private final WatchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean stopped;

    public HealthWatcher(DbUrl url, WatchOptions options, PrintWriter out, PrintWriter err) {
        this.url = url;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Ends the loop after the current run. */
    public void stop() {
        stopped = true;
    }

    public Result run() {
        AlertState state = AlertState.load(options.stateFile());
        MetricsHistory history = new MetricsHistory(options.historySize(), options.historyFile());
        List<Alert> all = new ArrayList<>();
        Report<Void> last = null;
        boolean failed = false;
        int runs = 0;
        while (true) {
            Report<Void> report = null;
            List<Alert> alerts;
            Instant at;
            try {
                report = HealthService.check(url, options.health());
                at = Instant.now();
                alerts = state.update(report, at);
                history.record(report, at);
            } catch (DbAgentException e) {
                at = Instant.now();
                alerts = state.failed(url.redacted(), Redactor.redact(e.getMessage()), at);
                err.println("dbagent: watch run failed: " + Redactor.redact(e.getMessage()));
            } catch (IOException e) {
                at = Instant.now();
                alerts = List.of();
                err.println("dbagent: cannot write the metrics history: " + e.getMessage());
            }
            runs++;
            failed = report == null;
            last = report == null ? last : report;
            log(at, report, alerts);
            deliver(alerts);
            all.addAll(alerts);
            try {
                state.save(options.stateFile());
            } catch (IOException e) {
                err.println("dbagent: cannot write the watch state " + options.stateFile() + ": " + e.getMessage());
            }
            if (options.afterRun() != null) {
                options.afterRun().accept(runs, report);
            }
            if (options.once() || stopped || options.maxRuns() > 0 && runs >= options.maxRuns()) {
                break;
            }
            try {
                Thread.sleep(options.interval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Result(runs, all, last, failed, history.samples(), state.open());
    }

    private void log(Instant at, Report<Void> report, List<Alert> alerts) {
        if (report != null) {
            Map<String, Long> s = report.summary();
            out.printf("%s  %d critical, %d warn, %d info%n", at, s.get("critical"), s.get("warn"), s.get("info"));
        }
        alerts.forEach(a -> out.println("  " + a.line()));
        out.flush();
    }

    private void deliver(List<Alert> alerts) {
        for (Alert a : alerts) {
            for (AlertSink sink : options.sinks()) {
                try {
                    sink.send(a);
                } catch (IOException | RuntimeException e) {
                    err.println("dbagent: alert " + sink.describe() + " failed for " + a.id() + ": " + e.getMessage());
                }
            }
        }
        err.flush();
    }
}

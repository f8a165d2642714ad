package io.dbagent.health.watch;

import io.dbagent.health.HealthOptions;
import io.dbagent.report.Report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * How watch runs.
 *
 * @param interval    time between the end of one run and the start of the next
 * @param once        one run, then stop (for cron, with a state file)
 * @param maxRuns     stop after this many runs; 0 runs until stopped
 * @param sinks       where alerts go
 * @param stateFile   keeps open problems between processes; null keeps them in memory only
 * @param historyFile rolling metrics history as JSON lines; null keeps it in memory only
 * @param historySize how many runs the history keeps
 * @param health      the checks and thresholds
 * @param afterRun    called after each run with its number (from 1) and report (null when the run failed)
 */
public record WatchOptions(Duration interval, boolean once, int maxRuns, List<AlertSink> sinks, Path stateFile,
                           Path historyFile, int historySize, HealthOptions health, BiConsumer<Integer, Report<Void>> afterRun) {

    public WatchOptions {
        sinks = List.copyOf(sinks);
        health = health == null ? HealthOptions.defaults() : health;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of the CLI: every 30 s, forever, 1,000 runs of history. */
    public static final class Builder {
        private Duration interval = Duration.ofSeconds(30);
        private boolean once;
        private int maxRuns;
        private final List<AlertSink> sinks = new ArrayList<>();
        private Path stateFile;
        private Path historyFile;
        private int historySize = 1000;
        private HealthOptions health;
        private BiConsumer<Integer, Report<Void>> afterRun;

        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        public Builder once(boolean b) {
            this.once = b;
            return this;
        }

        public Builder maxRuns(int n) {
            this.maxRuns = n;
            return this;
        }

        public Builder sink(AlertSink s) {
            sinks.add(s);
            return this;
        }

        public Builder stateFile(Path p) {
            this.stateFile = p;
            return this;
        }

        public Builder historyFile(Path p) {
            this.historyFile = p;
            return this;
        }

        public Builder historySize(int n) {
            this.historySize = n;
            return this;
        }

        public Builder health(HealthOptions h) {
            this.health = h;
            return this;
        }

        public Builder afterRun(BiConsumer<Integer, Report<Void>> c) {
            this.afterRun = c;
            return this;
        }

        public WatchOptions build() {
            return new WatchOptions(interval, once, maxRuns, sinks, stateFile, historyFile, historySize, health, afterRun);
        }
    }
}

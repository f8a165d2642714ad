package io.dbagent.advisor;

import io.dbagent.guard.Timeouts;

import java.time.Duration;
import java.util.List;

/**
 * Options of the index advisor.
 *
 * @param workload   the statements
 * @param budgetMb   storage budget for new indexes in MB; null = unlimited
 * @param maxColumns longest key to consider
 * @param whatIf     {@code auto}, {@code hypopg}, {@code rollback} (PG/SQLite) or {@code scratch} (MySQL)
 * @param measureRuns executions per statement when measuring before/after {@code --apply}
 * @param log        the query log the workload came from, for the N+1 / cache / matview findings; null otherwise
 * @param partitionMinRows tables from this size on are considered for partitioning
 * @param seen       the server's statement statistics the workload came from ({@code --from-stats}); null otherwise
 * @param timeout    limit for each statement that carries workload text (EXPLAIN, timed runs, sample values);
 *                   null = {@link Timeouts#DEFAULT}
 * @param progress   receives one plain line per phase (grouping, planning, costing, selection); null = silent
 * @param devServer  a development server for the scratch copies of the what-if method ({@code --dev-db},
 *                   {@code DBAGENT_DEV_DB}; MySQL/MariaDB): the copies go to a scratch database there, dropped
 *                   afterwards; null = where the method puts them by default
 */
public record AdviceOptions(Workload workload, Double budgetMb, int maxColumns, String whatIf, int measureRuns,
                            QueryLog log, long partitionMinRows, List<WorkloadSources.SeenStatement> seen,
                            Duration timeout, java.util.function.Consumer<String> progress,
                            io.dbagent.jdbc.DbUrl devServer) {

    public AdviceOptions {
        timeout = timeout == null ? Timeouts.DEFAULT : timeout;
        progress = progress == null ? line -> { } : progress;
    }

    /** Without progress lines. */
    public AdviceOptions(Workload workload, Double budgetMb, int maxColumns, String whatIf, int measureRuns,
                         QueryLog log, long partitionMinRows, List<WorkloadSources.SeenStatement> seen,
                         Duration timeout) {
        this(workload, budgetMb, maxColumns, whatIf, measureRuns, log, partitionMinRows, seen, timeout, null, null);
    }

    /** The same options with {@code server} as the development server. */
    public AdviceOptions withDevServer(io.dbagent.jdbc.DbUrl server) {
        return new AdviceOptions(workload, budgetMb, maxColumns, whatIf, measureRuns, log, partitionMinRows, seen,
                timeout, progress, server);
    }

    public static Builder builder(Workload w) {
        return new Builder(w);
    }

    /** Builder; defaults: unlimited budget, 3 columns, auto method, 5 runs. */
    public static final class Builder {
        private final Workload workload;
        private Double budgetMb;
        private int maxColumns = 3;
        private String whatIf = "auto";
        private int measureRuns = 5;
        private QueryLog log;
        private io.dbagent.jdbc.DbUrl devServer;
        private long partitionMinRows = PartitionAdvisor.DEFAULT_MIN_ROWS;
        private List<WorkloadSources.SeenStatement> seen;
        private Duration timeout = Timeouts.DEFAULT;
        private java.util.function.Consumer<String> progress;

        private Builder(Workload w) {
            this.workload = w;
        }

        public Builder budgetMb(Double v) {
            budgetMb = v;
            return this;
        }

        public Builder maxColumns(int v) {
            maxColumns = v;
            return this;
        }

        public Builder whatIf(String v) {
            whatIf = v;
            return this;
        }

        public Builder measureRuns(int v) {
            measureRuns = v;
            return this;
        }

        public Builder log(QueryLog v) {
            log = v;
            return this;
        }

        public Builder partitionMinRows(long v) {
            partitionMinRows = v;
            return this;
        }

        public Builder seen(List<WorkloadSources.SeenStatement> v) {
            seen = v;
            return this;
        }

        /** Limit per statement (default 30 s). */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** Development server for the what-if scratch copies; default none. */
        public Builder devServer(io.dbagent.jdbc.DbUrl v) {
            devServer = v;
            return this;
        }

        /** One plain line per phase (for stderr); default silent. */
        public Builder progress(java.util.function.Consumer<String> v) {
            progress = v;
            return this;
        }

        public AdviceOptions build() {
            return new AdviceOptions(workload, budgetMb, maxColumns, whatIf, measureRuns, log, partitionMinRows, seen,
                    timeout, progress, devServer);
        }
    }
}

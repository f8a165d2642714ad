package io.dbagent.explain;

import io.dbagent.guard.Timeouts;
import io.dbagent.schema.Schema;

import java.time.Duration;
import java.util.List;

/**
 * What to explain and how.
 *
 * @param sql      one statement
 * @param analyze  execute it (DML inside a transaction that is always rolled back)
 * @param runs     time this many executions (0 = none)
 * @param params   values for {@code $n} / {@code ?} parameters, as the user typed them; empty = find sample values
 * @param schema   the inspected schema when the caller has it already (null = inspect)
 * @param timeout  limit for each statement explain runs (the EXPLAIN, each execution, each sample-value query);
 *                 null = {@link Timeouts#DEFAULT}
 * @param devServer the development server where index fixes may be checked on a scratch copy (MySQL/MariaDB), or
 *                  null
 */
public record ExplainOptions(String sql, boolean analyze, int runs, List<String> params, Schema schema,
                             Duration timeout, io.dbagent.jdbc.DbUrl devServer) {

    public ExplainOptions {
        params = List.copyOf(params == null ? List.of() : params);
        timeout = timeout == null ? Timeouts.DEFAULT : timeout;
    }

    public static Builder builder(String sql) {
        return new Builder(sql);
    }

    /** Builder: most callers set two or three of the options. */
    public static final class Builder {
        private final String sql;
        private boolean analyze;
        private int runs;
        private List<String> params = List.of();
        private Schema schema;
        private Duration timeout = Timeouts.DEFAULT;
        private io.dbagent.jdbc.DbUrl devServer;

        private Builder(String sql) {
            this.sql = sql;
        }

        public Builder analyze(boolean v) {
            analyze = v;
            return this;
        }

        public Builder runs(int v) {
            runs = v;
            return this;
        }

        public Builder params(List<String> v) {
            params = v;
            return this;
        }

        public Builder schema(Schema v) {
            schema = v;
            return this;
        }

        /** Limit per statement (default 30 s). */
        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        /** The development server for scratch copies that check index fixes (MySQL/MariaDB); null: none. */
        public Builder devServer(io.dbagent.jdbc.DbUrl v) {
            devServer = v;
            return this;
        }

        public ExplainOptions build() {
            return new ExplainOptions(sql, analyze, runs, params, schema, timeout, devServer);
        }
    }
}

package io.dbagent.health;

import com.zaxxer.hikari.HikariPoolMXBean;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a health run looks at and against which numbers.
 *
 * @param only        the checks to run; all when empty
 * @param thresholds  warn/critical levels and floors
 * @param schemas     PostgreSQL: only report table-level findings in these schemas (empty: all user schemas)
 * @param pool        a client-side HikariCP pool to judge, or {@code null}
 * @param poolMax     its maximum size (HikariPoolMXBean does not carry it)
 * @param poolName    its name for messages
 * @param exactBloat  confirm estimated bloat with pgstattuple when that extension is installed
 */
public record HealthOptions(Set<HealthCheck> only, Thresholds thresholds, List<String> schemas, HikariPoolMXBean pool,
                            int poolMax, String poolName, boolean exactBloat) {

    public HealthOptions {
        only = only == null || only.isEmpty() ? Set.of() : Set.copyOf(only);
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
    }

    public static HealthOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean runs(HealthCheck c) {
        return only.isEmpty() || only.contains(c);
    }

    /** Builder: most callers set one or two of these. */
    public static final class Builder {
        private final Set<HealthCheck> only = EnumSet.noneOf(HealthCheck.class);
        private Thresholds thresholds = Thresholds.defaults();
        private final List<String> schemas = new ArrayList<>();
        private HikariPoolMXBean pool;
        private int poolMax;
        private String poolName;
        private boolean exactBloat = true;

        public Builder only(HealthCheck... checks) {
            only.addAll(List.of(checks));
            return this;
        }

        /** Check ids as the CLI takes them; comma-separated values are split. */
        public Builder onlyIds(List<String> ids) {
            if (ids != null) {
                for (String s : ids) {
                    for (String part : s.split(",")) {
                        if (!part.isBlank()) {
                            only.add(HealthCheck.byId(part));
                        }
                    }
                }
            }
            return this;
        }

        public Builder thresholds(Thresholds t) {
            this.thresholds = t;
            return this;
        }

        public Builder schemas(List<String> s) {
            schemas.addAll(s);
            return this;
        }

        /** A pool known only by its MXBean (e.g. read over JMX) and its configured maximum size. */
        public Builder pool(HikariPoolMXBean p, int maximumPoolSize, String name) {
            this.pool = p;
            this.poolMax = maximumPoolSize;
            this.poolName = name;
            return this;
        }

        /** The application's HikariCP pool: its MXBean, maximum size and name. */
        public Builder pool(com.zaxxer.hikari.HikariDataSource ds) {
            return pool(ds.getHikariPoolMXBean(), ds.getMaximumPoolSize(), ds.getPoolName());
        }

        public Builder exactBloat(boolean b) {
            this.exactBloat = b;
            return this;
        }

        public HealthOptions build() {
            return new HealthOptions(only, thresholds, schemas, pool, poolMax, poolName, exactBloat);
        }
    }
}

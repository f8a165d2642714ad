package io.dbagent.health;

import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.report.Report;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * {@code dbagent health}: one report of findings plus the raw metrics, on PostgreSQL, MySQL/MariaDB and SQLite.
 * A check the role may not run, or that does not apply to the engine, is listed under {@code skipped} with the
 * reason; it never fails the whole report.
 */
public final class HealthService {

    private HealthService() {
    }

    /** Runs the checks on an open (read-only) session. */
    /**
     * Checks the target of a URL: PgBouncer's pools when it points at PgBouncer's admin console, else the database
     * itself. The CLI's {@code health} and {@code watch} both come through here.
     */
    public static Report<Void> check(io.dbagent.jdbc.DbUrl url, HealthOptions options) {
        return Dialects.of(url).healthFacts().adminConsoleReport(url, options).orElseGet(() -> {
            try (DbSession session = io.dbagent.jdbc.ConnectionFactory.open(url)) {
                return check(session, options);
            }
        });
    }

    public static Report<Void> check(DbSession session, HealthOptions options) {
        long t0 = System.nanoTime();
        HealthRun r = new HealthRun(session, options);
        CommonChecks.pool(r);
        try {
            Dialects.of(session).health().run(r);
        } catch (SQLException e) {
            throw Sql.failure("health check failed", e);
        }
        if (r.runsAny(HealthCheck.TABLE_BLOAT, HealthCheck.INDEX_BLOAT)) {
            CommonChecks.bloat(r);
        }
        if (r.runsAny(HealthCheck.FK_WITHOUT_INDEX, HealthCheck.DUPLICATE_INDEX,
                HealthCheck.MISSING_PRIMARY_KEY)) {
            CommonChecks.lintRules(r);
        }
        r.metric("durationMs", (System.nanoTime() - t0) / 1_000_000);
        return new Report<>("health", session.url().redacted(), session.describe(), r.findings(), r.skipped(), r.metrics());
    }

    /**
     * For applications that embed dbagent: checks the database behind a {@link DataSource}. When it is a HikariCP
     * pool, the pool itself is judged too (connection-pool-saturation), read before this call borrows its own
     * connection so that borrowing does not count.
     */
    public static Report<Void> check(DataSource dataSource, HealthOptions options) {
        HealthOptions o = options;
        if (o.pool() == null && isHikari(dataSource)) {
            com.zaxxer.hikari.HikariDataSource h = (com.zaxxer.hikari.HikariDataSource) dataSource;
            o = new HealthOptions(o.only(), o.thresholds(), o.schemas(), h.getHikariPoolMXBean(),
                    h.getMaximumPoolSize(), h.getPoolName(), o.exactBloat());
        }
        HealthRun early = new HealthRun(null, o);
        CommonChecks.pool(early);
        if (o.pool() != null && o.pool().getIdleConnections() == 0 && o.pool().getTotalConnections() >= o.poolMax()) {
            // borrowing would only queue behind the application's own threads: report the pool alone
            String reason = "skipped: the pool has no free connection to run it (all " + o.poolMax() + " in use)";
            for (HealthCheck c : HealthCheck.values()) {
                if (c != HealthCheck.CONNECTION_POOL_SATURATION) {
                    early.skip(c, reason);
                }
            }
            return new Report<>("health", "pool " + o.poolName(), null, early.findings(), early.skipped(), early.metrics());
        }
        HealthOptions withoutPool = new HealthOptions(o.only(), o.thresholds(), o.schemas(), null, 0, null,
                o.exactBloat());
        // the same read-only session on a borrowed connection as every library entry point (SessionSource.of): set
        // per engine, and reset before the connection goes back to the application's pool
        try (DbSession s = SessionSource.of(dataSource).open(ConnectionFactory.Access.READ_ONLY)) {
            Report<Void> report = check(s, withoutPool);
            java.util.List<io.dbagent.report.Finding> findings = new java.util.ArrayList<>(report.findings());
            findings.addAll(early.findings());
            java.util.Map<String, String> skipped = new java.util.LinkedHashMap<>(report.skipped());
            skipped.remove(HealthCheck.CONNECTION_POOL_SATURATION.id());
            skipped.putAll(early.skipped());
            java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>(early.metrics());
            metrics.putAll(report.metrics());
            return new Report<>(report.command(), report.target(), report.product(), findings, skipped, metrics);
        }
    }

    private static boolean isHikari(DataSource ds) {
        try {
            return ds instanceof com.zaxxer.hikari.HikariDataSource;
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }
}

package io.dbagent.health;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Report;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

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
    public static Report check(io.dbagent.jdbc.DbUrl url, HealthOptions options) {
        return PgBouncerHealth.checkIfAdminConsole(url, options).orElseGet(() -> {
            try (DbSession session = io.dbagent.jdbc.ConnectionFactory.open(url)) {
                return check(session, options);
            }
        });
    }

    public static Report check(DbSession session, HealthOptions options) {
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
        if (r.runsAny(HealthCheck.FK_WITHOUT_INDEX, HealthCheck.DUPLICATE_INDEX)) {
            CommonChecks.lintRules(r);
        }
        r.metric("durationMs", (System.nanoTime() - t0) / 1_000_000);
        return new Report("health", session.url().redacted(), session.describe(), r.findings(), r.skipped(), r.metrics());
    }

    /**
     * For applications that embed dbagent: checks the database behind a {@link DataSource}. When it is a HikariCP
     * pool, the pool itself is judged too (connection-pool-saturation), read before this call borrows its own
     * connection so that borrowing does not count.
     */
    public static Report check(DataSource dataSource, HealthOptions options) {
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
            return new Report("health", "pool " + o.poolName(), null, early.findings(), early.skipped(), early.metrics());
        }
        HealthOptions withoutPool = new HealthOptions(o.only(), o.thresholds(), o.schemas(), null, 0, null,
                o.exactBloat());
        try (Connection c = dataSource.getConnection()) {
            // SQLite fixes read-only mode when the file is opened; the checks only read, so leave it as it is
            boolean sqlite = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
            boolean wasReadOnly = c.isReadOnly();
            if (!sqlite) {
                c.setReadOnly(true);
            }
            try {
                Report report = check(session(c), withoutPool);
                java.util.List<io.dbagent.report.Finding> findings = new java.util.ArrayList<>(report.findings());
                findings.addAll(early.findings());
                java.util.Map<String, String> skipped = new java.util.LinkedHashMap<>(report.skipped());
                skipped.remove(HealthCheck.CONNECTION_POOL_SATURATION.id());
                skipped.putAll(early.skipped());
                java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>(early.metrics());
                metrics.putAll(report.metrics());
                return new Report(report.command(), report.target(), report.product(), findings, skipped, metrics);
            } finally {
                if (!sqlite) {
                    c.setReadOnly(wasReadOnly);
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot get a connection from the DataSource", e);
        }
    }

    private static boolean isHikari(DataSource ds) {
        try {
            return ds instanceof com.zaxxer.hikari.HikariDataSource;
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    /** Describes a borrowed connection as a session (without owning it: the caller closes the connection). */
    static DbSession session(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        DbUrl url = ConnectionFactory.describing(md.getURL());
        if (url == null) {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED,
                    "health supports PostgreSQL, MySQL/MariaDB and SQLite data sources, not " + md.getDatabaseProductName());
        }
        String version = md.getDatabaseProductVersion();
        String product = Dialects.of(url).productName(version);
        return new DbSession(c, url, url.dialect(), product, Dialects.of(url).versionNumber(version), md.getDatabaseMajorVersion(),
                md.getDatabaseMinorVersion(), c.isReadOnly());
    }
}

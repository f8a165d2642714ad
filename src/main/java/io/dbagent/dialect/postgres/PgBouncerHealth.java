package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthCheck;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthRun;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dbagent.health.HealthCheck.CONNECTION_POOL_SATURATION;

/**
 * Server-side pooling: when {@code --db} names PgBouncer's admin console (the database {@code pgbouncer}), judges
 * each pool from {@code SHOW POOLS} against its size from {@code SHOW DATABASES}/{@code SHOW CONFIG}. The other
 * checks need the database itself and are reported as skipped. A connection through PgBouncer to a real database
 * is not touched: it takes the normal PostgreSQL path.
 */
public final class PgBouncerHealth {

    static final String ADMIN_DB = "pgbouncer";
    public static final String SKIP_REASON =
            "connected to PgBouncer's admin console: point --db at the database itself for these";

    record Pool(String database, String user, long clActive, long clWaiting, long svActive, long svIdle, long svUsed,
                double maxwaitSeconds, String mode, long size) {

        String name() {
            return database + "/" + user;
        }

        double percent() {
            return size <= 0 ? 0 : 100.0 * svActive / size;
        }
    }

    private PgBouncerHealth() {
    }

    /**
     * The report for PgBouncer's admin console, or empty when the URL does not name one (or the database called
     * {@code pgbouncer} turns out to be a real PostgreSQL database): the caller then runs the normal checks.
     */
    static Optional<Report<Void>> checkIfAdminConsole(DbUrl url, HealthOptions options) {
        if (!Dialects.of(url).healthFacts().mayBePgBouncerConsole() || !ADMIN_DB.equals(url.database())) {
            return Optional.empty();
        }
        try (PgBouncerConsole console = PgBouncerConsole.open(url.host(), url.port() > 0 ? url.port() : 5432,
                url.user() == null ? System.getProperty("user.name") : url.user(), url.password(), ADMIN_DB)) {
            String version;
            try {
                version = console.query(PgBouncerConsole.VERSION).get(0).values().iterator().next();
            } catch (SQLException | RuntimeException e) {
                return Optional.empty(); // PostgreSQL has no SHOW VERSION: a real database named pgbouncer
            }
            if (version == null || !version.startsWith("PgBouncer")) {
                return Optional.empty();
            }
            return Optional.of(check(console, url, version, options));
        } catch (IOException e) {
            return Optional.empty(); // let the normal path report the unreachable server in its usual words
        } catch (SQLException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("dbagent does not speak") || msg.contains("asks for a password")) {
                throw new DbAgentException(DbAgentException.Code.CONNECTION,
                        Redactor.redact("PgBouncer admin console at " + url.hostPort() + ": " + msg), e);
            }
            return Optional.empty();
        }
    }

    private static Report<Void> check(PgBouncerConsole console, DbUrl url, String version, HealthOptions options) {
        long t0 = System.nanoTime();
        HealthRun r = new HealthRun(null, options);
        for (HealthCheck c : HealthCheck.values()) {
            if (c != CONNECTION_POOL_SATURATION) {
                r.skip(c, SKIP_REASON);
            }
        }
        r.guard("an admin_users or stats_users entry for this user", () -> {
            try {
                pools(r, console);
            } catch (IOException e) {
                throw new SQLException("lost the admin console: " + e.getMessage(), e);
            }
        }, CONNECTION_POOL_SATURATION);
        r.metric("durationMs", (System.nanoTime() - t0) / 1_000_000);
        return new Report<>("health", url.redacted(), version.trim(), r.findings(), r.skipped(), r.metrics());
    }

    private static void pools(HealthRun r, PgBouncerConsole console) throws IOException, SQLException {
        Map<String, String> config = new HashMap<>();
        for (Map<String, String> row : console.query(PgBouncerConsole.CONFIG)) {
            config.put(row.get("key"), row.get("value"));
        }
        long defaultSize = num(config.get("default_pool_size"), 20);
        Map<String, Map<String, String>> databases = new HashMap<>();
        for (Map<String, String> row : console.query(PgBouncerConsole.DATABASES)) {
            databases.put(row.get("name"), row);
        }
        List<Pool> pools = new ArrayList<>();
        long clients = 0;
        for (Map<String, String> row : console.query(PgBouncerConsole.POOLS)) {
            String db = row.get("database");
            clients += num(row.get("cl_active"), 0) + num(row.get("cl_waiting"), 0);
            if (ADMIN_DB.equals(db)) {
                continue; // the console's own pseudo-pool has no server connections
            }
            Map<String, String> d = databases.getOrDefault(db, Map.of());
            long size = num(d.get("pool_size"), -1);
            pools.add(new Pool(db, row.get("user"), num(row.get("cl_active"), 0), num(row.get("cl_waiting"), 0),
                    num(row.get("sv_active"), 0), num(row.get("sv_idle"), 0), num(row.get("sv_used"), 0),
                    num(row.get("maxwait"), 0) + num(row.get("maxwait_us"), 0) / 1_000_000.0,
                    row.get("pool_mode"), size > 0 ? size : defaultSize));
        }
        Map<String, Object> m = r.group("pgbouncer");
        m.put("maxClientConn", num(config.get("max_client_conn"), -1));
        m.put("defaultPoolSize", defaultSize);
        m.put("poolMode", config.get("pool_mode"));
        m.put("clients", clients);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Pool p : pools) {
            list.add(metrics(p));
            judge(r, p, defaultSize);
        }
        m.put("pools", list);
    }

    private static Map<String, Object> metrics(Pool p) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("database", p.database());
        pm.put("user", p.user());
        pm.put("clActive", p.clActive());
        pm.put("clWaiting", p.clWaiting());
        pm.put("svActive", p.svActive());
        pm.put("svIdle", p.svIdle());
        pm.put("svUsed", p.svUsed());
        pm.put("maxwaitSeconds", Fmt.round2(p.maxwaitSeconds()));
        pm.put("poolMode", p.mode());
        pm.put("poolSize", p.size());
        pm.put("percent", Fmt.round2(p.percent()));
        return pm;
    }

    private static void judge(HealthRun r, Pool p, long defaultSize) {
        Severity byShare = r.judge(CONNECTION_POOL_SATURATION, p.percent()).orElse(null);
        Severity byWait = p.clWaiting() == 0 ? null : p.maxwaitSeconds() >= 1 ? Severity.CRITICAL : Severity.WARN;
        Severity sev = byShare == null ? byWait
                : byWait == null || byShare.compareTo(byWait) >= 0 ? byShare : byWait;
        if (sev == null) {
            return;
        }
        long raised = Math.max(p.size() + 1, (long) Math.ceil(p.size() * 1.5));
        StringBuilder fix = new StringBuilder()
                .append("-- first look for long transactions holding server connections (on database ")
                .append(p.database()).append(" itself):\n")
                .append("SELECT pid, now() - xact_start AS xact_age, state, query FROM pg_stat_activity")
                .append(" WHERE xact_start IS NOT NULL ORDER BY xact_start LIMIT 10;\n")
                .append("-- then, if PostgreSQL has headroom (connection-utilization on the database), in pgbouncer.ini:\n")
                .append("--   [databases] ").append(p.database()).append(" = ... pool_size=").append(raised)
                .append("   (or [pgbouncer] default_pool_size = ")
                .append(Math.max(raised, defaultSize)).append(")\n")
                .append("-- and reload: RELOAD;  (in this admin console)");
        if ("transaction".equals(p.mode())) {
            fix.append("\n-- transaction mode: a server connection is busy only for a transaction, so a full pool means ")
                    .append("long or many concurrent transactions; session state (SET, session advisory locks, LISTEN, ")
                    .append("WITH HOLD cursors, temp tables) does not survive between transactions here");
        } else if ("session".equals(p.mode())) {
            fix.append("\n-- session mode: each client holds a server connection for its whole session; pool_mode = ")
                    .append("transaction frees it between transactions if the application keeps no session state");
        }
        r.add(Finding.builder(CONNECTION_POOL_SATURATION.id(), sev)
                .subject(p.name())
                .message("PgBouncer pool " + p.name() + " (" + p.mode() + " mode): " + p.svActive() + " of "
                        + p.size() + " server connections active (" + Fmt.pct(p.percent()) + "), " + p.svIdle()
                        + " idle, " + p.clActive() + " clients active, " + p.clWaiting() + " clients waiting"
                        + (p.clWaiting() > 0 ? " (longest " + Fmt.seconds(p.maxwaitSeconds()) + ")" : ""))
                .fix(fix.toString())
                .evidence("database", p.database())
                .evidence("user", p.user())
                .evidence("svActive", p.svActive())
                .evidence("svIdle", p.svIdle())
                .evidence("poolSize", p.size())
                .evidence("clActive", p.clActive())
                .evidence("clWaiting", p.clWaiting())
                .evidence("maxwaitSeconds", Fmt.round2(p.maxwaitSeconds()))
                .evidence("poolMode", p.mode())
                .evidence("percent", Fmt.round2(p.percent()))
                .build());
    }

    private static long num(String s, long ifMissing) {
        try {
            return s == null || s.isBlank() ? ifMissing : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return ifMissing;
        }
    }
}

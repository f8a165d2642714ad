package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.postgres.PostgresHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.health.Statements;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dbagent.health.HealthCheck.BLOCKED_QUERIES;
import static io.dbagent.health.HealthCheck.IDLE_IN_TRANSACTION;
import static io.dbagent.health.HealthCheck.LONG_RUNNING_TRANSACTION;
import static io.dbagent.health.HealthCheck.SLOW_QUERY;

/** PostgreSQL checks on what runs now (pg_stat_activity, pg_blocking_pids) and on pg_stat_statements. */
final class PostgresSessions {

    private static final String IDLE_TX = "idle in transaction";

    record Session(int pid, String user, String application, String state, Double xactSeconds, Double stateSeconds,
                   Double waitSeconds, String query, List<Integer> blockedBy) {
    }

    private PostgresSessions() {
    }

    static void run(HealthRun r, PostgresHealth.Context ctx) {
        if (!ctx.readAllStats()) {
            String reason = "skipped: needs pg_monitor (or pg_read_all_stats): the state, start times and queries of "
                    + "other roles' sessions are hidden from role " + ctx.role() + " (GRANT pg_monitor TO "
                    + DdlWriter.of(PostgresHealth.PG).ident(ctx.role()) + ";)";
            r.skip(LONG_RUNNING_TRANSACTION, reason);
            r.skip(IDLE_IN_TRANSACTION, reason);
            r.skip(BLOCKED_QUERIES, reason);
        }
        r.guard("pg_monitor", () -> activity(r, ctx), LONG_RUNNING_TRANSACTION, IDLE_IN_TRANSACTION, BLOCKED_QUERIES);
        if (r.runs(SLOW_QUERY)) {
            slowQueries(r, ctx);
        }
    }

    private static void activity(HealthRun r, PostgresHealth.Context ctx) throws SQLException {
        List<Session> sessions = Rows.list(r.session.connection(), PostgresHealthSql.ACTIVITY, rs -> {
            Array a = rs.getArray("blocked_by");
            List<Integer> blockers = a == null ? List.of() : Arrays.stream((Integer[]) a.getArray()).toList();
            return new Session(rs.getInt("pid"), rs.getString("user_name"), rs.getString("application_name"),
                    rs.getString("state"), Rows.doubleOrNull(rs, "xact_seconds"), Rows.doubleOrNull(rs, "state_seconds"),
                    Rows.doubleOrNull(rs, "wait_seconds"), rs.getString("query"), blockers);
        });
        Map<String, Object> m = r.group("sessions");
        m.put("count", sessions.size());
        m.put("idleInTransaction", sessions.stream().filter(s -> isIdleInTx(s.state())).count());
        m.put("waitingForLocks", sessions.stream().filter(s -> !s.blockedBy().isEmpty()).count());
        m.put("oldestTransactionSeconds", Fmt.round2(sessions.stream()
                .map(Session::xactSeconds).filter(x -> x != null).mapToDouble(Double::doubleValue).max().orElse(0)));
        for (Session s : sessions) {
            if (isIdleInTx(s.state()) && s.stateSeconds() != null && r.runs(IDLE_IN_TRANSACTION)) {
                idleInTransaction(r, ctx, s);
            } else if (s.xactSeconds() != null && r.runs(LONG_RUNNING_TRANSACTION)) {
                longRunning(r, s);
            }
            if (!s.blockedBy().isEmpty() && s.waitSeconds() != null && r.runs(BLOCKED_QUERIES)) {
                blocked(r, s, sessions);
            }
        }
    }

    private static boolean isIdleInTx(String state) {
        return state != null && state.startsWith(IDLE_TX);
    }

    private static String who(Session s) {
        return "session pid " + s.pid() + " (user " + s.user()
                + (s.application() == null || s.application().isBlank() ? "" : ", application " + s.application()) + ")";
    }

    private static void idleInTransaction(HealthRun r, PostgresHealth.Context ctx, Session s) {
        Optional<Severity> sev = r.judge(IDLE_IN_TRANSACTION, s.stateSeconds());
        if (sev.isEmpty()) {
            return;
        }
        r.add(Finding.builder(IDLE_IN_TRANSACTION.id(), sev.get())
                .subject("pid " + s.pid())
                .message(who(s) + " has been idle inside an open transaction for " + Fmt.seconds(s.stateSeconds())
                        + (s.xactSeconds() == null ? "" : " (transaction open for " + Fmt.seconds(s.xactSeconds()) + ")")
                        + ": it keeps its locks and stops VACUUM from removing dead rows; last statement: "
                        + Fmt.oneLine(s.query(), 120))
                .fix("SELECT pg_terminate_backend(" + s.pid() + ");\nALTER DATABASE "
                        + DdlWriter.of(PostgresHealth.PG).ident(ctx.database()) + " SET idle_in_transaction_session_timeout = '"
                        + Math.max(1, Math.round(r.t.warn(IDLE_IN_TRANSACTION))) + "s';")
                .evidence("pid", s.pid())
                .evidence("user", s.user())
                .evidence("application", s.application())
                .evidence("idleSeconds", Fmt.round2(s.stateSeconds()))
                .evidence("transactionSeconds", s.xactSeconds() == null ? null : Fmt.round2(s.xactSeconds()))
                .evidence("lastQuery", Fmt.oneLine(s.query(), 300))
                .build());
    }

    private static void longRunning(HealthRun r, Session s) {
        Optional<Severity> sev = r.judge(LONG_RUNNING_TRANSACTION, s.xactSeconds());
        if (sev.isEmpty()) {
            return;
        }
        r.add(Finding.builder(LONG_RUNNING_TRANSACTION.id(), sev.get())
                .subject("pid " + s.pid())
                .message(who(s) + " has had a transaction open for " + Fmt.seconds(s.xactSeconds()) + " (state "
                        + s.state() + "): old row versions pile up behind it; running: " + Fmt.oneLine(s.query(), 120))
                .fix("SELECT pg_cancel_backend(" + s.pid() + ");  -- cancels the statement; pg_terminate_backend("
                        + s.pid() + ") ends the session")
                .evidence("pid", s.pid())
                .evidence("user", s.user())
                .evidence("state", s.state())
                .evidence("transactionSeconds", Fmt.round2(s.xactSeconds()))
                .evidence("query", Fmt.oneLine(s.query(), 300))
                .build());
    }

    private static void blocked(HealthRun r, Session s, List<Session> all) {
        Optional<Severity> sev = r.judge(BLOCKED_QUERIES, s.waitSeconds());
        if (sev.isEmpty()) {
            return;
        }
        int blocker = s.blockedBy().get(0);
        Session b = all.stream().filter(x -> x.pid() == blocker).findFirst().orElse(null);
        boolean blockerIdle = b != null && isIdleInTx(b.state());
        String blockerText = "pid " + blocker + (b == null ? "" : " (user " + b.user() + ", " + b.state()
                + (b.query() == null ? "" : ", last statement: " + Fmt.oneLine(b.query(), 80)) + ")");
        r.add(Finding.builder(BLOCKED_QUERIES.id(), sev.get())
                .subject("pid " + s.pid())
                .message(who(s) + " has waited " + Fmt.seconds(s.waitSeconds()) + " for a lock held by " + blockerText
                        + (s.blockedBy().size() > 1 ? " and " + (s.blockedBy().size() - 1) + " more" : "")
                        + "; waiting: " + Fmt.oneLine(s.query(), 120))
                .fix(blockerIdle
                        ? "SELECT pg_terminate_backend(" + blocker + ");  -- the blocker sits idle in its transaction"
                        : "SELECT pg_cancel_backend(" + blocker + ");  -- or pg_terminate_backend(" + blocker
                        + ") if it does not let go")
                .evidence("pid", s.pid())
                .evidence("blockingPids", s.blockedBy())
                .evidence("waitSeconds", Fmt.round2(s.waitSeconds()))
                .evidence("query", Fmt.oneLine(s.query(), 300))
                .evidence("blockingQuery", b == null ? null : Fmt.oneLine(b.query(), 300))
                .build());
    }

    private static void slowQueries(HealthRun r, PostgresHealth.Context ctx) {
        String ext = ctx.extensions().get("pg_stat_statements");
        String preload = ctx.setting("shared_preload_libraries");
        if (ext == null) {
            boolean loaded = preload != null && preload.contains("pg_stat_statements");
            r.skip(SLOW_QUERY, loaded
                    ? "pg_stat_statements is loaded but not created in database " + ctx.database()
                    + ": run CREATE EXTENSION pg_stat_statements; there (as a superuser)"
                    : "pg_stat_statements is not installed. To enable it: " + enableSteps(preload, ctx.database()));
            return;
        }
        List<Map<String, Object>> rows;
        try {
            rows = Rows.list(r.session.connection(), PostgresHealthSql.slowQueries(r.session.majorVersion(), ext), rs -> {
                double mean = rs.getDouble("mean_ms");
                double p95 = Math.min(mean + 1.645 * rs.getDouble("stddev_ms"), rs.getDouble("max_ms"));
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("queryid", rs.getString("queryid"));
                m.put("query", rs.getString("query"));
                m.put("calls", rs.getLong("calls"));
                m.put("meanMs", mean);
                m.put("p95Ms", Math.max(p95, mean));
                m.put("maxMs", rs.getDouble("max_ms"));
                m.put("totalMs", rs.getDouble("total_ms"));
                m.put("role", rs.getString("role_name"));
                return m;
            }, (long) r.t.get("slow-query.min-calls"));
        } catch (SQLException e) {
            String msg = HealthRun.firstLine(String.valueOf(e.getMessage()));
            r.skip(SLOW_QUERY, msg.contains("shared_preload_libraries")
                    ? "pg_stat_statements is created but not loaded (" + msg + "). To enable it: "
                    + enableSteps(preload, ctx.database())
                    : "failed: " + msg);
            return;
        }
        Map<String, Object> m = r.group("statements");
        m.put("tracked", rows.size());
        m.put("worstP95Ms", rows.isEmpty() ? 0 : Fmt.round2((double) rows.get(0).get("p95Ms")));
        List<Finding> found = new ArrayList<>();
        for (Map<String, Object> q : rows) {
            if (!Statements.isPlannable((String) q.get("query"))) {
                continue;
            }
            double p95 = (double) q.get("p95Ms");
            double mean = (double) q.get("meanMs");
            r.judge(SLOW_QUERY, p95).ifPresent(sev -> {
                String text = (String) q.get("query");
                boolean hidden = text != null && text.startsWith("<insufficient privilege>");
                found.add(Finding.builder(SLOW_QUERY.id(), sev)
                        .subject("queryid " + q.get("queryid"))
                        .message("statement " + (hidden ? "(text hidden: needs pg_read_all_stats)" : Fmt.oneLine(text, 120))
                                + ": " + Fmt.count((long) q.get("calls")) + " calls, mean " + Fmt.ms(mean)
                                + ", estimated p95 " + Fmt.ms(p95) + " (max " + Fmt.ms((double) q.get("maxMs"))
                                + "), target p95 below " + Fmt.ms(r.t.warn(SLOW_QUERY)))
                        .fix(hidden ? "-- ask a role with pg_read_all_stats for the text of queryid " + q.get("queryid")
                                : "EXPLAIN (ANALYZE, BUFFERS) " + Fmt.oneLine(text, 2000)
                                + ";  -- put real values in for $1, $2, …; then index what the plan filters on")
                        .evidence("queryid", q.get("queryid"))
                        .evidence("calls", q.get("calls"))
                        .evidence("meanMs", Fmt.round2(mean))
                        .evidence("p95EstimateMs", Fmt.round2(p95))
                        .evidence("maxMs", Fmt.round2((double) q.get("maxMs")))
                        .evidence("totalMs", Fmt.round2((double) q.get("totalMs")))
                        .evidence("role", q.get("role"))
                        .build());
            });
        }
        m.put("slow", found.size());
        r.addAll(found.subList(0, Math.min(20, found.size())));
    }

    /** The exact steps, keeping whatever the server already preloads. */
    static String enableSteps(String preload, String database) {
        String libs = preload == null ? null
                : preload.isBlank() ? "pg_stat_statements" : preload.trim() + ",pg_stat_statements";
        return (libs == null
                ? "add pg_stat_statements to shared_preload_libraries (ALTER SYSTEM SET shared_preload_libraries = "
                + "'<current list>,pg_stat_statements';)"
                : "ALTER SYSTEM SET shared_preload_libraries = '" + libs + "';")
                + " then restart the server; then, as a superuser in database " + database
                + ": CREATE EXTENSION pg_stat_statements;";
    }
}

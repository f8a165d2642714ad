package io.dbagent.dialect.mysql;

import io.dbagent.dialect.mysql.MysqlHealthSql;
import io.dbagent.health.Fmt;
import io.dbagent.health.HealthRun;
import io.dbagent.health.Statements;
import io.dbagent.jdbc.Rows;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dbagent.health.HealthCheck.BLOCKED_QUERIES;
import static io.dbagent.health.HealthCheck.IDLE_IN_TRANSACTION;
import static io.dbagent.health.HealthCheck.LONG_RUNNING_TRANSACTION;
import static io.dbagent.health.HealthCheck.SLOW_QUERY;

/**
 * MySQL/MariaDB checks on what runs now (InnoDB transactions and lock waits, which need the PROCESS privilege)
 * and on statement digests (performance_schema).
 */
final class MysqlSessions {

    private MysqlSessions() {
    }

    static void run(HealthRun r, Map<String, String> vars, boolean perf) {
        boolean maria = r.session.isMariaDb();
        r.guard("the PROCESS privilege (GRANT PROCESS ON *.* TO the user)", () -> transactions(r, vars, maria),
                LONG_RUNNING_TRANSACTION, IDLE_IN_TRANSACTION);
        r.guard("the PROCESS privilege (GRANT PROCESS ON *.* TO the user)", () -> lockWaits(r, maria, perf),
                BLOCKED_QUERIES);
        if (perf) {
            r.guard("SELECT on performance_schema", () -> digests(r, maria), SLOW_QUERY);
        }
    }

    private static void transactions(HealthRun r, Map<String, String> vars, boolean maria) throws SQLException {
        record Trx(long thread, String state, long seconds, String command, long commandSeconds, String user,
                   String query) {
        }
        List<Trx> list = Rows.list(r.session.connection(), MysqlHealthSql.TRANSACTIONS, rs -> new Trx(
                rs.getLong("thread_id"), rs.getString("trx_state"), rs.getLong("trx_seconds"), rs.getString("command"),
                rs.getLong("command_seconds"), rs.getString("user_name"), rs.getString("query")));
        Map<String, Object> m = r.group("sessions");
        m.put("openTransactions", list.size());
        m.put("oldestTransactionSeconds", list.stream().mapToLong(Trx::seconds).max().orElse(0));
        for (Trx t : list) {
            boolean idle = "Sleep".equalsIgnoreCase(t.command());
            String who = "thread " + t.thread() + " (user " + t.user() + ")";
            if (idle && r.runs(IDLE_IN_TRANSACTION)) {
                Optional<Severity> sev = r.judge(IDLE_IN_TRANSACTION, t.commandSeconds());
                sev.ifPresent(s -> r.add(Finding.builder(IDLE_IN_TRANSACTION.id(), s)
                        .subject("thread " + t.thread())
                        .message(who + " has been idle inside an open transaction for " + Fmt.seconds(t.commandSeconds())
                                + " (transaction open for " + Fmt.seconds(t.seconds()) + "): it keeps its row locks and "
                                + "holds back purge")
                        .fix("KILL " + t.thread() + ";" + (maria ? "\nSET GLOBAL idle_transaction_timeout = "
                                + Math.max(1, Math.round(r.t.warn(IDLE_IN_TRANSACTION))) + ";  -- and persist it in the server config"
                                : "  -- and make the application commit or roll back before it waits"))
                        .evidence("thread", t.thread())
                        .evidence("user", t.user())
                        .evidence("idleSeconds", t.commandSeconds())
                        .evidence("transactionSeconds", t.seconds())
                        .build()));
            } else if (!idle && r.runs(LONG_RUNNING_TRANSACTION)) {
                r.judge(LONG_RUNNING_TRANSACTION, t.seconds()).ifPresent(s -> r.add(
                        Finding.builder(LONG_RUNNING_TRANSACTION.id(), s)
                                .subject("thread " + t.thread())
                                .message(who + " has had a transaction open for " + Fmt.seconds(t.seconds()) + " (state "
                                        + t.state() + "); running: " + Fmt.oneLine(t.query(), 120))
                                .fix("KILL QUERY " + t.thread() + ";  -- stops the statement; KILL " + t.thread()
                                        + " ends the session")
                                .evidence("thread", t.thread())
                                .evidence("transactionSeconds", t.seconds())
                                .evidence("query", Fmt.oneLine(t.query(), 300))
                                .build()));
            }
        }
    }

    private static void lockWaits(HealthRun r, boolean maria, boolean perf) throws SQLException {
        if (!maria && !perf) {
            r.skip(BLOCKED_QUERIES, "MySQL 8 reports lock waits in performance_schema, which is OFF: "
                    + MysqlHealth.enablePerformanceSchema());
            return;
        }
        String sql = maria ? MysqlHealthSql.LOCK_WAITS_MARIADB : MysqlHealthSql.LOCK_WAITS_MYSQL8;
        record Wait(long waiting, long blocking, long seconds, String query, String blockingQuery, String blockingCommand) {
        }
        List<Wait> waits = Rows.list(r.session.connection(), sql, rs -> new Wait(rs.getLong("waiting_thread"),
                rs.getLong("blocking_thread"), rs.getLong("wait_seconds"), rs.getString("waiting_query"),
                rs.getString("blocking_query"), rs.getString("blocking_command")));
        r.group("sessions").put("waitingForLocks", waits.stream().map(Wait::waiting).distinct().count());
        List<Long> reported = new ArrayList<>();
        for (Wait w : waits) {
            if (reported.contains(w.waiting())) {
                continue;
            }
            r.judge(BLOCKED_QUERIES, w.seconds()).ifPresent(sev -> {
                reported.add(w.waiting());
                boolean idle = "Sleep".equalsIgnoreCase(w.blockingCommand());
                r.add(Finding.builder(BLOCKED_QUERIES.id(), sev)
                        .subject("thread " + w.waiting())
                        .message("thread " + w.waiting() + " has waited " + Fmt.seconds(w.seconds())
                                + " for a lock held by thread " + w.blocking()
                                + (idle ? " (idle in its transaction)" : w.blockingQuery() == null ? ""
                                : " (running: " + Fmt.oneLine(w.blockingQuery(), 80) + ")")
                                + "; waiting: " + Fmt.oneLine(w.query(), 120))
                        .fix("KILL " + w.blocking() + ";  -- ends the blocking session and rolls back its transaction")
                        .evidence("thread", w.waiting())
                        .evidence("blockingThread", w.blocking())
                        .evidence("waitSeconds", w.seconds())
                        .evidence("query", Fmt.oneLine(w.query(), 300))
                        .evidence("blockingQuery",
                                w.blockingQuery() == null ? null : Fmt.oneLine(w.blockingQuery(), 300))
                        .build());
            });
        }
    }

    /** MySQL 8 has a 95th percentile per digest; MariaDB only mean and max, so there the mean is judged. */
    private static void digests(HealthRun r, boolean maria) throws SQLException {
        String sql = maria ? MysqlHealthSql.DIGESTS : MysqlHealthSql.DIGESTS_MYSQL8;
        List<Finding> found = new ArrayList<>();
        List<Map<String, Object>> rows = Rows.list(r.session.connection(), sql, rs -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("digest", rs.getString("DIGEST"));
            m.put("text", rs.getString("DIGEST_TEXT"));
            m.put("calls", rs.getLong("COUNT_STAR"));
            m.put("meanMs", rs.getDouble("mean_ms"));
            m.put("maxMs", rs.getDouble("max_ms"));
            m.put("totalMs", rs.getDouble("total_ms"));
            m.put("noIndex", rs.getLong("SUM_NO_INDEX_USED"));
            m.put("p95Ms", maria ? null : rs.getDouble("p95_ms"));
            return m;
        }, (long) r.t.get("slow-query.min-calls"));
        for (Map<String, Object> q : rows) {
            if (!Statements.isPlannable((String) q.get("text"))) {
                continue;
            }
            double mean = (double) q.get("meanMs");
            Double p95 = (Double) q.get("p95Ms");
            double judged = p95 == null ? mean : p95;
            r.judge(SLOW_QUERY, judged).ifPresent(sev -> found.add(Finding.builder(SLOW_QUERY.id(), sev)
                    .subject("digest " + q.get("digest"))
                    .message("statement " + Fmt.oneLine((String) q.get("text"), 120) + ": " + Fmt.count((long) q.get("calls"))
                            + " calls, mean " + Fmt.ms(mean) + (p95 == null ? " (MariaDB keeps no percentile per digest)"
                            : ", p95 " + Fmt.ms(p95)) + ", max " + Fmt.ms((double) q.get("maxMs"))
                            + ((long) q.get("noIndex") > 0 ? ", used no index " + q.get("noIndex") + " times" : "")
                            + "; target p95 below " + Fmt.ms(r.t.warn(SLOW_QUERY)))
                    .fix("EXPLAIN ANALYZE " + Fmt.oneLine((String) q.get("text"), 2000)
                            + ";  -- MariaDB: ANALYZE <statement>; put real values in for the ? placeholders")
                    .evidence("digest", q.get("digest"))
                    .evidence("calls", q.get("calls"))
                    .evidence("meanMs", Fmt.round2(mean))
                    .evidence("p95Ms", p95 == null ? null : Fmt.round2(p95))
                    .evidence("maxMs", Fmt.round2((double) q.get("maxMs")))
                    .evidence("totalMs", Fmt.round2((double) q.get("totalMs")))
                    .build()));
        }
        Map<String, Object> m = r.group("statements");
        m.put("tracked", rows.size());
        m.put("slow", found.size());
        r.addAll(found.subList(0, Math.min(20, found.size())));
    }
}

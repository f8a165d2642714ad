package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.dbagent.health.HealthIts.atLeastWarn;
import static io.dbagent.health.HealthIts.await;
import static io.dbagent.health.HealthIts.dbArg;
import static io.dbagent.health.HealthIts.finding;
import static io.dbagent.health.HealthIts.findings;
import static io.dbagent.health.HealthIts.health;
import static io.dbagent.health.HealthIts.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health on a real PostgreSQL: each condition of the issue is created for real (bloat by repeated updates with
 * autovacuum off for the table, an unused and a duplicate index, an FK without index, a sequence near its end, a
 * large table read by sequential scans, rollbacks, a transaction held open, a lock wait), the report finds it, and
 * pasting the offered fix makes it go away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresHealthIT {

    private static DbUrl url;

    private static final String FIXTURE = """
            CREATE EXTENSION IF NOT EXISTS pgstattuple;
            CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, note text);
            CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              customer_id bigint NOT NULL REFERENCES customers(id), status text NOT NULL, total numeric(12,2) NOT NULL);
            CREATE INDEX idx_orders_status ON orders (status);
            CREATE INDEX idx_orders_status_copy ON orders (status);
            CREATE INDEX idx_orders_total ON orders (total);
            INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 200) g;
            INSERT INTO orders (customer_id, status, total)
              SELECT 1 + g % 200, CASE WHEN g % 10 = 0 THEN 'open' ELSE 'paid' END, g FROM generate_series(1, 2000) g;
            CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL);
            INSERT INTO events SELECT g, 'k' || (g % 7) FROM generate_series(1, 12000) g;
            CREATE TABLE tickets (id serial PRIMARY KEY, title text);
            SELECT setval('tickets_id_seq', 2000000000);
            CREATE TABLE churn (id int PRIMARY KEY, counter int NOT NULL, payload text NOT NULL)
              WITH (autovacuum_enabled = false);
            INSERT INTO churn SELECT g, 0, repeat(md5(g::text), 3) FROM generate_series(1, 20000) g;
            SELECT pg_stat_force_next_flush();
            ANALYZE;
            CREATE TABLE imports (id bigint PRIMARY KEY, line text) WITH (autovacuum_enabled = false);
            INSERT INTO imports SELECT g, 'line ' || g FROM generate_series(1, 5000) g;
            """;

    @BeforeAll
    static void createConditions() throws Exception {
        url = TestDatabases.create(DialectKind.POSTGRES, "health");
        TestDatabases.exec(url, FIXTURE);
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            for (int i = 0; i < 12; i++) {
                st.executeQuery("SELECT count(*) FROM events WHERE kind = 'none'").close();
            }
            for (int i = 0; i < 120; i++) {
                st.executeQuery("SELECT count(*) FROM orders WHERE status = 'open'").close();
            }
            for (int i = 0; i < 4; i++) {
                st.execute("UPDATE churn SET counter = counter + 1");
            }
            // the counters this backend holds must reach shared memory before ANALYZE resets "changed since"
            st.execute("SELECT pg_stat_force_next_flush()");
            st.execute("ANALYZE churn");
            s.connection().setAutoCommit(false);
            for (int i = 0; i < 150; i++) {
                st.execute("INSERT INTO imports VALUES (" + (100_000 + i) + ", 'rejected')");
                s.connection().rollback();
            }
            s.connection().setAutoCommit(true);
            st.execute("SELECT pg_stat_force_next_flush()");
        }
        await("statistics flushed", () -> scalar(url, "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'events'") >= 12
                && scalar(url, "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()") >= 150);
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(url);
    }

    @Test
    @Order(1)
    void findsEachConditionWithTheNumbersAndAFix() throws Exception {
        JsonNode report = health(1, url);
        List<String> got = ids(report);

        JsonNode bloat = finding(report, "table-bloat", "churn");
        assertThat(bloat.get("severity").asText()).isEqualTo("critical");
        JsonNode ev = bloat.get("evidence");
        assertThat(ev.get("method").asText()).isEqualTo("pgstattuple");
        long exact = ev.get("exactWastedBytes").asLong();
        long estimate = ev.get("estimatedWastedBytes").asLong();
        assertThat(exact).isGreaterThan(5L << 20);
        // the statistics estimate is within 2x of what pgstattuple measured
        assertThat((double) Math.max(exact, estimate) / Math.min(exact, estimate)).isLessThanOrEqualTo(2.0);
        assertThat(bloat.get("fix").asText()).startsWith("VACUUM (FULL, ANALYZE) churn;").contains("pg_repack");

        JsonNode vac = finding(report, "vacuum-overdue", "churn");
        assertThat(vac.get("message").asText()).contains("autovacuum is disabled for this table");
        assertThat(vac.get("fix").asText()).contains("VACUUM (ANALYZE) churn;", "ALTER TABLE churn RESET (autovacuum_enabled);");

        JsonNode unused = finding(report, "unused-index", "idx_orders_total");
        assertThat(unused.get("severity").asText()).isEqualTo("warn");
        assertThat(unused.get("message").asText()).contains("idx_orders_total on orders", "scanned 0 times", "2,000 row writes");
        assertThat(unused.get("fix").asText()).startsWith("DROP INDEX CONCURRENTLY idx_orders_total;");
        assertThat(unused.get("evidence").get("sizeBytes").asLong()).isPositive();

        assertThat(finding(report, "duplicate-index", "orders.idx_orders_status_copy").get("fix").asText())
                .isEqualTo("DROP INDEX CONCURRENTLY idx_orders_status_copy;");
        // checked first with hypopg, created for the check in a transaction that is rolled back
        JsonNode fk = finding(report, "fk-without-index", "orders(customer_id)");
        assertThat(fk.get("fix").asText()).matches("-- verified \\(hypopg \\(created in a rolled-back transaction\\)\\): "
                + "the planner uses the index for SELECT \\* FROM orders WHERE customer_id = \\d+\n"
                + "CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders \\(customer_id\\);");
        assertThat(fk.get("evidence").get("indexUsed").asBoolean()).isTrue();

        JsonNode seq = finding(report, "seq-scan-large-table", "events");
        assertThat(seq.get("message").asText()).contains("12,000 rows", "sequential scans against 0 index scans");
        assertThat(seq.get("evidence").get("seqScan").asLong()).isGreaterThanOrEqualTo(12);

        JsonNode ticket = finding(report, "sequence-exhaustion", "tickets.id");
        assertThat(ticket.get("severity").asText()).isEqualTo("critical");
        assertThat(ticket.get("message").asText()).contains("2,000,000,000 of 2,147,483,647 (93.1 %)");

        assertThat(finding(report, "stats-stale", "imports").get("message").asText()).contains("never analysed");

        JsonNode rollback = findings(report, "rollback-rate").get(0);
        assertThat(rollback.get("evidence").get("rollbacks").asLong()).isGreaterThanOrEqualTo(150);
        assertThat(rollback.get("evidence").get("percent").asDouble()).isGreaterThanOrEqualTo(5.0);

        // the server here has no pg_stat_statements preloaded: skipped with the exact steps, never a failure
        assertThat(report.get("skipped").get("slow-query").asText()).contains(
                "ALTER SYSTEM SET shared_preload_libraries = '", "pg_stat_statements';", "restart the server",
                "CREATE EXTENSION pg_stat_statements;");
        assertThat(report.get("metrics").get("cache-hit-ratio").get("hits").asLong()).isPositive();
        assertThat(report.get("metrics").get("connections").get("max").asLong()).isPositive();
        assertThat(got).noneMatch(g -> g.startsWith("table-bloat") && !g.endsWith("churn"));

        // the server-level checks fire at their thresholds (lowered here: a test cannot burn 10^9 transaction ids)
        JsonNode low = health(0, url, "--only", "txid-wraparound,connection-utilization",
                "--threshold", "txid-wraparound=0.00001", "connection-utilization=0.01");
        assertThat(finding(low, "txid-wraparound", url.database()).get("fix").asText()).startsWith("VACUUM (FREEZE");
        JsonNode conn = finding(low, "connection-utilization", "server");
        assertThat(conn.get("evidence").get("maxConnections").asLong()).isPositive();
        assertThat(conn.get("message").asText()).contains("connections in use");

        // exit code contract: critical findings exit 1 by default; --only narrows the run
        var only = CliRunner.run("health", "--db", dbArg(url), "--only", "duplicate-index", "--fail-on", "warn");
        assertThat(only.exit()).isEqualTo(1);
        assertThat(only.out()).contains("[WARN] duplicate-index  orders.idx_orders_status_copy")
                .doesNotContain("table-bloat").contains("metrics:");
    }

    @Test
    @Order(2)
    void bloatCommandShowsSizesMostWastedFirst() throws Exception {
        var r = CliRunner.run("bloat", "--db", dbArg(url), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode entries = Json.MAPPER.readTree(r.out()).get("entries");
        assertThat(entries.get(0).get("name").asText()).isEqualTo("churn");
        assertThat(entries.get(0).get("sizeBytes").asLong()).isGreaterThan(entries.get(0).get("wastedBytes").asLong());
        long previous = Long.MAX_VALUE;
        for (JsonNode e : entries) {
            assertThat(e.get("wastedBytes").asLong()).isLessThanOrEqualTo(previous);
            previous = e.get("wastedBytes").asLong();
        }
        var text = CliRunner.run("bloat", "--db", dbArg(url), "--table", "churn");
        assertThat(text.out()).contains("table  churn", "pgstattuple", "VACUUM (FULL, ANALYZE) churn;")
                .doesNotContain("orders");
        var missing = CliRunner.run("bloat", "--db", dbArg(url), "--table", "nope");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("table 'nope' not found");
    }

    @Test
    @Order(3)
    void sessionsHeldOpenAndWaitingForLocksAreNamedWithTheBlockingPid() throws Exception {
        try (DbSession holder = TestDatabases.writable(url); DbSession waiter = TestDatabases.writable(url)) {
            int holderPid = pid(holder.connection());
            int waiterPid = pid(waiter.connection());
            holder.connection().setAutoCommit(false);
            holder.connection().createStatement().execute("UPDATE customers SET note = 'held' WHERE id = 1");
            // a thread of its own: the common pool has one thread on a 2-core machine, and another suite's task in it
            // would keep the waiter from ever starting
            java.util.concurrent.ExecutorService waiterThread = java.util.concurrent.Executors.newSingleThreadExecutor();
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement st = waiter.connection().createStatement()) {
                    st.execute("UPDATE customers SET note = 'waited' WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, waiterThread);
            waiterThread.shutdown();
            await("the waiter to block", () -> scalar(url, "SELECT count(*) FROM pg_stat_activity WHERE pid = "
                    + waiterPid + " AND " + holderPid + " = ANY(pg_blocking_pids(pid))") == 1);
            Thread.sleep(1100);

            JsonNode defaults = health(0, url, "--only", "idle-in-transaction,blocked-queries,long-running-transaction");
            assertThat(atLeastWarn(defaults)).as("1 s is within the default thresholds").isEmpty();

            JsonNode report = health(0, url, "--only", "idle-in-transaction,blocked-queries,long-running-transaction",
                    "--threshold", "idle-in-transaction=1", "blocked-queries=1", "long-running-transaction=1");
            JsonNode idle = finding(report, "idle-in-transaction", "pid " + holderPid);
            assertThat(idle.get("fix").asText()).startsWith("SELECT pg_terminate_backend(" + holderPid + ");")
                    .contains("idle_in_transaction_session_timeout = '1s'");
            assertThat(idle.get("message").asText()).contains("UPDATE customers SET note = 'held'");

            JsonNode wait = finding(report, "blocked-queries", "pid " + waiterPid);
            assertThat(wait.get("evidence").get("blockingPids").get(0).asInt()).isEqualTo(holderPid);
            assertThat(wait.get("message").asText()).contains("held by pid " + holderPid, "idle in transaction");
            assertThat(wait.get("fix").asText()).startsWith("SELECT pg_terminate_backend(" + holderPid + ");");
            assertThat(finding(report, "long-running-transaction", "pid " + waiterPid).get("message").asText())
                    .contains("UPDATE customers SET note = 'waited'");
            assertThat(findings(report, "long-running-transaction")).hasSize(1);

            holder.connection().rollback();
            blocked.get();
            JsonNode after = health(0, url, "--only", "idle-in-transaction,blocked-queries",
                    "--threshold", "idle-in-transaction=0", "blocked-queries=0");
            assertThat(after.get("findings")).isEmpty();
        }
    }

    @Test
    @Order(4)
    void aRoleWithoutPgMonitorGetsTheOtherChecksAndAClearSkip() throws Exception {
        String role = "dbagent_t_health_" + Long.toHexString(System.nanoTime());
        TestDatabases.exec(url, "CREATE ROLE " + role + " LOGIN");
        try {
            DbUrl asRole = new DbUrl(url.dialect(), url.jdbcUrl(), role, null, url.host(), url.port(), url.database(),
                    null);
            JsonNode report = health(1, asRole);
            for (String id : List.of("long-running-transaction", "idle-in-transaction", "blocked-queries")) {
                assertThat(report.get("skipped").get(id).asText())
                        .startsWith("skipped: needs pg_monitor").contains("GRANT pg_monitor TO " + role);
            }
            assertThat(ids(report)).contains("duplicate-index orders.idx_orders_status_copy",
                    "fk-without-index orders(customer_id)", "vacuum-overdue churn");
            // sequences it has no USAGE on are counted, not silently passed
            assertThat(report.get("metrics").get("sequences").get("unreadable").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(report.get("metrics").get("cache-hit-ratio").get("hits").asLong()).isPositive();
            assertThat(report.get("metrics").get("bloat").get("notes").get("exact").asText())
                    .contains("needs pg_stat_scan_tables");

            TestDatabases.exec(url, "GRANT pg_monitor TO " + role);
            JsonNode granted = health(1, asRole);
            assertThat(granted.get("skipped").has("idle-in-transaction")).isFalse();
            assertThat(granted.get("skipped").has("blocked-queries")).isFalse();
        } finally {
            TestDatabases.exec(url, "DROP ROLE " + role);
        }
    }

    @Test
    @Order(5)
    void pastingTheFixesClearsTheFindings() throws Exception {
        JsonNode before = health(1, url);
        // the server-wide part of the vacuum fix (ALTER SYSTEM) is not for a shared test server
        TestDatabases.exec(url, "VACUUM (ANALYZE) churn; ALTER TABLE churn RESET (autovacuum_enabled);");
        for (String id : List.of("table-bloat", "unused-index", "duplicate-index", "fk-without-index",
                "sequence-exhaustion", "stats-stale")) {
            for (JsonNode f : findings(before, id)) {
                if (!"unused-index".equals(id) || "idx_orders_total".equals(f.get("subject").asText())) {
                    TestDatabases.exec(url, f.get("fix").asText());
                }
            }
        }
        try (DbSession s = TestDatabases.writable(url)) {
            s.connection().createStatement().execute("SELECT pg_stat_force_next_flush()");
        }
        await("vacuum counted", () -> scalar(url, "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'churn'") == 0);
        JsonNode after = health(1, url);
        assertThat(ids(after)).noneMatch(g -> g.startsWith("table-bloat") || g.startsWith("vacuum-overdue")
                || g.startsWith("duplicate-index") || g.startsWith("fk-without-index")
                || g.startsWith("sequence-exhaustion") || g.startsWith("stats-stale")
                || g.equals("unused-index idx_orders_total"));
    }

    @Test
    void aHealthyFreshDatabaseReportsNoWarnOrCritical() throws Exception {
        DbUrl healthy = TestDatabases.create(DialectKind.POSTGRES, "healthy");
        try {
            TestDatabases.exec(healthy, """
                    CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
                    CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                      user_id bigint NOT NULL REFERENCES users(id), title text NOT NULL);
                    CREATE INDEX idx_posts_user_id ON posts (user_id);
                    INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 500) g;
                    INSERT INTO posts (user_id, title) SELECT 1 + g % 500, 'post ' || g FROM generate_series(1, 3000) g;
                    SELECT pg_stat_force_next_flush();
                    ANALYZE;
                    SELECT count(*) FROM posts WHERE user_id = 7;
                    """);
            var r = CliRunner.run("health", "--db", dbArg(healthy), "--fail-on", "warn", "--format", "json");
            assertThat(r.exit()).as(r.out()).isZero();
            JsonNode report = Json.MAPPER.readTree(r.out());
            assertThat(atLeastWarn(report)).isEmpty();
            assertThat(report.get("skipped").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("slow-query", "connection-pool-saturation");
        } finally {
            TestDatabases.drop(healthy);
        }
    }

    static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static long scalar(DbUrl target, String sql) {
        try (DbSession s = TestDatabases.writable(target); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

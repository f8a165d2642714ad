package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.PrivateServer;
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
 * Health on MariaDB. Most of it runs on a private server with performance_schema ON, whose server-wide counters
 * (rollbacks, buffer pool) only this test moves; one test runs on the shared server, where performance_schema is
 * OFF, to see those checks skipped with the way to enable them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbHealthIT {

    private static PrivateServer server;
    private static DbUrl shop;

    @BeforeAll
    static void start() throws Exception {
        server = PrivateServer.mariadb("--performance-schema=ON");
        TestDatabases.exec(server.server(), "CREATE DATABASE shop; CREATE DATABASE healthy");
        shop = server.server().withDatabase("shop");
        TestDatabases.exec(shop, """
                CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL, note VARCHAR(100));
                CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, status VARCHAR(10) NOT NULL,
                  total DECIMAL(12,2) NOT NULL, KEY idx_orders_status (status), KEY idx_orders_status_copy (status),
                  KEY idx_orders_total (total),
                  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
                INSERT INTO customers (email) SELECT concat('c', seq, '@example.com') FROM seq_1_to_200;
                INSERT INTO orders (customer_id, status, total)
                  SELECT 1 + seq % 200, IF(seq % 10 = 0, 'open', 'paid'), seq FROM seq_1_to_2000;
                CREATE TABLE events (id INT PRIMARY KEY, kind VARCHAR(10) NOT NULL);
                INSERT INTO events SELECT seq, concat('k', seq % 7) FROM seq_1_to_12000;
                CREATE TABLE tickets (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(20)) AUTO_INCREMENT = 2000000000;
                INSERT INTO tickets (title) VALUES ('first');
                CREATE TABLE archive (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(1000) NOT NULL);
                INSERT INTO archive (pad) SELECT repeat('x', 900) FROM seq_1_to_8000;
                DELETE FROM archive WHERE id <= 7500;
                ANALYZE TABLE customers, orders, events, archive;
                """);
        try (DbSession s = TestDatabases.writable(shop); Statement st = s.connection().createStatement()) {
            for (int i = 0; i < 12; i++) {
                st.executeQuery("SELECT count(*) FROM events WHERE kind = 'none'").close();
            }
            for (int i = 0; i < 120; i++) {
                st.executeQuery("SELECT count(*) FROM orders WHERE status = 'open'").close();
            }
            for (int i = 0; i < 5; i++) {
                st.executeQuery("SELECT SLEEP(0.12)").close();
            }
        }
        // purge frees the deleted range in the background; DATA_FREE shows it once it has
        await("purge of the deleted rows", () -> scalar(shop,
                "SELECT DATA_FREE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'archive'")
                > (4L << 20));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aHealthyFreshDatabaseReportsNoWarnOrCritical() throws Exception {
        DbUrl healthy = server.server().withDatabase("healthy");
        TestDatabases.exec(healthy, """
                CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE);
                CREATE TABLE posts (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL, title VARCHAR(50) NOT NULL,
                  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id));
                INSERT INTO users (email) SELECT concat('u', seq, '@example.com') FROM seq_1_to_500;
                INSERT INTO posts (user_id, title) SELECT 1 + seq % 500, concat('post ', seq) FROM seq_1_to_3000;
                ANALYZE TABLE users, posts;
                SELECT count(*) FROM posts WHERE user_id = 7;
                """);
        var r = CliRunner.run("health", "--db", dbArg(healthy), "--fail-on", "warn", "--format", "json");
        assertThat(r.exit()).as(r.out()).isZero();
        JsonNode report = Json.MAPPER.readTree(r.out());
        assertThat(atLeastWarn(report)).isEmpty();
        assertThat(report.get("skipped").has("slow-query")).isFalse();
        assertThat(report.get("skipped").has("unused-index")).isFalse();
        assertThat(report.get("metrics").get("server").get("performanceSchema").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void findsEachConditionWithTheNumbersAndAFix() throws Exception {
        try (DbSession s = TestDatabases.writable(shop); Statement st = s.connection().createStatement()) {
            s.connection().setAutoCommit(false);
            for (int i = 0; i < 150; i++) {
                st.execute("INSERT INTO customers (email) VALUES ('rejected')");
                s.connection().rollback();
            }
        }
        JsonNode report = health(1, shop);

        JsonNode slow = findings(report, "slow-query").stream()
                .filter(f -> f.get("message").asText().contains("SLEEP")).findFirst().orElseThrow();
        assertThat(slow.get("message").asText()).contains("5 calls", "MariaDB keeps no percentile");
        assertThat(slow.get("evidence").get("meanMs").asDouble()).isGreaterThanOrEqualTo(115.0);

        JsonNode unused = finding(report, "unused-index", "shop.orders.idx_orders_total");
        assertThat(unused.get("severity").asText()).isEqualTo("warn");
        assertThat(unused.get("fix").asText()).startsWith("ALTER TABLE orders DROP INDEX idx_orders_total;");

        assertThat(finding(report, "duplicate-index", "shop.orders.idx_orders_status_copy").get("fix").asText())
                .isEqualTo("ALTER TABLE orders DROP INDEX idx_orders_status_copy;");
        JsonNode seq = finding(report, "seq-scan-large-table", "shop.events");
        assertThat(seq.get("evidence").get("fullScanRowsRead").asLong()).isGreaterThanOrEqualTo(12 * 12_000L);

        JsonNode tickets = finding(report, "sequence-exhaustion", "shop.tickets.id");
        assertThat(tickets.get("severity").asText()).isEqualTo("critical");
        assertThat(tickets.get("message").asText()).contains("(INT)", "2,000,000,000 of 2,147,483,647 (93.1 %)");

        JsonNode bloat = finding(report, "table-bloat", "shop.archive");
        assertThat(bloat.get("evidence").get("method").asText()).isEqualTo("data_free");
        assertThat(bloat.get("evidence").get("wastedPercent").asDouble()).isGreaterThanOrEqualTo(30.0);
        assertThat(bloat.get("fix").asText()).startsWith("OPTIMIZE TABLE archive;");

        JsonNode rollback = finding(report, "rollback-rate", "server");
        assertThat(rollback.get("evidence").get("rollbacks").asLong()).isGreaterThanOrEqualTo(150);

        assertThat(report.get("skipped").get("index-hit-ratio").asText()).contains("see cache-hit-ratio");
        assertThat(report.get("skipped").get("txid-wraparound").asText()).startsWith("PostgreSQL only");
        assertThat(report.get("metrics").get("cache-hit-ratio").get("hits").asLong()).isPositive();

        // paste the fixes: the findings go away
        for (String fix : List.of(bloat.get("fix").asText(), unused.get("fix").asText(), tickets.get("fix").asText(),
                finding(report, "duplicate-index", "shop.orders.idx_orders_status_copy").get("fix").asText())) {
            TestDatabases.exec(shop, fix);
        }
        // (a rebuild resets performance_schema's counters for the table, so other indexes may show up unused: info)
        JsonNode after = health(0, shop, "--only", "table-bloat,unused-index,sequence-exhaustion,duplicate-index");
        assertThat(atLeastWarn(after)).isEmpty();
        assertThat(ids(after)).doesNotContain("unused-index shop.orders.idx_orders_total",
                "unused-index shop.orders.fk_orders_customer");
    }

    @Test
    @Order(3)
    void sessionsHeldOpenAndWaitingForLocksAreNamedWithTheBlockingThread() throws Exception {
        try (DbSession holder = TestDatabases.writable(shop); DbSession waiter = TestDatabases.writable(shop)) {
            long holderId = connectionId(holder.connection());
            long waiterId = connectionId(waiter.connection());
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
            // this waiter's own transaction, not a server-wide count; polled no faster than InnoDB refreshes
            // INNODB_TRX (0.1 s), or the stale snapshot is read again and again
            await("the waiter to block (the server's waits: "
                    + "see INNODB_TRX of thread " + waiterId + ")", () -> {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return scalar(shop, "SELECT count(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' "
                        + "AND trx_mysql_thread_id = " + waiterId) == 1;
            });
            Thread.sleep(1100);
            JsonNode report = health(0, shop, "--only", "idle-in-transaction,blocked-queries,long-running-transaction",
                    "--threshold", "idle-in-transaction=1", "blocked-queries=1", "long-running-transaction=1");
            JsonNode idle = finding(report, "idle-in-transaction", "thread " + holderId);
            assertThat(idle.get("fix").asText()).startsWith("KILL " + holderId + ";")
                    .contains("SET GLOBAL idle_transaction_timeout = 1;");
            JsonNode wait = finding(report, "blocked-queries", "thread " + waiterId);
            assertThat(wait.get("evidence").get("blockingThread").asLong()).isEqualTo(holderId);
            assertThat(wait.get("message").asText()).contains("held by thread " + holderId, "idle in its transaction");
            assertThat(wait.get("fix").asText()).startsWith("KILL " + holderId + ";");
            assertThat(finding(report, "long-running-transaction", "thread " + waiterId)).isNotNull();

            holder.connection().rollback();
            holder.connection().setAutoCommit(true); // the holder leaves transaction mode altogether
            blocked.get();
            // InnoDB refreshes its INNODB_TRX cache only when the previous read is more than 0.1 s old: polling
            // faster than that (a warm JVM does) keeps reading the stale snapshot, so leave a pause between runs
            String[] last = {""};
            try {
                await("the transactions to be gone", () -> {
                    try {
                        Thread.sleep(300);
                        JsonNode r = HealthIts.run(shop, "--only", "idle-in-transaction,blocked-queries",
                                "--threshold", "idle-in-transaction=0", "blocked-queries=0").report();
                        last[0] = r.get("findings").toString();
                        return r.get("findings").isEmpty();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; still reported: " + last[0] + " (holder " + holderId
                        + ", waiter " + waiterId + ")", e);
            }
            // nothing left to report: exit 0
            assertThat(health(0, shop, "--only", "idle-in-transaction,blocked-queries", "--threshold",
                    "idle-in-transaction=0", "blocked-queries=0").get("findings")).isEmpty();
        }
    }

    @Test
    void onTheSharedServerWithoutPerformanceSchemaThoseChecksAreSkippedWithTheSteps() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.MYSQL, "health");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE tickets (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(20)) AUTO_INCREMENT = 2000000000;
                    INSERT INTO tickets (title) VALUES ('first');
                    """);
            JsonNode report = health(1, url);
            String off = "performance_schema is OFF on this server: add performance_schema=ON under [mysqld]";
            assertThat(report.get("skipped").get("slow-query").asText()).startsWith(off).contains("restart the server");
            assertThat(report.get("skipped").get("unused-index").asText()).startsWith(off);
            assertThat(report.get("skipped").get("seq-scan-large-table").asText()).startsWith(off);
            assertThat(ids(report)).contains("sequence-exhaustion " + url.database() + ".tickets.id");
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void aTableWithoutPrimaryKeyIsReportedWithAFixThatRuns() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.MYSQL, "nopk");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE audit_log (at DATETIME NOT NULL, what VARCHAR(50));
                    INSERT INTO audit_log VALUES (NOW(), 'a'), (NOW(), 'b');
                    CREATE TABLE keyed (id INT PRIMARY KEY, what VARCHAR(50));
                    """);
            JsonNode report = health(0, url, "--only", "missing-primary-key");
            String fix = finding(report, "missing-primary-key", url.database() + ".audit_log").get("fix").asText();
            assertThat(fix).contains("ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");
            assertThat(findings(report, "missing-primary-key")).hasSize(1);
            TestDatabases.exec(url, fix);
            assertThat(findings(health(0, url, "--only", "missing-primary-key"), "missing-primary-key")).isEmpty();
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
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

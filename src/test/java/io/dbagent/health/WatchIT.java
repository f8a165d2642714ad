package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.dbagent.cli.CliRunner;
import io.dbagent.health.watch.AlertSink;
import io.dbagent.health.watch.HealthWatcher;
import io.dbagent.health.watch.WatchOptions;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * watch: a condition that appears and is fixed gives exactly one alert and one recovery at a real HTTP receiver,
 * however many runs see it; the command and file sinks and the state file make {@code --once} from cron behave
 * the same.
 */
class WatchIT {

    @Test
    void oneAlertAndOneRecoveryReachTheWebhook() throws Exception {
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            received.add(Json.MAPPER.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "watch");
        DbSession holder = TestDatabases.writable(url);
        try {
            int holderPid = PostgresHealthIT.pid(holder.connection());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            WatchOptions options = WatchOptions.builder()
                    .interval(Duration.ofMillis(150))
                    .maxRuns(7)
                    .health(HealthOptions.builder().only(HealthCheck.IDLE_IN_TRANSACTION)
                            .thresholds(Thresholds.defaults().with("idle-in-transaction", 0)).build())
                    .sink(new AlertSink.Webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                            Duration.ofSeconds(5)))
                    // a receiver that is down is reported, and the watch goes on
                    .sink(new AlertSink.Webhook(URI.create("http://127.0.0.1:9/down"), Duration.ofSeconds(2)))
                    .afterRun((run, report) -> {
                        try {
                            if (run == 2) {
                                holder.connection().setAutoCommit(false);
                                holder.connection().createStatement().execute("SELECT 1");
                            } else if (run == 5) {
                                holder.connection().rollback();
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .build();
            HealthWatcher.Result result = new HealthWatcher(url, options, new PrintWriter(out, true),
                    new PrintWriter(err, true)).run();

            assertThat(result.runs()).isEqualTo(7);
            assertThat(received).hasSize(2);
            JsonNode alert = received.get(0);
            assertThat(alert.get("kind").asText()).isEqualTo("alert");
            assertThat(alert.get("id").asText()).isEqualTo("idle-in-transaction");
            assertThat(alert.get("subject").asText()).isEqualTo("pid " + holderPid);
            assertThat(alert.get("severity").asText()).isEqualTo("warn");
            assertThat(alert.get("fix").asText()).startsWith("SELECT pg_terminate_backend(" + holderPid + ");");
            assertThat(alert.get("target").asText()).isEqualTo(url.redacted());
            JsonNode recovery = received.get(1);
            assertThat(recovery.get("kind").asText()).isEqualTo("recovery");
            assertThat(recovery.get("subject").asText()).isEqualTo("pid " + holderPid);
            assertThat(result.openProblems()).isEmpty();
            assertThat(result.history()).hasSize(7);
            assertThat(out.toString()).contains("ALERT [WARN] idle-in-transaction  pid " + holderPid,
                    "RECOVERED idle-in-transaction  pid " + holderPid);
            assertThat(err.toString()).contains("alert webhook http://127.0.0.1:9 failed for idle-in-transaction");
        } finally {
            holder.close();
            receiver.stop(0);
            TestDatabases.drop(url);
        }
    }

    @Test
    void onceWithAStateFileAlertsOnlyOnChangesThroughTheCommandAndFileSinks(@TempDir Path dir) throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "watch");
        try {
            TestDatabases.exec(url, """
                    PRAGMA foreign_keys = OFF;
                    CREATE TABLE customers (id INTEGER PRIMARY KEY);
                    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id));
                    CREATE INDEX idx_orders_customer ON orders (customer_id);
                    INSERT INTO orders VALUES (1, 42);
                    """);
            Path alerts = dir.resolve("alerts.jsonl");
            Path piped = dir.resolve("piped.jsonl");
            Path state = dir.resolve("state.json");
            Path history = dir.resolve("history.jsonl");
            String[] args = {"watch", "--db", url.database(), "--once", "--only", "foreign-key-violation",
                    "--state", state.toString(), "--history", history.toString(), "--alert-file", alerts.toString(),
                    "--alert-command", "cat >> '" + piped + "'"};

            var first = CliRunner.run(args);
            assertThat(first.exit()).as(first.err()).isEqualTo(1);
            assertThat(first.out()).contains("ALERT [CRITICAL] foreign-key-violation  orders -> customers");
            List<String> lines = Files.readAllLines(alerts);
            assertThat(lines).hasSize(1);
            assertThat(Json.MAPPER.readTree(lines.get(0)).get("kind").asText()).isEqualTo("alert");
            assertThat(Files.readAllLines(piped)).isEqualTo(lines);

            var second = CliRunner.run(args);
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.out()).doesNotContain("ALERT");
            assertThat(Files.readAllLines(alerts)).hasSize(1);

            TestDatabases.exec(url, "DELETE FROM orders WHERE customer_id NOT IN (SELECT id FROM customers)");
            var third = CliRunner.run(args);
            assertThat(third.exit()).isZero();
            lines = Files.readAllLines(alerts);
            assertThat(lines).hasSize(2);
            JsonNode recovery = Json.MAPPER.readTree(lines.get(1));
            assertThat(recovery.get("kind").asText()).isEqualTo("recovery");
            assertThat(recovery.get("subject").asText()).isEqualTo("orders -> customers");
            assertThat(Files.readAllLines(piped)).hasSize(2);
            assertThat(Files.readAllLines(history)).hasSize(3)
                    .allSatisfy(l -> assertThat(Json.MAPPER.readTree(l).get("metrics").has("database.pageCount")).isTrue());
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void aRunThatCannotConnectIsAlertedOnce(@TempDir Path dir) throws Exception {
        Path alerts = dir.resolve("alerts.jsonl");
        String[] args = {"watch", "--db", dir.resolve("missing.db").toString(), "--once", "--state",
                dir.resolve("s.json").toString(), "--alert-file", alerts.toString()};
        var r = CliRunner.run(args);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SQLite database file not found");
        CliRunner.run(args);
        List<String> lines = Files.readAllLines(alerts);
        assertThat(lines).hasSize(1);
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("id").asText()).isEqualTo("health-run-failed");

        var bad = CliRunner.run("watch", "--db", dir.resolve("missing.db").toString(), "--interval", "soon");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid duration 'soon'");
    }
}

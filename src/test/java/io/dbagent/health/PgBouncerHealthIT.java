package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.postgres.PgBouncerConsole;
import io.dbagent.dialect.postgres.PgBouncerHealth;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.PrivateServer;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side pool saturation on a real PgBouncer (transaction mode, pool_size 2) in front of the local PostgreSQL:
 * three clients run pg_sleep through it, two hold the server connections and one waits, and health on the admin
 * console reports that pool and not the quiet one.
 */
class PgBouncerHealthIT {

    @Test
    void aFullPoolWithAWaitingClientIsCriticalAndAQuietPoolIsNot() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "pgb");
        String name = db.database();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (PrivateServer bouncer = PrivateServer.pgbouncer(
                List.of(name + " = host=127.0.0.1 port=5432 dbname=" + name,
                        "quiet = host=127.0.0.1 port=5432 dbname=" + name),
                "pool_mode = transaction", "default_pool_size = 2", "max_client_conn = 50",
                "ignore_startup_parameters = extra_float_digits")) {
            int port = bouncer.server().port();
            String admin = "postgres://postgres@127.0.0.1:" + port + "/pgbouncer";
            query(port, "quiet", "SELECT 1"); // the quiet pool exists, with one idle server connection

            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(CompletableFuture.runAsync(() -> query(port, name, "SELECT pg_sleep(3)"), threads));
            }
            awaitPool(port, name, p -> "2".equals(p.get("sv_active")) && "1".equals(p.get("cl_waiting"))
                    && Long.parseLong(p.get("maxwait")) >= 1);

            JsonNode busy = health(1, admin);
            assertThat(busy.get("product").asText()).startsWith("PgBouncer 1.");
            JsonNode f = HealthIts.finding(busy, "connection-pool-saturation", name + "/postgres");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("message").asText()).contains("PgBouncer pool " + name + "/postgres (transaction mode)",
                    "2 of 2 server connections active (100.0 %)", "1 clients waiting");
            assertThat(f.get("fix").asText()).contains("[databases] " + name + " = ... pool_size=3",
                    "default_pool_size", "pg_stat_activity", "RELOAD;", "transaction mode");
            assertThat(f.get("evidence").get("clWaiting").asLong()).isEqualTo(1);
            assertThat(f.get("evidence").get("poolSize").asLong()).isEqualTo(2);
            assertThat(HealthIts.findings(busy, "connection-pool-saturation")).hasSize(1); // not the quiet pool
            JsonNode pools = busy.get("metrics").get("pgbouncer").get("pools");
            assertThat(pools.findValuesAsText("name")).containsExactlyInAnyOrder(name + "/postgres", "quiet/postgres");
            assertThat(busy.get("skipped").get("cache-hit-ratio").asText())
                    .isEqualTo(PgBouncerHealth.SKIP_REASON);
            assertThat(busy.get("skipped").has("connection-pool-saturation")).isFalse();

            // watch reads the same console: one run raises the alert for the saturated pool
            java.nio.file.Path alerts = java.nio.file.Files.createTempFile("pgbouncer-alerts", ".jsonl");
            CliRunner.Result watched = CliRunner.run("watch", "--db", admin, "--once", "--alert-file",
                    alerts.toString(), "--only", "connection-pool-saturation");
            // the saturated pool is critical, at the default --fail-on
            assertThat(watched.exit()).as(watched.err()).isEqualTo(1);
            assertThat(java.nio.file.Files.readString(alerts)).contains("connection-pool-saturation",
                    name + "/postgres");

            for (CompletableFuture<Void> c : clients) {
                c.get(20, TimeUnit.SECONDS);
            }
            JsonNode calm = health(0, admin);
            assertThat(HealthIts.atLeastWarn(calm)).isEmpty();
            assertThat(calm.get("metrics").get("pgbouncer").get("pools")).hasSize(2);

            // through PgBouncer to the database itself: the normal PostgreSQL checks
            JsonNode through = health(0, "postgres://postgres@127.0.0.1:" + port + "/" + name,
                    "--only", "connection-utilization,rollback-rate");
            assertThat(through.get("product").asText()).startsWith("PostgreSQL");
            assertThat(through.get("metrics").has("connections")).isTrue();
        } finally {
            threads.shutdownNow();
            TestDatabases.drop(db);
        }
    }

    private static JsonNode health(int exit, String dbArg, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("health", "--db", dbArg, "--format", "json"));
        args.addAll(List.of(extra));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exit()).as(r.out()).isEqualTo(exit);
        return Json.MAPPER.readTree(r.out());
    }

    private static void query(int port, String database, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "postgres", "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPool(int port, String database, java.util.function.Predicate<Map<String, String>> cond)
            throws Exception {
        try (PgBouncerConsole console = PgBouncerConsole.open("127.0.0.1", port, "postgres", null, "pgbouncer")) {
            HealthIts.await("pool " + database + " busy with a waiting client", () -> {
                try {
                    return console.query(PgBouncerConsole.POOLS).stream()
                            .anyMatch(p -> database.equals(p.get("database")) && cond.test(p));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}

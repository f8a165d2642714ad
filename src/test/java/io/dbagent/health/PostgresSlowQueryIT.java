package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.testsupport.PrivateServer;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dbagent.health.HealthIts.findings;
import static io.dbagent.health.HealthIts.health;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * slow-query on a PostgreSQL that has pg_stat_statements preloaded: a private server, since the shared one does not
 * preload it and preloading needs a restart.
 */
class PostgresSlowQueryIT {

    @Test
    void slowStatementsAreFoundWithTheirTimingsAndTheMissingExtensionIsExplained() throws Exception {
        try (PrivateServer pg = PrivateServer.postgres("shared_preload_libraries=pg_stat_statements")) {
            TestDatabases.exec(pg.server(), "CREATE DATABASE shop; CREATE DATABASE plain");
            DbUrl shop = pg.server().withDatabase("shop");
            TestDatabases.exec(shop, """
                    CREATE EXTENSION pg_stat_statements;
                    CREATE TABLE items (id int PRIMARY KEY, name text);
                    INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 1000) g;
                    SELECT pg_sleep(0.12);
                    SELECT pg_sleep(0.12);
                    SELECT pg_sleep(0.12);
                    SELECT pg_sleep(0.12);
                    SELECT pg_sleep(0.12);
                    SELECT pg_sleep(0.2) WHERE 'one-off' <> '';
                    """);
            StringBuilder fast = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                fast.append("SELECT name FROM items WHERE id = ").append(i).append(";\n");
            }
            TestDatabases.exec(shop, fast.toString());

            JsonNode report = health(0, shop, "--only", "slow-query");
            List<JsonNode> slow = findings(report, "slow-query");
            assertThat(slow).hasSize(1);
            JsonNode f = slow.get(0);
            assertThat(f.get("severity").asText()).isEqualTo("warn");
            assertThat(f.get("subject").asText()).startsWith("queryid ");
            // five calls: judged; the single slower call (and CREATE EXTENSION) are below the 5-call floor
            assertThat(f.get("message").asText()).contains("SELECT pg_sleep($1)", "5 calls", "estimated p95");
            assertThat(f.get("evidence").get("meanMs").asDouble()).isBetween(115.0, 1000.0);
            assertThat(f.get("evidence").get("p95EstimateMs").asDouble()).isGreaterThanOrEqualTo(100.0);
            assertThat(f.get("fix").asText()).startsWith("EXPLAIN (ANALYZE, BUFFERS) SELECT pg_sleep($1);");
            assertThat(report.get("metrics").get("statements").get("tracked").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(report.get("skipped").has("slow-query")).isFalse();

            JsonNode relaxed = health(0, shop, "--only", "slow-query", "--threshold", "slow-query=1000");
            assertThat(relaxed.get("findings")).isEmpty();

            JsonNode plain = health(0, pg.server().withDatabase("plain"), "--only", "slow-query");
            assertThat(plain.get("skipped").get("slow-query").asText())
                    .isEqualTo("pg_stat_statements is loaded but not created in database plain: run CREATE EXTENSION "
                            + "pg_stat_statements; there (as a superuser)");
        }
    }
}

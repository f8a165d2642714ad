package io.dbagent.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code advise --log} with a log of 10,000 statements on PostgreSQL: they are grouped into their shapes before
 * costing (the report lists shapes, weighted by count), and stderr carries one plain progress line per phase. The
 * wall time is printed (docs/query-optimisation.md quotes it).
 */
class AdviseScaleIT {

    @Test
    void tenThousandLoggedStatementsAreGroupedBeforeCosting(@TempDir Path dir) throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "advscale");
        try {
            QueryFixture.load(url);
            Random r = new Random(7);
            StringBuilder log = new StringBuilder();
            int[] counts = new int[4];
            for (int i = 0; i < 10_000; i++) {
                int shape = r.nextInt(4);
                counts[shape]++;
                int v = 1 + r.nextInt(5000);
                log.append(switch (shape) {
                    case 0 -> "SELECT id, total FROM orders_t WHERE customer_id = " + v;
                    case 1 -> "SELECT id FROM orders_t WHERE status = 'pending' AND total > " + (v % 400);
                    case 2 -> "SELECT id, email FROM customers WHERE id IN (" + v + ", " + (v + 1) + (v % 2 == 0 ? ", 9)" : ")");
                    default -> "SELECT count(*) FROM orders_t WHERE a = " + (v % 100) + " AND b = " + (v % 7);
                }).append('\n');
            }
            Path file = dir.resolve("app.log");
            Files.writeString(file, log);
            long t0 = System.nanoTime();
            var res = CliRunner.run("advise", "--db", QueryFixture.dbArg(url), "--log", file.toString(),
                    "--format", "json");
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("advise --log with 10,000 statements (4 shapes): %.1f s wall time%n", seconds);
            assertThat(res.exit()).as(res.err()).isZero();
            JsonNode report = Json.MAPPER.readTree(res.out());
            JsonNode stmts = report.get("statements");
            assertThat(stmts).hasSize(4);
            double total = 0;
            for (JsonNode s : stmts) {
                total += s.get("weight").asDouble();
            }
            assertThat(total).isEqualTo(10_000.0);
            for (JsonNode s : stmts) {
                String sql = s.get("sql").asText();
                int shape = sql.contains("customer_id =") ? 0 : sql.contains("pending") ? 1 : sql.contains("IN (") ? 2 : 3;
                assertThat(s.get("weight").asDouble()).as(sql).isEqualTo(counts[shape]);
            }
            assertThat(res.err()).contains("query log: 10,000 statement(s) grouped into 4 shape(s)")
                    .contains("advise: 4 statement(s), 4 shape(s) after grouping")
                    .contains("advise: planned 4 statement(s)").contains("candidate(s), costing with")
                    .contains("advise: selected").doesNotContain("\u001b");
            assertThat(res.err().lines().filter(l -> l.startsWith("advise: "))).hasSize(5);
        } finally {
            TestDatabases.drop(url);
        }
    }
}

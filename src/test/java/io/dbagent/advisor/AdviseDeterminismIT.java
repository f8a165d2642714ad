package io.dbagent.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same workload on the same data advised three times gives the same JSON, byte for byte, once the fields that
 * report wall time ({@code elapsedMs} and the {@code whatIf} timings ending in {@code Ms}) are left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdviseDeterminismIT {

    static final String WORKLOAD = """
            -- weight: 20
            SELECT id, total FROM orders_t WHERE customer_ref = 777;
            -- weight: 5
            SELECT id, total FROM orders_t WHERE status = 'pending' AND a = 7;
            -- weight: 5
            SELECT id FROM orders_t WHERE b = 3 ORDER BY total;
            SELECT c.email, o.total FROM customers c JOIN orders_t o ON o.customer_id = c.id WHERE c.id = 42;
            SELECT count(*) FROM orders_t WHERE a = 3 AND b = 4;
            SELECT id FROM orders_t WHERE code = 'X' OR a = 1;
            UPDATE orders_t SET total = total + 1 WHERE id = 99;
            """;

    private final List<DbUrl> dbs = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    void load() {
    }

    @AfterAll
    void drop() {
        dbs.forEach(TestDatabases::drop);
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"SQLITE", "POSTGRES"})
    void threeRunsGiveIdenticalJson(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "determ");
        dbs.add(url);
        QueryFixture.load(url);
        Path w = dir.resolve("w-" + d + ".sql");
        Files.writeString(w, WORKLOAD);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var r = CliRunner.run("advise", "--db", QueryFixture.dbArg(url), "--workload", w.toString(), "--format",
                    "json");
            assertThat(r.exit()).as(r.err()).isZero();
            outs.add(Json.MAPPER.writeValueAsString(withoutTimings(Json.MAPPER.readTree(r.out()))));
        }
        assertThat(outs.get(1)).isEqualTo(outs.get(0));
        assertThat(outs.get(2)).isEqualTo(outs.get(0));
        JsonNode first = Json.MAPPER.readTree(outs.get(0));
        assertThat(first.get("recommendations").size()).as(outs.get(0)).isGreaterThan(0);
    }

    private static JsonNode withoutTimings(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> drop = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.endsWith("Ms")) {
                    drop.add(f);
                } else {
                    withoutTimings(o.get(f));
                }
            }
            o.remove(drop);
        } else if (n.isArray()) {
            n.forEach(AdviseDeterminismIT::withoutTimings);
        }
        return n;
    }
}

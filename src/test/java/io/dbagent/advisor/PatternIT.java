package io.dbagent.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbSession;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * n-plus-one, cache-candidate, matview-candidate (from query logs) and partition-candidate (from a workload) on real
 * databases of all three engines: each where it must appear and where it must not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PatternIT {

    static final String HEAVY = "SELECT c.country, count(*), sum(o.total), max(o.note) FROM orders_t o "
            + "JOIN customers c ON c.id = o.customer_id GROUP BY c.country";

    private final Map<DialectKind, DbUrl> dbs = new EnumMap<>(DialectKind.class);
    @TempDir
    Path dir;

    @BeforeAll
    void load() {
        for (DialectKind d : DialectKind.values()) {
            DbUrl url = TestDatabases.create(d, "pattern");
            dbs.put(d, url);
            QueryFixture.load(url);
        }
    }

    @AfterAll
    void drop() {
        dbs.values().forEach(TestDatabases::drop);
    }

    /** A plain log (one statement per line) of an app serving 3 pages, each with an N+1 loop, plus hot reads. */
    static String appLog() {
        List<String> lines = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            lines.add("SELECT id, email FROM customers WHERE country = 'DE' ORDER BY id LIMIT 30 OFFSET " + page * 30);
            for (int k = 0; k < 30; k++) {
                lines.add("SELECT id, total FROM orders_t WHERE customer_id = " + (2 + 2 * (page * 30 + k)));
            }
        }
        for (int i = 0; i < 60; i++) {
            lines.add("SELECT country, count(*) FROM customers GROUP BY country");
            // hot and repeated, but orders_t is written in the same log: not cacheable
            lines.add("SELECT id FROM orders_t WHERE status = 'pending' LIMIT 5");
            if (i % 12 == 0) {
                lines.add("UPDATE orders_t SET total = total + 1 WHERE id = " + (i + 1));
            }
            // hot, but every call asks for another row: nothing to reuse
            lines.add("SELECT email FROM customers WHERE id = " + (i + 100));
            if (i % 5 == 0) {
                lines.add(HEAVY);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The same statements with the lookups spread out: no loop. */
    static String spreadLog() {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            lines.add("SELECT id, total FROM orders_t WHERE customer_id = " + (k + 1));
            lines.add("SELECT count(*) FROM customers WHERE id < 10");
            lines.add("SELECT country, count(*) FROM customers GROUP BY country");
            lines.add("UPDATE customers SET email = email WHERE id = " + (k + 1));
            lines.add("SELECT id FROM orders_t WHERE customer_id = 5");
        }
        return String.join("\n", lines) + "\n";
    }

    private JsonNode advise(DialectKind d, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("advise", "--db", QueryFixture.dbArg(dbs.get(d)), "--format", "json"));
        all.addAll(List.of(args));
        var r = CliRunner.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @org.junit.jupiter.api.Order(1)
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void logPatternsAppearWhereTheyShouldAndOnlyThere(DialectKind d) throws Exception {
        JsonNode r = advise(d, "--log", file("app.log", appLog()).toString());
        JsonNode loop = only(r, "n-plus-one");
        assertThat(loop.get("subject").asText()).contains("from orders_t where customer_id = ?");
        assertThat(loop.get("evidence").get("largestBurst").asInt()).isEqualTo(30);
        assertThat(loop.get("evidence").get("bursts").asInt()).isEqualTo(3);
        assertThat(loop.get("evidence").get("parent").asText()).contains("from customers where country = ?");
        assertThat(loop.get("fix").asText()).contains(d == DialectKind.POSTGRES ? "customer_id = ANY(?)"
                : "customer_id IN (?, ?, ...)");
        JsonNode cache = only(r, "cache-candidate");
        assertThat(cache.get("subject").asText()).isEqualTo("select country, count(*) from customers group by country");
        assertThat(cache.get("evidence").get("calls").asInt()).isEqualTo(60);
        assertThat(cache.get("fix").asText()).contains("invalidate it on INSERT/UPDATE/DELETE of: customers");
        // the pending count is as hot but orders_t is written in the same log: not cacheable
        assertThat(r.get("findings").toString()).doesNotContain("status = ? limit");
        JsonNode mv = only(r, "matview-candidate");
        assertThat(mv.get("subject").asText()).contains("max(o.note) from orders_t o join");
        assertThat(mv.get("fix").asText()).contains(d == DialectKind.POSTGRES ? "CREATE MATERIALIZED VIEW mv_orders_t_"
                : "CREATE TABLE mv_orders_t_");
        // the matview DDL works on this engine
        TestDatabases.exec(dbs.get(d), mv.get("fix").asText());
        // a log without loops, with writes to every table and only cheap statements: none of the three
        JsonNode quiet = advise(d, "--log", file("spread.log", spreadLog()).toString());
        assertThat(ids(quiet)).doesNotContain("n-plus-one", "cache-candidate", "matview-candidate");
    }

    /** Runs last: on PostgreSQL it partitions orders_t for real. */
    @org.junit.jupiter.api.Order(2)
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void partitionCandidateForTimeRangeWorkloadsOnLargeTables(DialectKind d) throws Exception {
        String ranges = """
                -- weight: 10
                SELECT count(*) FROM orders_t WHERE created_at >= '2024-03-01' AND created_at < '2024-04-01';
                -- weight: 5
                SELECT sum(total) FROM orders_t WHERE created_at BETWEEN '2024-05-01' AND '2024-05-15';
                SELECT id FROM orders_t WHERE customer_ref = 5;
                """;
        Path w = file("ranges.sql", ranges);
        JsonNode r = advise(d, "--workload", w.toString(), "--partition-min-rows", "10000");
        String id = d == DialectKind.SQLITE ? "partition-not-applicable" : "partition-candidate";
        JsonNode f = only(r, id);
        assertThat(f.get("subject").asText()).endsWith("orders_t");
        assertThat(f.get("evidence").get("column").asText()).isEqualTo("created_at");
        assertThat(f.get("evidence").get("workloadShare").asDouble()).isGreaterThan(0.9);
        switch (d) {
            case POSTGRES -> assertThat(f.get("fix").asText()).contains("PARTITION BY RANGE (created_at)",
                    "FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')", "ADD PRIMARY KEY (id, created_at)");
            case MYSQL -> assertThat(f.get("fix").asText()).contains("PARTITION BY RANGE (UNIX_TIMESTAMP(created_at))",
                    "PARTITION pmax VALUES LESS THAN (MAXVALUE)");
            case SQLITE -> assertThat(f.get("message").asText()).contains("SQLite has no table partitioning");
        }
        // at the default threshold (1M rows) a 20K-row table is not a candidate, nor is a workload without ranges
        assertThat(ids(advise(d, "--workload", w.toString()))).doesNotContain(id);
        Path points = file("points.sql", "SELECT id FROM orders_t WHERE customer_ref = 5;");
        assertThat(ids(advise(d, "--workload", points.toString(), "--partition-min-rows", "10000"))).doesNotContain(id);
        if (d == DialectKind.POSTGRES) {
            // the DDL runs: orders_t becomes partitioned with every row
            TestDatabases.exec(dbs.get(d), f.get("fix").asText());
            try (DbSession s = TestDatabases.writable(dbs.get(d)); Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM orders_t), (SELECT count(*) FROM "
                         + "pg_partitioned_table WHERE partrelid = 'orders_t'::regclass)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(QueryFixture.ORDERS);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
    }

    private static JsonNode only(JsonNode r, String id) {
        List<JsonNode> hits = new ArrayList<>();
        r.get("findings").forEach(f -> {
            if (f.get("id").asText().equals(id)) {
                hits.add(f);
            }
        });
        assertThat(hits).as(id + " in " + r.get("findings") + " skipped " + r.get("skipped")).hasSize(1);
        return hits.get(0);
    }

    private static List<String> ids(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.get("findings").forEach(f -> out.add(f.get("id").asText()));
        return out;
    }
}

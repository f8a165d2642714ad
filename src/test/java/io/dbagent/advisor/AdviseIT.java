package io.dbagent.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.Dialects;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Index;
import io.dbagent.testsupport.PrivateServer;
import io.dbagent.testsupport.Requirements;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import static org.assertj.core.api.Assertions.within;

/** {@code dbagent advise} on real databases of all three engines holding {@link QueryFixture}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdviseIT {

    static final String WORKLOAD = """
            -- weight: 20
            SELECT id, total FROM orders_t WHERE customer_ref = 777;
            -- weight: 5
            SELECT id, total FROM orders_t WHERE status = 'pending' AND a = 7;
            SELECT c.email, o.total FROM customers c JOIN orders_t o ON o.customer_id = c.id WHERE c.id = 42;
            UPDATE orders_t SET total = total + 1 WHERE id = 99;
            """;

    private final Map<DialectKind, DbUrl> dbs = new EnumMap<>(DialectKind.class);
    @TempDir
    Path dir;

    @BeforeAll
    void load() {
        for (DialectKind d : DialectKind.values()) {
            DbUrl url = TestDatabases.create(d, "advise");
            dbs.put(d, url);
            QueryFixture.load(url);
            // an index nothing in the workload uses
            TestDatabases.exec(url, "CREATE INDEX idx_orders_t_code ON orders_t (code)");
        }
    }

    @AfterAll
    void drop() {
        dbs.values().forEach(TestDatabases::drop);
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private JsonNode advise(DialectKind d, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("advise", "--db", QueryFixture.dbArg(dbs.get(d)), "--workload",
                file("w.sql", WORKLOAD).toString(), "--format", "json"));
        args.addAll(List.of(extra));
        var r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void applyCreatesTheIndexesAndThePlanUsesThem(DialectKind d) throws Exception {
        int indexesBefore = indexCount(d);
        JsonNode dry = advise(d);
        assertThat(indexCount(d)).as("advise without --apply leaves nothing behind").isEqualTo(indexesBefore);
        JsonNode first = dry.get("recommendations").get(0);
        assertThat(first.get("table").asText()).isEqualTo("orders_t");
        if (d == DialectKind.SQLITE) {
            // SQLite has no planner cost: candidates are costed by measured time, which machine load can tip
            // between the one-column index and a wider one that leads with the same column
            assertThat(first.get("columns").get(0).asText()).isEqualTo("customer_ref");
        } else {
            assertThat(first.get("columns").toString()).isEqualTo("[\"customer_ref\"]");
        }
        assertThat(first.get("queries").toString()).contains("q1");
        assertThat(first.get("sizeBytes").asLong()).isGreaterThan(0);
        assertThat(first.get("benefitPct").asDouble()).isGreaterThan(10);
        assertThat(dry.get("workloadCostAfter").asDouble()).isLessThan(dry.get("workloadCostBefore").asDouble() / 2);
        assertThat(dry.get("drops").toString()).contains("idx_orders_t_code");
        assertThat(dry.get("statements")).hasSize(4);
        JsonNode applied = advise(d, "--apply", "--yes", "--runs", "7");
        assertThat(applied.get("recommendations").get(0).get("applied").asBoolean()).isTrue();
        JsonNode m1 = applied.get("measured").get(0);
        assertThat(m1.get("id").asText()).isEqualTo("q1");
        assertThat(m1.get("usesNewIndex").asBoolean()).isTrue();
        // the median is never below the best run; whether the timed runs drop is a race with machine load, which
        // bench/ measures, so the outcome asserted here is the plan (usesNewIndex, and the explain below)
        assertThat(m1.get("beforeMs").asDouble()).isGreaterThanOrEqualTo(m1.get("beforeBestMs").asDouble());
        assertThat(m1.get("afterMs").asDouble()).isGreaterThanOrEqualTo(m1.get("afterBestMs").asDouble());
        assertThat(indexCount(d)).isEqualTo(indexesBefore + applied.get("recommendations").size());
        // the same query, explained afresh, reads through the index that --apply created (on SQLite, whose candidates
        // are costed by measured time, that may be the wider index leading with customer_ref: see above)
        java.util.regex.Matcher created = java.util.regex.Pattern.compile(
                        "(?i)INDEX\\s+(?:CONCURRENTLY\\s+)?[`\"]?(\\w+)")
                .matcher(applied.get("recommendations").get(0).get("ddl").asText());
        assertThat(created.find()).as("index name in the applied DDL").isTrue();
        if (d != DialectKind.SQLITE) {
            assertThat(created.group(1)).isEqualTo("idx_orders_t_customer_ref");
        }
        var ex = CliRunner.run("explain", "--db", QueryFixture.dbArg(dbs.get(d)), "--format", "json",
                "SELECT id, total FROM orders_t WHERE customer_ref = 777");
        assertThat(ex.exit()).as(ex.err()).isZero();
        assertThat(Json.MAPPER.readTree(ex.out()).findValuesAsText("index")).contains(created.group(1));
        // advising again never proposes the index that exists now
        JsonNode again = advise(d);
        for (JsonNode rec : again.get("recommendations")) {
            assertThat(rec.get("columns").toString() + rec.path("include")).isNotEqualTo("[\"customer_ref\"]");
        }
    }

    @Test
    void postgresRollbackMethodBuildsInsideRolledBackTransactions() throws Exception {
        int indexes = indexCount(DialectKind.POSTGRES);
        JsonNode r = pending("--what-if", "rollback");
        assertThat(r.get("method").asText()).isEqualTo("rolled-back CREATE INDEX");
        assertThat(r.get("whatIf").get("indexBuilds").asInt()).isGreaterThan(0);
        assertThat(r.get("whatIf").has("indexBuildMs")).isTrue();
        assertThat(r.get("notes").toString()).contains("rolled back");
        assertThat(r.get("recommendations").get(0).get("columns").toString()).isEqualTo("[\"b\",\"total\"]");
        assertThat(hypopgExtensions()).as("no extension left behind").isZero();
        assertThat(indexCount(DialectKind.POSTGRES)).as("no index left behind").isEqualTo(indexes);
    }

    @Test
    void postgresWithHypopgAvailableUsesHypotheticalIndexes() throws Exception {
        try (DbSession s = TestDatabases.writable(dbs.get(DialectKind.POSTGRES)); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'hypopg'")) {
            rs.next();
            Requirements.require(rs.getInt(1) == 1, "the hypopg extension (apt-get install postgresql-15-hypopg)");
        }
        int indexes = indexCount(DialectKind.POSTGRES);
        JsonNode auto = pending();
        assertThat(auto.get("method").asText()).isEqualTo("hypopg");
        // created inside a transaction that is rolled back: the database keeps neither the extension nor an index
        assertThat(auto.get("notes").toString()).contains("hypopg was created inside a transaction that is rolled back");
        assertThat(hypopgExtensions()).as("no extension left behind").isZero();
        assertThat(indexCount(DialectKind.POSTGRES)).as("no index left behind").isEqualTo(indexes);
        assertThat(auto.get("recommendations").get(0).get("columns").toString()).isEqualTo("[\"b\",\"total\"]");
        assertThat(pending("--what-if", "hypopg").get("method").asText()).isEqualTo("hypopg");
    }

    @Test
    void fromStatsOnPostgresAdvisesOnTheStatementsTheServerSaw() throws Exception {
        try (PrivateServer pg = PrivateServer.postgres("shared_preload_libraries=pg_stat_statements")) {
            TestDatabases.exec(pg.server(), "CREATE DATABASE shop; CREATE DATABASE plain");
            DbUrl shop = pg.server().withDatabase("shop");
            TestDatabases.exec(shop, "CREATE EXTENSION pg_stat_statements");
            QueryFixture.load(shop);
            // forget the loading statements: the workload is exactly what runs below
            TestDatabases.exec(shop, "SELECT pg_stat_statements_reset()");
            StringBuilder workload = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                workload.append("SELECT id, total FROM orders_t WHERE customer_ref = ").append(i).append(";\n");
            }
            for (int i = 1; i <= 5; i++) {
                workload.append("SELECT c.email FROM customers c WHERE c.country = 'DE' AND c.id = ").append(i).append(";\n");
            }
            TestDatabases.exec(shop, workload.toString());

            var r = CliRunner.run("advise", "--db", QueryFixture.dbArg(shop), "--from-stats", "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode advice = Json.MAPPER.readTree(r.out());
            assertThat(advice.get("workload").asText()).isEqualTo("pg_stat_statements");
            List<String> sql = new ArrayList<>();
            advice.get("statements").forEach(st -> sql.add(st.get("sql").asText()));
            assertThat(sql).contains("SELECT id, total FROM orders_t WHERE customer_ref = $1");
            JsonNode first = advice.get("recommendations").get(0);
            assertThat(first.get("table").asText()).isEqualTo("orders_t");
            assertThat(first.get("columns").toString()).isEqualTo("[\"customer_ref\"]");

            // top-queries: the statement that ran 30 times, as the server grouped it, with its calls
            var top = CliRunner.run("top-queries", "--db", QueryFixture.dbArg(shop), "--format", "json", "--limit", "50");
            assertThat(top.exit()).as(top.err()).isZero();
            JsonNode topJson = Json.MAPPER.readTree(top.out());
            assertThat(topJson.get("source").asText()).isEqualTo("pg_stat_statements");
            JsonNode byRef = null;
            for (JsonNode q : topJson.get("queries")) {
                if (q.get("sql").asText().equals("SELECT id, total FROM orders_t WHERE customer_ref = $1")) {
                    byRef = q;
                }
            }
            assertThat(byRef).as(top.out()).isNotNull();
            assertThat(byRef.get("calls").asLong()).isEqualTo(30);
            assertThat(byRef.get("meanMs").asDouble()).isEqualTo(byRef.get("totalMs").asDouble() / 30, within(0.01));

            // a database without CREATE EXTENSION on the same server: one line saying what to run
            var plain = CliRunner.run("advise", "--db", QueryFixture.dbArg(pg.server().withDatabase("plain")),
                    "--from-stats");
            assertThat(plain.exit()).as(plain.err()).isEqualTo(2);
            assertThat(plain.err()).contains("--from-stats needs pg_stat_statements").contains("CREATE EXTENSION")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void fromStatsOnMariaDbAdvisesOnTheStatementsTheServerSaw() throws Exception {
        try (PrivateServer maria = PrivateServer.mariadb("--performance-schema=ON")) {
            TestDatabases.exec(maria.server(), "CREATE DATABASE shop");
            DbUrl shop = maria.server().withDatabase("shop");
            QueryFixture.load(shop);
            // forget the loading statements: the workload is exactly what runs below
            TestDatabases.exec(shop, "TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
            StringBuilder workload = new StringBuilder();
            for (int i = 1; i <= 30; i++) {
                workload.append("SELECT id, total FROM orders_t WHERE customer_ref = ").append(i).append(";\n");
            }
            TestDatabases.exec(shop, workload.toString());

            var r = CliRunner.run("advise", "--db", QueryFixture.dbArg(shop), "--from-stats", "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode advice = Json.MAPPER.readTree(r.out());
            assertThat(advice.get("workload").asText()).isEqualTo("performance_schema");
            List<String> sql = new ArrayList<>();
            advice.get("statements").forEach(st -> sql.add(st.get("sql").asText()));
            assertThat(sql).anySatisfy(q -> assertThat(q).containsIgnoringCase("FROM `orders_t` WHERE `customer_ref` = ?"));
            JsonNode first = advice.get("recommendations").get(0);
            assertThat(first.get("table").asText()).isEqualTo("orders_t");
            assertThat(first.get("columns").toString()).isEqualTo("[\"customer_ref\"]");

            var top = CliRunner.run("top-queries", "--db", QueryFixture.dbArg(shop), "--limit", "50");
            assertThat(top.exit()).as(top.err()).isZero();
            assertThat(top.out()).contains("(performance_schema)").containsPattern("(?im)^\\s*\\d+\\s+30\\s+.*orders_t");
        }
    }

    /** Advice for one statement no index serves, on PostgreSQL, with the given extra options. */
    private JsonNode pending(String... extra) throws Exception {
        String w = file("pending.sql", "SELECT id FROM orders_t WHERE b = 3 AND total > 400;").toString();
        List<String> args = new ArrayList<>(List.of("advise", "--db", QueryFixture.dbArg(dbs.get(DialectKind.POSTGRES)),
                "--workload", w, "--format", "json"));
        args.addAll(List.of(extra));
        var r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    private int hypopgExtensions() throws Exception {
        try (DbSession s = TestDatabases.writable(dbs.get(DialectKind.POSTGRES)); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void unusableInputIsOneLineExitTwo(DialectKind d) throws Exception {
        String db = QueryFixture.dbArg(dbs.get(d));
        String w = file("w.sql", WORKLOAD).toString();
        var zero = CliRunner.run("advise", "--db", db, "--workload", w, "--budget-mb", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--budget-mb must be greater than 0");
        var empty = CliRunner.run("advise", "--db", db, "--workload", file("e.sql", "-- nothing\n").toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("has no statements");
        var bad = CliRunner.run("advise", "--db", db, "--workload",
                file("b.sql", "SELECT 1 FROM orders_t;\n\nSELECT nope FROM orders_t;").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("statement q2 (line 3").contains("rejected by the database").contains("nope")
                .doesNotContain("\tat ");
        var ddl = CliRunner.run("advise", "--db", db, "--workload", file("d.sql", "DROP TABLE orders_t;").toString());
        assertThat(ddl.exit()).isEqualTo(2);
        assertThat(ddl.err()).contains("is not a SELECT, INSERT, UPDATE or DELETE");
        // the shared servers collect no statement statistics (PostgreSQL does not preload pg_stat_statements,
        // MariaDB runs with performance_schema OFF): the answer is one line naming what to change
        var stats = CliRunner.run("advise", "--db", db, "--from-stats");
        assertThat(stats.exit()).as(stats.err()).isEqualTo(2);
        assertThat(stats.err()).contains(switch (d) {
            case POSTGRES -> "--from-stats needs pg_stat_statements: add it to shared_preload_libraries";
            case MYSQL -> "--from-stats needs performance_schema: set performance_schema=ON";
            case SQLITE -> "--from-stats needs a server with statement statistics: SQLite keeps no statement statistics";
        }).doesNotContain("\tat ");
        var top = CliRunner.run("top-queries", "--db", db);
        assertThat(top.exit()).as(top.err()).isEqualTo(2);
        assertThat(top.err().strip().lines().count()).isEqualTo(1);
        assertThat(top.err()).startsWith("dbagent: " + switch (d) {
            case POSTGRES -> "top_queries needs pg_stat_statements: add it to shared_preload_libraries "
                    + "(ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'; restart), then CREATE EXTENSION";
            case MYSQL -> "top_queries needs performance_schema: set performance_schema=ON in the server configuration";
            case SQLITE -> "top_queries needs a server with statement statistics";
        });
        var both = CliRunner.run("advise", "--db", db, "--workload", w, "--from-stats");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("exactly one of --workload FILE, --log FILE or --from-stats");
        var tiny = CliRunner.run("advise", "--db", db, "--workload", w, "--budget-mb", "0.001");
        assertThat(tiny.exit()).isZero();
        assertThat(tiny.out()).contains("no index to recommend").contains("within the budget");
    }

    private int indexCount(DialectKind d) {
        try (DbSession s = TestDatabases.writable(dbs.get(d))) {
            return Dialects.inspect(s).tables().stream().mapToInt(t -> (int) t.indexes().stream()
                    .map(Index::name).count()).sum();
        }
    }
}

package io.dbagent.dialect.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment table partitioned by month (three monthly partitions and a default one, a foreign key to customer
 * without an index, an index on the parent that duplicates a prefix of the key): lint, backup and inspect treat
 * the partitions as part of their parent.
 */
class PostgresPartitionsIT {

    private static final String FIXTURE = """
            CREATE TABLE customer (customer_id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE payment (payment_id int NOT NULL, customer_id int NOT NULL REFERENCES customer (customer_id),
              amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL,
              PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
            CREATE TABLE payment_p2022_01 PARTITION OF payment
              FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
            CREATE TABLE payment_p2022_02 PARTITION OF payment
              FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
            CREATE TABLE payment_p2022_03 PARTITION OF payment
              FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00');
            CREATE TABLE payment_default PARTITION OF payment DEFAULT;
            CREATE INDEX idx_payment_date ON payment (payment_date);
            INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 5) g;
            INSERT INTO payment SELECT g, 1 + g % 5, 1.5, timestamptz '2022-01-01 00:00:00+00' + (g || ' days')::interval
              FROM generate_series(1, 100) g;
            ANALYZE;
            """;

    private DbUrl url;

    @BeforeEach
    void create() {
        url = TestDatabases.create(DialectKind.POSTGRES, "parts");
        TestDatabases.exec(url, FIXTURE);
    }

    @AfterEach
    void drop() {
        TestDatabases.drop(url);
    }

    @Test
    void lintReportsThePartitionedParentOnceAndItsFixesRun() throws Exception {
        var r = CliRunner.run("lint", "--db", db(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(r.out());
        List<String> got = new ArrayList<>();
        report.get("findings").forEach(f -> got.add(f.get("id").asText() + " " + f.get("subject").asText()));
        assertThat(got).noneMatch(g -> g.contains("payment_p") || g.contains("payment_default"));
        assertThat(got).noneMatch(g -> g.startsWith("missing-foreign-key"));
        assertThat(got).filteredOn(g -> g.startsWith("fk-without-index")).containsExactly(
                "fk-without-index payment(customer_id)");
        assertThat(got).filteredOn(g -> g.startsWith("duplicate-index")).containsExactly(
                "duplicate-index payment.idx_payment_date");

        // 100 rows over five customers: a key lookup reads a fifth of the table, so the planner keeps the full scan
        // and lint proposes no index (INFO); the withdrawn DDL, in its partitioned form, is still run below
        JsonNode fk = find(report, "fk-without-index");
        assertThat(fk.get("severity").asText()).isEqualTo("info");
        assertThat(fk.get("fix").asText()).startsWith("-- no index proposed").doesNotContain("CREATE INDEX");
        String fkFix = fk.get("evidence").get("rejectedFix").asText();
        String dupFix = find(report, "duplicate-index").get("fix").asText();
        // CONCURRENTLY is refused on the parent: the parent's index is created ON ONLY it, each partition's
        // concurrently and attached; a DROP INDEX on the parent takes its partitions' indexes along
        assertThat(fkFix).contains("ON ONLY payment (customer_id);")
                .contains("CREATE INDEX CONCURRENTLY payment_p2022_01_idx_payment_customer_id ON payment_p2022_01")
                .contains("ATTACH PARTITION payment_default_idx_payment_customer_id;")
                .doesNotContain("CONCURRENTLY idx_payment_customer_id");
        assertThat(dupFix).doesNotContain("CONCURRENTLY");
        TestDatabases.exec(url, fkFix);
        TestDatabases.exec(url, dupFix);

        try (Connection c = connect(); Statement st = c.createStatement()) {
            // the index on the parent and one on each of the four partitions, all on customer_id
            assertThat(count(st, """
                    SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                     WHERE t.relname LIKE 'payment%' AND i.indkey::text = (SELECT attnum::text FROM pg_attribute
                           WHERE attrelid = 'payment'::regclass AND attname = 'customer_id')""")).isEqualTo(5);
            assertThat(count(st, "SELECT count(*) FROM pg_class WHERE relname = 'idx_payment_date'")).isZero();
            // every partition's index attached, so the parent's index is valid
            assertThat(count(st, "SELECT count(*) FROM pg_index WHERE indexrelid = 'idx_payment_customer_id'::regclass"
                    + " AND indisvalid")).isEqualTo(1);
        }
        var after = CliRunner.run("lint", "--db", db(), "--format", "json");
        assertThat(after.out()).doesNotContain("fk-without-index").doesNotContain("\"duplicate-index\"");
    }

    @Test
    void backupCountsEachPartitionedRowOnce() throws Exception {
        Path dir = Files.createTempDirectory("dbagent-parts-");
        try {
            var r = CliRunner.run("backup", "create", "--db", db(), "--dir", dir.toString(), "--format", "json");
            assertThat(r.exit()).as(r.err() + r.out()).isZero();
            var m = io.dbagent.backup.BackupManifest.read(Path.of(Json.MAPPER.readTree(r.out()).get("folder").asText()));
            long payments;
            long customers;
            try (Connection c = connect(); Statement st = c.createStatement()) {
                payments = count(st, "SELECT count(*) FROM payment");
                customers = count(st, "SELECT count(*) FROM customer");
            }
            assertThat(payments).isEqualTo(100);
            assertThat(m.totalRows()).isEqualTo(payments + customers);
            assertThat(m.table("payment")).get().satisfies(t -> assertThat(t.rows()).isEqualTo(payments));
            assertThat(m.table("payment_p2022_01")).isEmpty();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void inspectShowsThePartitionsUnderTheirParent() throws Exception {
        var r = CliRunner.run("inspect", "--db", db(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode parent = null;
        for (JsonNode t : Json.MAPPER.readTree(r.out()).get("tables")) {
            if (t.get("name").asText().equals("payment")) {
                parent = t;
            }
        }
        assertThat(parent).isNotNull();
        assertThat(parent.get("partitionKey").asText()).isEqualTo("RANGE (payment_date)");
        List<String> parts = new ArrayList<>();
        parent.get("partitions").forEach(p -> parts.add(p.get("name").asText() + " " + p.get("bound").asText()));
        assertThat(parts).hasSize(4).contains("payment_default DEFAULT")
                .anyMatch(p -> p.startsWith("payment_p2022_01 FOR VALUES FROM ('2022-01-01"));
        long size;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            size = count(st, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relname LIKE 'payment%'"
                    + " AND c.relkind = 'r'");
        }
        assertThat(parent.get("sizeBytes").asLong()).isEqualTo(size);
        assertThat(parent.get("rowEstimate").asLong()).isEqualTo(100);

        var text = CliRunner.run("inspect", "--db", db(), "--format", "text");
        assertThat(text.out()).contains("partitioned by RANGE (payment_date), 4 partitions")
                .doesNotContain("TABLE payment_p2022_01");
        var mermaid = CliRunner.run("inspect", "--db", db(), "--format", "mermaid");
        assertThat(mermaid.out()).contains("payment {").doesNotContain("payment_p2022_01");
    }

    @Test
    void adviceOnAPartitionedTableOffersStatementsThatRun() throws Exception {
        Path workload = Files.createTempFile("dbagent-parts-", ".sql");
        try {
            Files.writeString(workload, "SELECT * FROM payment WHERE amount > 1 AND customer_id = 3;\n");
            var r = CliRunner.run("advise", "--db", db(), "--workload", workload.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            // the index on the parent is unused by the workload; DROP INDEX CONCURRENTLY is refused on it
            assertThat(r.out()).contains("DROP INDEX idx_payment_date;").doesNotContain("CONCURRENTLY");
            TestDatabases.exec(url, "DROP INDEX idx_payment_date;");
            try (Connection c = connect(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM pg_class WHERE relname LIKE 'payment%date%idx'"
                        + " OR relname = 'idx_payment_date'")).isZero();
            }
        } finally {
            Files.deleteIfExists(workload);
        }
    }

    @Test
    void anAlreadyPartitionedTableIsNotProposedForPartitioning() throws Exception {
        Path workload = Files.createTempFile("dbagent-parts-", ".sql");
        try {
            Files.writeString(workload, "SELECT * FROM payment WHERE payment_date >= '2022-02-01'"
                    + " AND payment_date < '2022-03-01';\n");
            var r = CliRunner.run("advise", "--db", db(), "--workload", workload.toString(),
                    "--partition-min-rows", "1");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("partition-");
        } finally {
            Files.deleteIfExists(workload);
        }
    }

    private String db() {
        String auth = url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
        return "postgres://" + auth + url.hostPort() + "/" + url.database();
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode find(JsonNode report, String id) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + report);
    }
}

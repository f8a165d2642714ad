package io.dbagent.design.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Schema;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FD discovery on generated tables with planted dependencies: exactly those FDs are found (100K rows on SQLite in
 * under 10 s; 20K rows on all three engines), and the proposed decomposition and data migration run on each
 * engine and leave a table in BCNF with its data preserved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FdDiscoveryIT {

    private final Map<DialectKind, DbUrl> dbs = new ConcurrentHashMap<>();

    @BeforeAll
    void create() {
        for (DialectKind d : DialectKind.values()) {
            DbUrl url = TestDatabases.create(d, "fd");
            dbs.put(d, url);
            PlantedTable.create(url, "orders_flat", 20_000, 42);
            if (d == DialectKind.SQLITE) {
                PlantedTable.create(url, "orders_big", 100_000, 7);
            }
        }
    }

    @AfterAll
    void drop() {
        dbs.values().forEach(TestDatabases::drop);
    }

    private static Set<String> fds(FdDiscovery.Result r) {
        Set<String> out = new HashSet<>();
        r.dependencies().forEach(f -> out.add(String.join(",", f.lhs()) + "->" + f.rhs()));
        return out;
    }

    @Test
    void findsExactlyThePlantedFdsIn100kRows() {
        try (DbSession s = ConnectionFactory.open(dbs.get(DialectKind.SQLITE))) {
            FdDiscovery.Result r = FdDiscovery.discover(s, "orders_big", new FdDiscovery.Options(null, 0, 0));
            assertThat(r.rowsRead()).isEqualTo(100_000);
            assertThat(fds(r)).isEqualTo(PlantedTable.EXPECTED);
            assertThat(r.analysis().candidateKeys()).containsExactly(java.util.List.of("id"));
            assertThat(r.analysis().normalForm()).isEqualTo(NormalForm.NF2);
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void proposedMigrationRunsAndNormalises(DialectKind d) throws Exception {
        DbUrl url = dbs.get(d);
        String db = d == DialectKind.SQLITE ? url.database() : url.jdbcUrl() + (url.user() == null ? ""
                : (url.jdbcUrl().contains("?") ? "&" : "?") + "user=" + url.user());
        var cli = CliRunner.run("normalize", "--db", db, "--table", "orders_flat", "--format", "json");
        assertThat(cli.exit()).as(cli.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(cli.out());
        Set<String> found = new HashSet<>();
        j.get("dependencies").forEach(f -> {
            java.util.List<String> lhs = new java.util.ArrayList<>();
            f.get("lhs").forEach(x -> lhs.add(x.asText()));
            found.add(String.join(",", lhs) + "->" + f.get("rhs").asText());
        });
        assertThat(found).isEqualTo(PlantedTable.EXPECTED);
        assertThat(j.get("analysis").get("normalForm").asText()).isEqualTo("2NF");
        StringBuilder script = new StringBuilder();
        j.get("ddl").forEach(s -> script.append(s.asText()).append(";\n"));
        j.get("migration").forEach(s -> script.append(s.asText()).append(";\n"));
        assertThat(script.toString()).contains("CREATE TABLE customers", "CREATE TABLE products",
                "SELECT DISTINCT customer_id, customer_city FROM orders_flat");
        long rowsBefore = count(url, "SELECT count(*) FROM orders_flat");
        long revenueBefore = count(url, "SELECT sum(unit_price * 100 + discount) FROM orders_flat");
        TestDatabases.exec(url, script.toString());
        assertThat(count(url, "SELECT count(*) FROM customers")).isEqualTo(
                count(url, "SELECT count(DISTINCT customer_id) FROM orders_flat"));
        assertThat(count(url, "SELECT count(*) FROM products")).isEqualTo(50);
        // the join of the parts gives back the original rows
        assertThat(count(url, "SELECT count(*) FROM orders_flat o JOIN products p ON p.product_id = o.product_id "
                + "JOIN orders_flat_customer_id_product_id x ON x.customer_id = o.customer_id "
                + "AND x.product_id = o.product_id")).isEqualTo(rowsBefore);
        assertThat(count(url, "SELECT sum(p.unit_price * 100 + x.discount) FROM orders_flat o JOIN products p ON "
                + "p.product_id = o.product_id JOIN orders_flat_customer_id_product_id x ON x.customer_id = "
                + "o.customer_id AND x.product_id = o.product_id")).isEqualTo(revenueBefore);
        // the printed migration drops nothing: moved columns stay, with a comment; drop them as that comment says
        assertThat(script.toString().toUpperCase(java.util.Locale.ROOT)).doesNotContain("DROP COLUMN");
        java.util.List<String> moved = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-- orders_flat\\.(\\w+) is copied to")
                .matcher(script);
        while (m.find()) {
            moved.add(m.group(1));
        }
        assertThat(moved).contains("customer_city");
        try (DbSession s = TestDatabases.writable(url)) {
            io.dbagent.schema.Table flat = Dialects.inspect(s).table("orders_flat").orElseThrow();
            assertThat(flat.column("customer_city")).isPresent();
            for (String c : moved) {
                TestDatabases.exec(url, io.dbagent.dialect.DdlWriter.of(d).dropColumn(flat, c));
            }
        }
        try (DbSession s = TestDatabases.writable(url)) {
            Schema after = Dialects.inspect(s);
            assertThat(after.table("orders_flat").orElseThrow().column("customer_city")).isEmpty();
            if (d != DialectKind.SQLITE) {
                assertThat(after.table("orders_flat").orElseThrow().foreignKeys()).hasSize(3);
            }
            FdDiscovery.Result again = FdDiscovery.discover(s, "orders_flat", new FdDiscovery.Options(null, 0, 0));
            assertThat(again.analysis().normalForm()).isEqualTo(NormalForm.BCNF);
            assertThat(again.ddl()).isEmpty();
        }
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1).longValue();
        }
    }
}

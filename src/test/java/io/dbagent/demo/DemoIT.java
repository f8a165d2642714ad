package io.dbagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo end to end through the CLI, on all three engines, with a small row count. */
class DemoIT {

    @Test
    void sqliteDemoBuildsInspectsAndLints(@TempDir Path dir) throws Exception {
        var r = CliRunner.run("demo", "--dir", dir.toString(), "--rows", "3000");
        assertThat(r.exit()).as(r.err()).isZero();
        Path db = dir.resolve("shop.db");
        assertThat(db).exists();
        assertThat(r.out()).contains("dbagent demo on SQLite", "order_items", "== lint ==",
                "[WARN] fk-without-index  order_items(product_id)",
                "fix: -- verified (copy): the planner uses the index for SELECT * FROM order_items WHERE product_id = ",
                "     CREATE INDEX idx_order_items_product_id ON order_items (product_id);",
                "[WARN] duplicate-index  orders.idx_orders_user",
                "[WARN] float-for-money  products.price",
                "[WARN] missing-primary-key  audit_log",
                "[INFO] nullable-fk  order_items.order_id",
                "./dbagent inspect --db sqlite:" + db);
        try (DbSession s = ConnectionFactory.open(DbUrlParser.parse("sqlite:" + db)); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM order_items")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3000);
        }
        // the demo never overwrites: a second run in the same directory refuses
        var again = CliRunner.run("demo", "--dir", dir.toString(), "--rows", "3000");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
        // and the kept database can be inspected as JSON
        var json = CliRunner.run("inspect", "--db", db.toString(), "--format", "json", "--table", "orders");
        JsonNode model = Json.MAPPER.readTree(json.out());
        assertThat(model.get("tables")).hasSize(1);
        assertThat(model.get("tables").get(0).get("rowEstimate").asLong()).isGreaterThan(500);
    }

    @Test
    void withoutDirTheDemoRemovesItsScratchFilesUnlessKept() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<java.util.Set<Path>> demoDirs = () -> {
            try (var s = java.nio.file.Files.list(tmp)) {
                return s.filter(p -> p.getFileName().toString().startsWith("dbagent-demo-"))
                        .collect(java.util.stream.Collectors.toSet());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.Set<Path> before = demoDirs.get();
        var r = CliRunner.run("demo", "--rows", "3000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("dbagent demo on SQLite", "== backup ==",
                "the demo's database and the files it wrote were removed");
        assertThat(demoDirs.get()).as("no demo directory left behind").isEqualTo(before);

        var kept = CliRunner.run("demo", "--rows", "3000", "--keep");
        assertThat(kept.exit()).as(kept.err()).isZero();
        java.util.Set<Path> added = new java.util.HashSet<>(demoDirs.get());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        Path keptDir = added.iterator().next();
        try {
            assertThat(keptDir.resolve("shop.db")).exists();
            assertThat(kept.out()).contains("./dbagent inspect --db sqlite:" + keptDir.resolve("shop.db"));
        } finally {
            io.dbagent.demo.DemoService.deleteTree(keptDir);
        }
    }

    @Test
    void postgresDemoUsesItsOwnSchemaAndDropsIt() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "demo");
        try {
            TestDatabases.exec(url, "CREATE TABLE public.keep_me (id int PRIMARY KEY); INSERT INTO public.keep_me VALUES (1)");
            var r = CliRunner.run("demo", "--db", url.jdbcUrl() + "?user=" + url.user(), "--rows", "3000");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("dbagent demo on PostgreSQL", "dbagent_demo.order_items",
                    "[WARN] fk-without-index  dbagent_demo.order_items(product_id)",
                    "fix: -- verified (hypopg (created in a rolled-back transaction)): the planner uses the index for "
                            + "SELECT * FROM dbagent_demo.order_items WHERE product_id = ",
                    "     CREATE INDEX CONCURRENTLY idx_order_items_product_id ON dbagent_demo.order_items (product_id);",
                    "[WARN] float-for-money  dbagent_demo.products.price", "was dropped")
                    .doesNotContain("keep_me");
            try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement()) {
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'dbagent_demo'");
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                rs = st.executeQuery("SELECT count(*) FROM public.keep_me");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void mariadbDemoUsesItsOwnDatabaseAndCanKeepIt() throws Exception {
        DbUrl server = TestDatabases.mysqlServer();
        String name = "dbagent_t_demo_" + Long.toHexString(System.nanoTime());
        DbUrl demoDb = server.withDatabase(name);
        try {
            java.util.Set<java.nio.file.Path> before = DemoDirs.now();
            var r = CliRunner.run("demo", "--db", "mysql://" + server.user() + "@" + server.hostPort() + "/",
                    "--rows", "3000", "--schema", name, "--keep");
            assertThat(r.exit()).as(r.err()).isZero();
            // --keep keeps the database; the sections' scratch files are not left in the temp directory
            assertThat(DemoDirs.now()).isEqualTo(before);
            assertThat(r.out()).contains("dbagent demo on MariaDB", "[WARN] duplicate-index",
                    "[WARN] float-for-money", "[WARN] missing-primary-key");
            try (DbSession s = ConnectionFactory.open(demoDb); Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM order_items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3000);
            }
            var again = CliRunner.run("demo", "--db", "mysql://" + server.user() + "@" + server.hostPort() + "/",
                    "--rows", "3000", "--schema", name);
            assertThat(again.exit()).isEqualTo(2);
            assertThat(again.err()).contains("database " + name + " already exists");
        } finally {
            TestDatabases.drop(demoDb);
        }
    }
}

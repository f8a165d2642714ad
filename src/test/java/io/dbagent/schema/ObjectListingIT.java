package io.dbagent.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cheap object listing on the three engines, through the CLI and the agent's tool. */
class ObjectListingIT {

    private static List<String> lines(JsonNode objects) {
        List<String> out = new ArrayList<>();
        objects.forEach(o -> out.add(o.get("kind").asText() + " " + o.get("schema").asText() + "." + o.get("name").asText()));
        return out;
    }

    private static JsonNode find(JsonNode objects, String name) {
        for (JsonNode o : objects) {
            if (o.get("name").asText().equals(name)) {
                return o;
            }
        }
        throw new AssertionError("no object " + name + " in " + objects);
    }

    @Test
    void postgresListsRelationsRoutinesAndTriggersWithPartitionsFoldedIntoTheParent(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "objects");
        try {
            TestDatabases.exec(db, """
                    CREATE SCHEMA billing;
                    CREATE TABLE customers (id bigint PRIMARY KEY, email text);
                    INSERT INTO customers SELECT g, 'u' || g FROM generate_series(1, 1000) g;
                    CREATE TABLE billing.payments (id bigint, paid_on date NOT NULL, amount numeric) PARTITION BY RANGE (paid_on);
                    CREATE TABLE billing.payments_2025 PARTITION OF billing.payments FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                    CREATE TABLE billing.payments_2026 PARTITION OF billing.payments FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    INSERT INTO billing.payments SELECT g, date '2025-06-01' + (g % 400), 1 FROM generate_series(1, 3000) g;
                    CREATE VIEW active AS SELECT * FROM customers WHERE email IS NOT NULL;
                    CREATE MATERIALIZED VIEW totals AS SELECT paid_on, sum(amount) FROM billing.payments GROUP BY 1;
                    CREATE SEQUENCE invoice_no;
                    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                    CREATE PROCEDURE archive(before date) LANGUAGE sql AS $$ DELETE FROM billing.payments WHERE paid_on < before $$;
                    CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION touch();
                    ANALYZE;
                    """);
            var r = CliRunner.run("objects", "--db", db.toString(), "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode l = Json.MAPPER.readTree(r.out());
            JsonNode objects = l.get("objects");
            assertThat(lines(objects)).contains("table public.customers", "partitioned table billing.payments",
                    "view public.active", "materialized view public.totals", "sequence public.invoice_no",
                    "function public.touch()", "procedure public.archive(IN before date)",
                    "trigger public.customers.customers_touch");
            assertThat(lines(objects)).noneMatch(s -> s.contains("payments_2025") || s.contains("payments_2026"));
            JsonNode payments = find(objects, "payments");
            assertThat(payments.get("partitions").asInt()).isEqualTo(2);
            assertThat(payments.get("rows").asLong()).isEqualTo(3000);
            assertThat(payments.get("bytes").asLong()).isPositive();
            assertThat(find(objects, "customers").get("rows").asLong()).isEqualTo(1000);
            assertThat(l.get("schemas").toString()).contains("\"name\":\"billing\"", "\"name\":\"public\"");

            var text = CliRunner.run("objects", "--db", db.toString(), "--kind", "routine");
            assertThat(text.out()).contains("touch()", "archive(IN before date)").doesNotContain("customers");
            var bad = CliRunner.run("objects", "--db", db.toString(), "--kind", "index");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err().strip()).startsWith("dbagent: unknown object kind 'index': expected one of table,");

            DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
            JsonNode schemas = Json.MAPPER.readTree(tools.listSchemas()).get("schemas");
            assertThat(schemas.toString()).contains("{\"name\":\"billing\",\"objects\":1}");
            JsonNode views = Json.MAPPER.readTree(tools.listObjects(List.of("view"))).get("objects");
            assertThat(lines(views)).containsExactly("view public.active", "materialized view public.totals");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void mariadbListsTablesRoutinesTriggersAndEvents() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "objects");
        try {
            TestDatabases.exec(db, """
                    CREATE TABLE tracks (id int PRIMARY KEY, title varchar(100));
                    INSERT INTO tracks VALUES (1, 'a'), (2, 'b');
                    CREATE TABLE plays (id int, played date, PRIMARY KEY (id, played))
                      PARTITION BY RANGE (YEAR(played)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION pmax VALUES LESS THAN MAXVALUE);
                    CREATE VIEW titles AS SELECT title FROM tracks;
                    CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
                    CREATE PROCEDURE clear_plays() DELETE FROM plays;
                    CREATE TRIGGER tracks_bi BEFORE INSERT ON tracks FOR EACH ROW SET NEW.title = trim(NEW.title);
                    CREATE EVENT purge_old ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM plays WHERE played < '2000-01-01';
                    ANALYZE TABLE tracks;
                    """);
            var r = CliRunner.run("objects", "--db", db.toString(), "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode objects = Json.MAPPER.readTree(r.out()).get("objects");
            String s = db.database();
            assertThat(lines(objects)).containsExactlyInAnyOrder("table " + s + ".tracks",
                    "partitioned table " + s + ".plays", "view " + s + ".titles", "function " + s + ".twice",
                    "procedure " + s + ".clear_plays", "trigger " + s + ".tracks.tracks_bi", "event " + s + ".purge_old");
            assertThat(find(objects, "plays").get("partitions").asInt()).isEqualTo(2);
            assertThat(find(objects, "tracks").get("rows").asLong()).isEqualTo(2);
            assertThat(find(objects, "tracks").get("bytes").asLong()).isPositive();
            var schemas = CliRunner.run("objects", "--db", db.toString(), "--schemas");
            assertThat(schemas.out()).containsPattern("(?m)^\\s*" + s + "\\s+7\\s*$").doesNotContain("performance_schema");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void sqliteListsTablesViewsAndTriggersWithRowsAfterAnalyze() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "objects");
        try {
            TestDatabases.exec(db, """
                    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
                    CREATE INDEX idx_notes_body ON notes (body);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                    INSERT INTO notes (body) SELECT 'note ' || i FROM n;
                    CREATE VIEW short AS SELECT * FROM notes WHERE length(body) < 8;
                    CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN SELECT 1; END;
                    ANALYZE;
                    """);
            var r = CliRunner.run("objects", "--db", db.toString(), "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode objects = Json.MAPPER.readTree(r.out()).get("objects");
            assertThat(lines(objects)).containsExactly("table main.notes", "view main.short", "trigger main.notes.notes_ai");
            assertThat(find(objects, "notes").get("rows").asLong()).isEqualTo(500);
            assertThat(find(objects, "notes").get("bytes").asLong()).isGreaterThan(4096);
        } finally {
            TestDatabases.drop(db);
        }
    }
}

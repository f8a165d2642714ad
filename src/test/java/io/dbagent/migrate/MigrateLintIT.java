package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code migrate lint} and {@code migrate report} against live databases: sizes scale severities, fixes work. */
class MigrateLintIT {

    @TempDir
    Path tmp;

    private static Map<String, JsonNode> bySubject(JsonNode report) {
        Map<String, JsonNode> out = new HashMap<>();
        report.get("findings").forEach(f -> out.put(f.get("id").asText() + " " + f.get("subject").asText(), f));
        return out;
    }

    @Test
    void postgresSeveritiesFollowTheLiveRowCountAndTheFixClearsTheFinding() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "miglint");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE small (id integer PRIMARY KEY, note varchar(20));
                    INSERT INTO small SELECT g, 'n' || g FROM generate_series(1, 100) g;
                    CREATE TABLE big (id integer PRIMARY KEY, note varchar(20));
                    INSERT INTO big SELECT g, NULL FROM generate_series(1, 1000050) g;
                    ANALYZE small;
                    ANALYZE big;
                    """);
            Path dir = tmp.resolve("m");
            write(dir, "V1__indexes.sql", "CREATE INDEX idx_small_note ON small (note);\nCREATE INDEX idx_big_note ON big (note);\n"
                    + "ALTER TABLE big ALTER COLUMN note TYPE varchar(40);\nALTER TABLE big ALTER COLUMN note TYPE text;\n"
                    + "ALTER TABLE big ALTER COLUMN id TYPE bigint;\n");
            var r = CliRunner.run("migrate", "lint", "--dir", dir.toString(), "--db", dbArg(url), "--format", "json");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            Map<String, JsonNode> f = bySubject(Json.MAPPER.readTree(r.out()));
            JsonNode small = f.get("create-index-blocking V1__indexes.sql:1");
            JsonNode big = f.get("create-index-blocking V1__indexes.sql:2");
            assertThat(small.get("severity").asText()).isEqualTo("info");
            assertThat(small.get("message").asText()).endsWith("(100 rows)");
            assertThat(big.get("severity").asText()).isEqualTo("critical");
            assertThat(big.get("evidence").get("rows").asLong()).isGreaterThan(1_000_000);
            // widening varchar and varchar → text keep the table; int → bigint rewrites it
            assertThat(f).doesNotContainKeys("alter-column-type-rewrite V1__indexes.sql:3", "alter-column-type-rewrite V1__indexes.sql:4");
            assertThat(f.get("alter-column-type-rewrite V1__indexes.sql:5").get("severity").asText()).isEqualTo("critical");
            assertThat(f).containsKey("missing-down-migration V1__indexes.sql");

            // the offered fix runs on the server, and linted again it raises nothing
            String fix = small.get("fix").asText();
            String statement = fix.substring(0, fix.indexOf(';') + 1);
            assertThat(statement).isEqualTo("CREATE INDEX CONCURRENTLY idx_small_note ON small (note);");
            TestDatabases.exec(url, statement);
            Path fixed = write(tmp.resolve("f"), "V2__fixed.sql", statement + "\n");
            var again = CliRunner.run("migrate", "lint", fixed.toString(), "--db", dbArg(url), "--format", "json");
            assertThat(Json.MAPPER.readTree(again.out()).get("findings").findValuesAsText("id"))
                    .doesNotContain("create-index-blocking");

            write(dir, "V2__narrow.sql", "ALTER TABLE small ALTER COLUMN note TYPE varchar(5);\nALTER TABLE small DROP COLUMN id;\n");
            var report = CliRunner.run("migrate", "report", "--dir", dir.toString(), "--db", dbArg(url), "--format", "markdown");
            assertThat(report.exit()).isZero();
            assertThat(report.out()).contains("## V2__narrow.sql", "| `narrow-type` small.note | 1 |",
                    "from character varying(20) to varchar(5)", "| `drop-column` small.id | 2 |");
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void sqliteAndMysqlFindingsOnTablesWithRows() throws Exception {
        DbUrl lite = TestDatabases.create(DialectKind.SQLITE, "miglint");
        DbUrl my = TestDatabases.create(DialectKind.MYSQL, "miglint");
        try {
            String schema = "CREATE TABLE parents (id INTEGER PRIMARY KEY);\nCREATE TABLE kids (id INTEGER PRIMARY KEY, parent_id INTEGER);\n"
                    + "INSERT INTO parents VALUES (1);\nINSERT INTO kids VALUES (1, 1);\n";
            TestDatabases.exec(lite, schema);
            TestDatabases.exec(my, schema);
            Path file = write(tmp.resolve("x"), "V5__kids.sql", "ALTER TABLE kids ADD COLUMN code INTEGER NOT NULL;\n"
                    + "ALTER TABLE kids ADD CONSTRAINT fk_kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id);\n");
            write(tmp.resolve("x"), "U5__kids.sql", "SELECT 1;\n");
            var sqlite = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(lite), "--format", "json");
            Map<String, JsonNode> s = bySubject(Json.MAPPER.readTree(sqlite.out()));
            assertThat(s.get("add-column-not-null-without-default V5__kids.sql:1").get("severity").asText()).isEqualTo("critical");
            assertThat(s.keySet()).noneMatch(k -> k.startsWith("missing-down-migration"));
            var mysql = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(my), "--format", "json", "--fail-on", "info");
            assertThat(mysql.exit()).isEqualTo(1);
            Map<String, JsonNode> m = bySubject(Json.MAPPER.readTree(mysql.out()));
            assertThat(m.get("add-column-not-null-without-default V5__kids.sql:1").get("message").asText())
                    .contains("implicit default", "(1 rows)");
            assertThat(m.get("add-foreign-key-blocking V5__kids.sql:2").get("severity").asText()).isEqualTo("info");
            var bad = CliRunner.run("migrate", "lint", tmp.resolve("nope.sql").toString());
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("migration file not found");
        } finally {
            TestDatabases.drop(lite);
            TestDatabases.drop(my);
        }
    }

    @Test
    void postgresNewRulesNameTheirIdsAndTheirFixesRunOnTheServer() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "miglint");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE users (id bigint PRIMARY KEY);
                    CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
                    INSERT INTO users SELECT g FROM generate_series(1, 20000) g;
                    INSERT INTO orders SELECT g, g FROM generate_series(1, 20000) g;
                    ANALYZE users;
                    ANALYZE orders;
                    """);
            Path dir = tmp.resolve("n");
            write(dir, "V1__fk.sql", "ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
                    + "ALTER TABLE orders VALIDATE CONSTRAINT fk_user;\n");
            write(dir, "U1__fk.sql", "ALTER TABLE orders DROP CONSTRAINT fk_user;\n");
            write(dir, "V2__invoices.sql", "CREATE TABLE invoices (id serial PRIMARY KEY, code varchar(12) NOT NULL, "
                    + "issued_at timestamp NOT NULL DEFAULT now());\n");
            write(dir, "U2__invoices.sql", "DROP TABLE invoices;\n");
            var r = CliRunner.run("migrate", "lint", "--dir", dir.toString(), "--db", dbArg(url), "--format", "json",
                    "--fail-on", "warn");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            Map<String, JsonNode> f = bySubject(Json.MAPPER.readTree(r.out()));
            assertThat(f.keySet()).containsExactlyInAnyOrder("validate-in-same-transaction V1__fk.sql:2",
                    "int-primary-key V2__invoices.sql:1", "varchar-with-length V2__invoices.sql:1",
                    "new-timestamp-without-tz V2__invoices.sql:1");
            assertThat(f.get("validate-in-same-transaction V1__fk.sql:2").get("severity").asText()).isEqualTo("warn");
            assertThat(f.get("int-primary-key V2__invoices.sql:1").get("severity").asText()).isEqualTo("info");

            // each fix runs as given; the validation, split off, is left alone
            String validate = f.get("validate-in-same-transaction V1__fk.sql:2").get("fix").asText();
            TestDatabases.exec(url, "ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;");
            TestDatabases.exec(url, validate.substring(validate.lastIndexOf('\n') + 1));
            String intKey = f.get("int-primary-key V2__invoices.sql:1").get("fix").asText();
            TestDatabases.exec(url, intKey.replace("invoices", "invoices_a"));
            TestDatabases.exec(url, f.get("varchar-with-length V2__invoices.sql:1").get("fix").asText().replace("invoices", "invoices_b"));
            TestDatabases.exec(url, f.get("new-timestamp-without-tz V2__invoices.sql:1").get("fix").asText().replace("invoices", "invoices_c"));
            write(tmp.resolve("nf"), "V3__split.sql", validate.substring(validate.lastIndexOf('\n') + 1) + "\n");
            write(tmp.resolve("nf"), "U3__split.sql", "SELECT 1;\n");
            var again = CliRunner.run("migrate", "lint", "--dir", tmp.resolve("nf").toString(), "--db", dbArg(url),
                    "--format", "json", "--fail-on", "info");
            assertThat(again.exit()).as(again.out()).isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void mysqlIntPrimaryKeyFixRunsOnTheServerAndTheOtherNewRulesStaySilent() throws Exception {
        DbUrl my = TestDatabases.create(DialectKind.MYSQL, "miglint");
        try {
            Path file = write(tmp.resolve("my"), "V1__invoices.sql", "CREATE TABLE invoices (id INT NOT NULL AUTO_INCREMENT "
                    + "PRIMARY KEY, code varchar(12) NOT NULL, issued_at DATETIME NOT NULL);\n");
            write(tmp.resolve("my"), "U1__invoices.sql", "DROP TABLE invoices;\n");
            var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(my), "--format", "json", "--fail-on", "info");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            Map<String, JsonNode> m = bySubject(Json.MAPPER.readTree(r.out()));
            assertThat(m.keySet()).containsExactly("int-primary-key V1__invoices.sql:1");
            TestDatabases.exec(my, m.get("int-primary-key V1__invoices.sql:1").get("fix").asText());
        } finally {
            TestDatabases.drop(my);
        }
    }

    private static Map<String, Long> blockingRows(CliRunner.Result r) throws Exception {
        Map<String, Long> out = new HashMap<>();
        Json.MAPPER.readTree(r.out()).get("findings").forEach(f -> {
            if (f.get("id").asText().startsWith("preflight-")) {
                out.put(f.get("id").asText() + " " + f.get("subject").asText(), f.get("evidence").get("blockingRows").asLong());
            }
        });
        return out;
    }

    @Test
    void postgresPreflightCountsPlantedNullsDuplicatesAndOrphans() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "migpre");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE parents (id bigint PRIMARY KEY);
                    INSERT INTO parents SELECT g FROM generate_series(1, 100) g;
                    CREATE TABLE kids (id bigint PRIMARY KEY, parent_id bigint, code text, note text);
                    INSERT INTO kids SELECT g, 1 + g % 100, 'c' || g, 'n' FROM generate_series(1, 10000) g;
                    UPDATE kids SET note = NULL WHERE id IN (5, 6, 7);
                    UPDATE kids SET code = 'dup1' WHERE id IN (10, 11, 12);
                    UPDATE kids SET code = 'dup2' WHERE id IN (20, 21);
                    UPDATE kids SET parent_id = 900 + id WHERE id IN (30, 31, 32, 33);
                    ANALYZE kids;
                    ANALYZE parents;
                    """);
            Path file = write(tmp.resolve("p"), "V4__tighten.sql", "ALTER TABLE kids ALTER COLUMN note SET NOT NULL;\n"
                    + "ALTER TABLE kids ADD CONSTRAINT uq_code UNIQUE (code);\n"
                    + "ALTER TABLE kids ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID;\n");
            var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(url), "--format", "json");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(blockingRows(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "preflight-nulls V4__tighten.sql:1", 3L, "preflight-duplicates V4__tighten.sql:2", 2L,
                    "preflight-orphans V4__tighten.sql:3", 4L));
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void mariadbPreflightCountsPlantedNullsDuplicatesAndOrphans() throws Exception {
        DbUrl my = TestDatabases.create(DialectKind.MYSQL, "migpre");
        try {
            TestDatabases.exec(my, """
                    CREATE TABLE parents (id BIGINT PRIMARY KEY);
                    INSERT INTO parents SELECT seq FROM seq_1_to_100;
                    CREATE TABLE kids (id BIGINT PRIMARY KEY, parent_id BIGINT, code VARCHAR(20), note VARCHAR(20));
                    INSERT INTO kids SELECT seq, 1 + seq % 100, CONCAT('c', seq), 'n' FROM seq_1_to_10000;
                    UPDATE kids SET note = NULL WHERE id IN (5, 6, 7);
                    UPDATE kids SET code = 'dup1' WHERE id IN (10, 11, 12);
                    UPDATE kids SET code = 'dup2' WHERE id IN (20, 21);
                    UPDATE kids SET parent_id = 900 + id WHERE id IN (30, 31, 32, 33);
                    ANALYZE TABLE kids;
                    """);
            Path file = write(tmp.resolve("m"), "V4__tighten.sql", "ALTER TABLE kids MODIFY note VARCHAR(20) NOT NULL;\n"
                    + "CREATE UNIQUE INDEX uq_code ON kids (code);\n"
                    + "ALTER TABLE kids ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parents (id);\n");
            var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(my), "--format", "json");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(blockingRows(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "preflight-nulls V4__tighten.sql:1", 3L, "preflight-duplicates V4__tighten.sql:2", 2L,
                    "preflight-orphans V4__tighten.sql:3", 4L));
        } finally {
            TestDatabases.drop(my);
        }
    }

    @Test
    void preflightCountsCheckViolationsAndValuesANarrowerTypeCannotHold() throws Exception {
        for (DialectKind d : List.of(DialectKind.POSTGRES, DialectKind.MYSQL)) {
            DbUrl url = TestDatabases.create(d, "migpre2");
            try {
                boolean pg = d == DialectKind.POSTGRES;
                TestDatabases.exec(url, "CREATE TABLE stock (id bigint PRIMARY KEY, qty bigint, sku varchar(40));\n"
                        + (pg ? "INSERT INTO stock SELECT g, g, 'sku-' || g FROM generate_series(1, 5000) g;\n"
                        : "INSERT INTO stock SELECT seq, seq, CONCAT('sku-', seq) FROM seq_1_to_5000;\n")
                        + "UPDATE stock SET qty = -1 WHERE id IN (1, 2, 3, 4, 5);\n"
                        + "UPDATE stock SET qty = NULL WHERE id = 6;\n"
                        + "UPDATE stock SET qty = 100000 WHERE id IN (7, 8);\n"
                        + "UPDATE stock SET sku = 'a-very-long-stock-keeping-unit' WHERE id IN (9, 10, 11);\n");
                Path file = write(tmp.resolve("c" + d), "V5__narrow.sql", pg
                        ? "ALTER TABLE stock ADD CONSTRAINT qty_positive CHECK (qty >= 0) NOT VALID;\n"
                          + "ALTER TABLE stock ALTER COLUMN sku TYPE varchar(20);\n"
                          + "ALTER TABLE stock ALTER COLUMN qty TYPE smallint;\n"
                        : "ALTER TABLE stock ADD CONSTRAINT qty_positive CHECK (qty >= 0);\n"
                          + "ALTER TABLE stock MODIFY sku VARCHAR(20);\n"
                          + "ALTER TABLE stock MODIFY qty SMALLINT;\n");
                var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(url), "--format", "json");
                assertThat(r.exit()).as(r.err()).isEqualTo(1);
                // the NULL passes the CHECK, as the engine lets it; the two big values are outside smallint
                assertThat(blockingRows(r)).as(d.toString()).containsExactlyInAnyOrderEntriesOf(Map.of(
                        "preflight-check-violations V5__narrow.sql:1", 5L, "preflight-narrowing V5__narrow.sql:2", 3L,
                        "preflight-narrowing V5__narrow.sql:3", 2L));
            } finally {
                TestDatabases.drop(url);
            }
        }
    }

    @Test
    void aHostileCheckExpressionInAMigrationChangesNothingWhenPreflightCountsIt() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "migpreatk");
        try {
            TestDatabases.exec(url, "CREATE TABLE t (id int PRIMARY KEY, qty int);\n"
                    + "INSERT INTO t SELECT g, g FROM generate_series(1, 100) g;\nCREATE SEQUENCE s;\n");
            // the expressions run in the read context's count: a sequence bump, a setting change, and an attempt to
            // close the parentheses early and smuggle a DELETE after them
            Path file = write(tmp.resolve("atk"), "V6__hostile.sql",
                    "ALTER TABLE t ADD CONSTRAINT c1 CHECK (qty >= 0 AND nextval('s') > 0);\n"
                            + "ALTER TABLE t ADD CONSTRAINT c2 CHECK (pg_catalog.set_config("
                            + "'default_transaction_read_only', 'off', false) IS NOT NULL);\n"
                            + "ALTER TABLE t ADD CONSTRAINT c3 CHECK (qty > 0)); DELETE FROM t; SELECT (1;\n");
            var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(url), "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).doesNotContain("preflight-check-violations");
            // checked on a connection of our own: every row, the sequence untouched
            assertThat(count(url, "SELECT count(*) FROM t")).isEqualTo(100);
            assertThat(count(url, "SELECT count(*) FROM pg_sequences WHERE sequencename = 's' AND last_value IS NULL"))
                    .as("the sequence was never called").isEqualTo(1);
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void aCountThatReachesTheLimitIsSkippedWithANoteAndTheOtherCountsStillRun() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "migpreslow");
        try {
            TestDatabases.exec(url, "CREATE TABLE t (id int PRIMARY KEY, qty int, note text);\n"
                    + "INSERT INTO t SELECT g, g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'x' END "
                    + "FROM generate_series(1, 100) g;\n");
            // the CHECK sleeps on every row: its count cannot finish within one second
            Path file = write(tmp.resolve("slow"), "V7__slow.sql",
                    "ALTER TABLE t ADD CONSTRAINT slow CHECK (pg_sleep(0.1) IS NOT NULL AND qty > 0);\n"
                            + "ALTER TABLE t ALTER COLUMN note SET NOT NULL;\n");
            long t0 = System.nanoTime();
            var r = CliRunner.run("migrate", "lint", file.toString(), "--db", dbArg(url), "--timeout", "1",
                    "--format", "json");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(20));
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            var findings = io.dbagent.report.Json.MAPPER.readTree(r.out()).get("findings");
            List<String> ids = new java.util.ArrayList<>();
            findings.forEach(f -> ids.add(f.get("id").asText()));
            assertThat(ids).contains("preflight-skipped", "preflight-nulls").doesNotContain("preflight-check-violations");
            var skipped = java.util.stream.StreamSupport.stream(findings.spliterator(), false)
                    .filter(f -> f.get("id").asText().equals("preflight-skipped")).findFirst().orElseThrow();
            assertThat(skipped.get("message").asText()).contains("line 1", "stopped at the statement limit (1 s)");
            var nulls = java.util.stream.StreamSupport.stream(findings.spliterator(), false)
                    .filter(f -> f.get("id").asText().equals("preflight-nulls")).findFirst().orElseThrow();
            assertThat(nulls.get("evidence").get("blockingRows").asLong()).isEqualTo(10);
            assertThat(count(url, "SELECT count(*) FROM t")).isEqualTo(100);
        } finally {
            TestDatabases.drop(url);
        }
    }
}

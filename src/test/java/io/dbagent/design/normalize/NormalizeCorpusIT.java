package io.dbagent.design.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Table;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code normalize --db --table} on a table of each engine's corpus schema, with rows whose FDs call for a
 * decomposition: the printed SQL (new tables, copy, row-count checks, and with --allow-destructive the drop of the
 * moved columns) runs on a copy loaded from the corpus file, and no row is lost, counted on a separate connection.
 */
class NormalizeCorpusIT {

    private static String rows(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> "INSERT INTO rental_audit (rental_id, returned_at) VALUES (10, '2024-01-01 10:00+00'),"
                    + " (10, '2024-01-01 10:00+00'), (11, '2024-01-02 10:00+00'), (12, '2024-01-02 10:00+00'),"
                    + " (12, '2024-01-02 10:00+00'), (13, '2024-01-03 10:00+00');";
            case MYSQL -> "INSERT INTO invoice (customer, invoice_date, total) VALUES ('ann', '2024-01-01', 10),"
                    + " ('ann', '2024-01-02', 10), ('bob', '2024-01-03', 20), ('cy', '2024-01-04', 20),"
                    + " ('cy', '2024-01-05', 20);";
            default -> "INSERT INTO bookmarks (url, title, visits, added_at) VALUES"
                    + " ('https://a.example/', 'A', 1, '2024-01-01'), ('https://b.example/', 'A', 2, '2024-01-01'),"
                    + " ('https://c.example/', 'B', 3, '2024-01-02'), ('https://d.example/', 'C', 4, '2024-01-03'),"
                    + " ('https://e.example/', 'C', 5, '2024-01-03');";
        };
    }

    /** A row with a key the copy has not seen: the row-count check must fail the script. */
    private static String straggler(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> "INSERT INTO rental_audit (rental_id, returned_at) VALUES (99, now())";
            case MYSQL -> "INSERT INTO invoice (customer, invoice_date, total) VALUES ('zed', '2024-02-01', 1)";
            default -> "INSERT INTO bookmarks (url, title, visits, added_at) VALUES ('https://z.example/', 'Z', 9,"
                    + " '2024-02-01')";
        };
    }

    @ParameterizedTest
    @CsvSource({"POSTGRES,pg_rental.sql,rental_audit", "MYSQL,mariadb_music.sql,invoice",
            "SQLITE,sqlite_notes.sql,bookmarks"})
    void theRowCountCheckFailsWhenACopyMissesRows(DialectKind kind, String file, String table) throws Exception {
        DbUrl db = TestDatabases.create(kind, "normc");
        try {
            TestDatabases.exec(db, RealWorldCorpus.resource(file));
            TestDatabases.exec(db, rows(kind));
            var r = CliRunner.run("normalize", "--db", RealWorldCorpus.cliUrl(db), "--table", table, "--format",
                    "json");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode json = Json.MAPPER.readTree(r.out());
            List<String> copy = new ArrayList<>();
            json.get("ddl").forEach(n -> copy.add(n.asText()));
            List<String> checks = new ArrayList<>();
            json.get("migration").forEach(n -> {
                String s = n.asText();
                if (s.contains("dbagent_normalize_check") && !s.startsWith("DROP")) {
                    checks.add(s);
                } else if (s.startsWith("INSERT INTO")) {
                    copy.add(s);
                }
            });
            assertThat(checks).hasSizeGreaterThan(1);
            TestDatabases.exec(db, String.join(";\n", copy) + ";\n" + straggler(kind) + ";\n");
            // the copy ran before the straggler arrived: one new table lacks its key, and the check says so
            assertThatThrownBy(() -> TestDatabases.exec(db, String.join(";\n", checks) + ";\n"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("INSERT INTO dbagent_normalize_check");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @ParameterizedTest
    @CsvSource({"POSTGRES,pg_rental.sql,rental_audit,returned_at", "MYSQL,mariadb_music.sql,invoice,total",
            "SQLITE,sqlite_notes.sql,bookmarks,added_at"})
    void theMigrationRunsAndLosesNoRows(DialectKind kind, String file, String table, String moved) throws Exception {
        for (boolean destructive : List.of(false, true)) {
            DbUrl db = TestDatabases.create(kind, "norm");
            try {
                TestDatabases.exec(db, RealWorldCorpus.resource(file));
                TestDatabases.exec(db, rows(kind));
                long before = RealWorldCorpus.count(db, "SELECT count(*) FROM " + table);
                List<String> args = new ArrayList<>(List.of("normalize", "--db", RealWorldCorpus.cliUrl(db),
                        "--table", table, "--format", "json"));
                if (destructive) {
                    args.add("--allow-destructive");
                }
                var r = CliRunner.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(r.out() + r.err()).isZero();
                JsonNode json = Json.MAPPER.readTree(r.out());
                List<String> ddl = new ArrayList<>();
                json.get("ddl").forEach(n -> ddl.add(n.asText()));
                List<String> migration = new ArrayList<>();
                json.get("migration").forEach(n -> migration.add(n.asText()));
                String script = String.join(";\n", ddl) + ";\n" + String.join(";\n", migration) + ";\n";
                assertThat(ddl).as(script).isNotEmpty();
                assertThat(script).contains("CREATE TEMPORARY TABLE dbagent_normalize_check")
                        .doesNotContain("WHERE ;", "WHERE )", "FOREIGN KEY ()", "DROP TABLE " + table);
                assertThat(script.contains("DROP COLUMN")).as(script).isEqualTo(destructive);
                TestDatabases.exec(db, script);

                assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM " + table)).isEqualTo(before);
                Table after = RealWorldCorpus.inspect(db).table(table).orElseThrow();
                assertThat(after.column(moved).isPresent()).as(script).isEqualTo(!destructive);
                // every row still finds its moved value through the new table's key
                Table newTable = ddl.stream().map(d -> d.replaceAll("(?s)^CREATE TABLE\\s+(\\S+).*", "$1")
                        .replaceAll("[\"`]", "").replaceAll("^.*\\.", ""))
                        .map(n -> RealWorldCorpus.inspect(db).table(n).orElseThrow())
                        .filter(t -> t.column(moved).isPresent()).findFirst().orElseThrow();
                String created = newTable.name();
                String on = newTable.primaryKey().stream().map(k -> "n." + k + " = t." + k)
                        .reduce((a, b) -> a + " AND " + b).orElseThrow();
                assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM " + table + " t JOIN " + created
                        + " n ON " + on)).as(script).isEqualTo(before);
            } finally {
                TestDatabases.drop(db);
            }
        }
    }

    /** The agent's and MCP's {@code discover_dependencies}: the same migration, the drop only when asked. */
    @org.junit.jupiter.api.Test
    void theToolDropsTheMovedColumnsOnlyWhenAsked() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "normtool");
        try {
            TestDatabases.exec(db, RealWorldCorpus.resource("sqlite_notes.sql"));
            TestDatabases.exec(db, rows(DialectKind.SQLITE));
            io.dbagent.agent.DatabaseTools tools = new io.dbagent.agent.DatabaseTools(
                    io.dbagent.jdbc.SessionSource.of(db), db,
                    new io.dbagent.memory.MemoryStore(java.nio.file.Files.createTempDirectory("normtool-mem")),
                    new io.dbagent.app.PlanStore(), false);
            io.dbagent.agent.DesignTools design = tools.tool(io.dbagent.agent.DesignTools.class);
            long rowsBefore = RealWorldCorpus.count(db, "SELECT count(*) FROM bookmarks");
            String safe = design.discoverDependencies("bookmarks", null, null);
            String destructive = design.discoverDependencies("bookmarks", null, true);
            assertThat(Json.MAPPER.readTree(safe).get("migration").toString()).contains("dbagent_normalize_check")
                    .doesNotContain("DROP COLUMN");
            assertThat(Json.MAPPER.readTree(destructive).get("migration").toString()).contains("DROP COLUMN");
            // proposing is read-only: the table still has every row and column
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM bookmarks")).isEqualTo(rowsBefore);
            assertThat(RealWorldCorpus.count(db, "SELECT count(*) FROM pragma_table_info('bookmarks') WHERE name = 'title'"))
                    .isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
        }
    }
}

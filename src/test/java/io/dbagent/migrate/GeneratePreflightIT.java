package io.dbagent.migrate;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate generate --db} counts the live rows that make the generated migration fail: planted NULLs under a
 * new NOT NULL, duplicate groups under a new UNIQUE and orphans under a new FOREIGN KEY in a 100K-row table. The
 * exact counts and their data fixes are in the up file's header and the command's output, and it exits 1.
 */
class GeneratePreflightIT {

    private static final int ROWS = 100_000;
    private static final int NULLS = 123;
    private static final int DUPLICATE_GROUPS = 45;
    private static final int ORPHANS = 67;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void plantedNullsDuplicatesAndOrphansAreCountedExactly(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "genpre");
        try {
            boolean pg = d == DialectKind.POSTGRES;
            String series = pg ? "generate_series(1, " + ROWS + ") AS s(i)"
                    : "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + ROWS + ") SELECT i FROM n) s";
            String fkTail = pg ? "" : ", KEY idx_items_parent (parent_id)";
            TestDatabases.exec(url, (pg ? "" : "SET SESSION max_recursive_iterations = 200000;\n")
                    + "CREATE TABLE parents (id int PRIMARY KEY);\n"
                    + "INSERT INTO parents SELECT i FROM " + series.replace(String.valueOf(ROWS), "1000") + ";\n"
                    + "CREATE TABLE items (id int PRIMARY KEY, code varchar(20), qty int, parent_id int" + fkTail + ");\n"
                    // codes unique but for DUPLICATE_GROUPS pairs, qty NULL in NULLS rows, parent 5000+ in ORPHANS
                    + "INSERT INTO items SELECT i, CASE WHEN i <= " + 2 * DUPLICATE_GROUPS + " THEN concat('d', floor((i + 1) / 2))"
                    + " ELSE concat('c', i) END, CASE WHEN i % 800 = 0 AND i <= " + 800 * NULLS + " THEN NULL ELSE i END,"
                    + " CASE WHEN i % 1000 = 7 AND i <= " + 1000 * ORPHANS + " THEN 5000 + i ELSE i % 1000 + 1 END FROM "
                    + series + ";\n");
            assertThat(count(url, "SELECT count(*) FROM items")).isEqualTo(ROWS);

            Path target = Files.writeString(tmp.resolve("schema.sql"),
                    "CREATE TABLE parents (id int PRIMARY KEY);\n"
                            + "CREATE TABLE items (id int PRIMARY KEY, code varchar(20), qty int"
                            + " NOT NULL DEFAULT 0, parent_id int" + fkTail + ",\n"
                            + "  CONSTRAINT uq_items_code UNIQUE (code),\n"
                            + "  CONSTRAINT fk_items_parent FOREIGN KEY (parent_id) REFERENCES parents (id));\n");
            Path dir = tmp.resolve("migrations");
            String dev = (pg ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted();

            var gen = CliRunner.run("migrate", "generate", "strict items", "--db", dbArg(url), "--to",
                    target.toString(), "--dir", dir.toString(), "--dev-db", dev);
            assertThat(gen.exit()).as(gen.out() + gen.err()).isEqualTo(1);
            assertThat(gen.out()).contains(
                    "items.qty is made NOT NULL while " + NULLS + " live row(s) hold NULL",
                    "while " + DUPLICATE_GROUPS + " group(s) of live rows share a value",
                    "while " + ORPHANS + " live row(s) reference no row of",
                    "the migration will fail on the live rows counted above");
            Path up;
            try (Stream<Path> s = Files.list(dir)) {
                up = s.filter(p -> p.getFileName().toString().startsWith("V")).findFirst().orElseThrow();
            }
            String header = Files.readString(up).lines().takeWhile(l -> l.startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertThat(header).contains("NOT NULL while " + NULLS + " live row(s) hold NULL",
                    "data fix: backfill first: UPDATE items SET qty = 0 WHERE qty IS NULL;",
                    DUPLICATE_GROUPS + " group(s) of live rows share a value", "data fix: find them: SELECT code, count(*)",
                    ORPHANS + " live row(s) reference no row of", "data fix: list them: SELECT c.* FROM items c");
            assertThat(header).doesNotContain("hazards: none found");

            // the generate_migration tool (agent and MCP) answers the same counts in its JSON
            var tools = new io.dbagent.agent.DatabaseTools(io.dbagent.jdbc.SessionSource.of(url), url,
                    new io.dbagent.memory.MemoryStore(tmp.resolve("memory")), new io.dbagent.app.PlanStore(), false)
                    .writingOnlyUnder(io.dbagent.app.Workdirs.of(java.util.List.of(tmp)));
            var migrationTools = tools.all().stream().filter(t -> t instanceof io.dbagent.agent.MigrationTools)
                    .map(t -> (io.dbagent.agent.MigrationTools) t).findFirst().orElseThrow();
            var toolJson = io.dbagent.report.Json.MAPPER.readTree(migrationTools.generateMigration("strict items tool",
                    null, target.toString(), tmp.resolve("tool-migrations").toString(), dev, null, null));
            java.util.Map<String, Long> fromTool = new java.util.TreeMap<>();
            toolJson.get("hazards").forEach(h -> {
                if (h.get("id").asText().startsWith("preflight-")) {
                    fromTool.put(h.get("id").asText(), h.at("/evidence/blockingRows").asLong());
                }
            });
            assertThat(fromTool).as(toolJson.toString()).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                    "preflight-duplicates", (long) DUPLICATE_GROUPS, "preflight-nulls", (long) NULLS,
                    "preflight-orphans", (long) ORPHANS)));
            assertThat(toolJson.get("willFail").asText()).startsWith("live rows make the up migration fail");

            // diff from the live database counts the same rows, in the JSON and in the script's header
            var json = CliRunner.run("diff", "--from", dbArg(url), "--to", target.toString(), "--dev-db", dev,
                    "--format", "json");
            assertThat(json.exit()).as(json.err()).isEqualTo(1);
            var view = io.dbagent.report.Json.MAPPER.readTree(json.out());
            assertThat(view.get("willFail").asBoolean()).isTrue();
            java.util.Map<String, Long> counts = new java.util.TreeMap<>();
            view.get("preflight").forEach(f -> counts.put(f.get("id").asText(),
                    f.at("/evidence/blockingRows").asLong()));
            assertThat(counts).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(
                    "preflight-duplicates", (long) DUPLICATE_GROUPS, "preflight-nulls", (long) NULLS,
                    "preflight-orphans", (long) ORPHANS)));
            var script = CliRunner.run("diff", "--from", dbArg(url), "--to", target.toString(), "--dev-db", dev);
            assertThat(script.out()).contains("-- WILL FAIL on the source database's rows (fix the data first):",
                    "items.qty is made NOT NULL while " + NULLS + " live row(s) hold NULL", "--     data fix: ");
            // nothing was applied: generate only reads
            assertThat(count(url, "SELECT count(*) FROM items WHERE qty IS NULL")).isEqualTo(NULLS);
        } finally {
            TestDatabases.drop(url);
        }
    }
}

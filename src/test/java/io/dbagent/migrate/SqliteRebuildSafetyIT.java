package io.dbagent.migrate;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite table rebuild written by {@code migrate generate} is all or nothing, both through the {@code sqlite3}
 * shell with its default settings ({@code sqlite3 db < file.sql}, which goes on after an error) and through our
 * runner: when the copy fails, the old table keeps every row. A column that becomes NOT NULL with a default is
 * copied with the default in place of NULL.
 */
class SqliteRebuildSafetyIT {

    private static final int ROWS = 1000;
    private static final int NULL_QTY = 37;

    @TempDir
    Path tmp;

    private static String before(boolean duplicateCodes) {
        StringBuilder s = new StringBuilder("""
                CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT, qty INTEGER);
                CREATE INDEX idx_parents_qty ON parents (qty);
                CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id));
                CREATE TABLE audit (n INTEGER);
                CREATE TRIGGER trg_parents_audit AFTER INSERT ON parents
                BEGIN
                  INSERT INTO audit VALUES (NEW.id);
                END;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                """);
        s.append("INSERT INTO parents (id, code, qty) SELECT i, 'c' || ").append(duplicateCodes ? "(i % 500)" : "i")
                .append(", CASE WHEN i <= ").append(NULL_QTY).append(" THEN NULL ELSE i END FROM n;\n");
        s.append("INSERT INTO children (id, parent_id) SELECT id, id FROM parents WHERE id <= 10;\n");
        return s.toString();
    }

    private static final String TARGET = """
            CREATE TABLE parents (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, qty INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX idx_parents_qty ON parents (qty);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id));
            CREATE TABLE audit (n INTEGER);
            CREATE TRIGGER trg_parents_audit AFTER INSERT ON parents
            BEGIN
              INSERT INTO audit VALUES (NEW.id);
            END;
            """;

    @Test
    void aFailingCopyLeavesTheTableIntactUnderTheShellAndTheRunner() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "rebuildfail");
        try {
            TestDatabases.exec(url, before(true));
            Path up = generate(url);
            String sql = Files.readString(up);
            assertThat(sql).contains("PRAGMA foreign_keys = OFF;\n", "\nBEGIN\n", "\n; PRAGMA foreign_key_check\n",
                    "\n; COMMIT;\nPRAGMA foreign_keys = ON;\n", "COALESCE(qty, 0)");
            assertThat(sql.indexOf("PRAGMA foreign_keys = OFF")).isLessThan(sql.indexOf("\nBEGIN\n"));

            DbUrl copy = copyOf(url, "shell");
            Shell shell = sqlite3(copy, up);
            assertThat(shell.exit()).as(shell.err()).isNotZero();
            assertThat(shell.err()).contains("UNIQUE constraint failed: _dbagent_new_parents.code");
            assertUnchanged(copy);

            var run = CliRunner.run("migrate", "up", "--db", url.database(), "--dir", up.getParent().toString());
            assertThat(run.exit()).as(run.out() + run.err()).isNotZero();
            assertThat(run.out() + run.err()).contains("UNIQUE constraint failed");
            assertUnchanged(url);
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void nullsBecomeTheDefaultAndTheRebuildCommitsUnderTheShellAndTheRunner() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.SQLITE, "rebuildok");
        try {
            TestDatabases.exec(url, before(false));
            Path up = generate(url);
            Path target = tmp.resolve("target.sql");

            DbUrl copy = copyOf(url, "shell");
            Shell shell = sqlite3(copy, up);
            assertThat(shell.exit()).as(shell.err()).isZero();
            assertThat(shell.err()).isEmpty();
            var run = CliRunner.run("migrate", "up", "--db", url.database(), "--dir", up.getParent().toString());
            assertThat(run.exit()).as(run.out() + run.err()).isZero();

            for (DbUrl db : List.of(copy, url)) {
                assertThat(count(db, "SELECT count(*) FROM parents")).isEqualTo(ROWS);
                assertThat(count(db, "SELECT count(*) FROM parents WHERE qty = 0")).isEqualTo(NULL_QTY);
                assertThat(count(db, "SELECT count(*) FROM parents WHERE qty IS NULL")).isZero();
                assertThat(count(db, "SELECT count(*) FROM children")).isEqualTo(10);
                assertThat(count(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_dbagent%' ESCAPE '\\'"))
                        .isZero();
                assertThat(count(db, "SELECT count(*) FROM pragma_foreign_key_check")).isZero();
                var diff = CliRunner.run("diff", "--from", db.database(), "--to", target.toString());
                assertThat(diff.exit()).as(diff.out()).isZero();
                assertThat(diff.out()).contains("no differences");
            }
            // the trigger came back with the rebuilt table
            TestDatabases.exec(copy, "INSERT INTO parents (id, code) VALUES (5000, 'new');");
            assertThat(count(copy, "SELECT count(*) FROM audit WHERE n = 5000")).isEqualTo(1);
            assertThat(count(copy, "SELECT qty FROM parents WHERE id = 5000")).isZero();
            TestDatabases.drop(copy);
        } finally {
            TestDatabases.drop(url);
        }
    }

    private Path generate(DbUrl url) throws Exception {
        Path target = Files.writeString(tmp.resolve("target.sql"), TARGET);
        Path dir = tmp.resolve("migrations");
        var gen = CliRunner.run("migrate", "generate", "strict parents", "--db", url.database(), "--to",
                target.toString(), "--dir", dir.toString());
        assertThat(gen.exit()).as(gen.out() + gen.err()).isZero();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("V")).findFirst().orElseThrow();
        }
    }

    /** Checked on a connection of its own: the old table, its rows, its NULLs and its duplicates, nothing half-made. */
    private static void assertUnchanged(DbUrl db) throws Exception {
        assertThat(count(db, "SELECT count(*) FROM parents")).isEqualTo(ROWS);
        assertThat(count(db, "SELECT count(*) FROM parents WHERE qty IS NULL")).isEqualTo(NULL_QTY);
        assertThat(count(db, "SELECT count(DISTINCT code) FROM parents")).isEqualTo(500);
        assertThat(count(db, "SELECT count(*) FROM children")).isEqualTo(10);
        assertThat(count(db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_dbagent\\_new%' ESCAPE '\\'"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'parents' AND sql LIKE '%UNIQUE%'"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('idx_parents_qty', 'trg_parents_audit')"))
                .isEqualTo(2);
    }

    private DbUrl copyOf(DbUrl url, String name) throws Exception {
        Path dir = Files.createTempDirectory("dbagent-it-");
        Path file = dir.resolve(name + ".db");
        Files.copy(Path.of(url.database()), file);
        return io.dbagent.jdbc.DbUrlParser.parse("sqlite:" + file);
    }

    private record Shell(int exit, String err) {
    }

    /** {@code sqlite3 db < file}: the shell with its default settings, no .bail. */
    private Shell sqlite3(DbUrl db, Path script) throws Exception {
        Path err = tmp.resolve("sqlite3-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder("sqlite3", db.database()).redirectInput(script.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sqlite3 finished").isTrue();
        return new Shell(p.exitValue(), Files.readString(err));
    }
}

package io.dbagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input that needs no server: one line on stderr, exit 2, nothing created. */
class CliErrorsTest {

    private static void assertOneLineError(CliRunner.Result r, String expected) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
        assertThat(r.err().strip().lines().count()).as("one line: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void noDatabaseGiven() {
        assertOneLineError(CliRunner.run("inspect"), "no database given: pass --db URL or set DBAGENT_DB or DATABASE_URL");
    }

    @Test
    void seedRowsOutOfRange() {
        // the bound lives in the application layer; the MCP server and the agent's tool give the same line
        assertOneLineError(CliRunner.run("migrate", "test", "--seed-rows", "-1"),
                "dbagent: --seed-rows must be between 0 and 100000, got -1");
        assertOneLineError(CliRunner.run("migrate", "test", "--seed-rows", "100001"),
                "dbagent: --seed-rows must be between 0 and 100000, got 100001");
    }

    @Test
    void unsupportedScheme() {
        assertOneLineError(CliRunner.run("inspect", "--db", "mongodb://u:pw123@h/x"), "unsupported URL scheme 'mongodb'");
        assertThat(CliRunner.run("inspect", "--db", "mongodb://u:pw123@h/x").err()).doesNotContain("pw123");
    }

    @Test
    void missingSqliteFileIsNotCreated(@TempDir Path dir) {
        Path file = dir.resolve("missing.db");
        assertOneLineError(CliRunner.run("inspect", "--db", file.toString()), "SQLite database file not found: " + file);
        assertThat(Files.exists(file)).isFalse();
        assertOneLineError(CliRunner.run("lint", "--db", "sqlite:" + file), "SQLite database file not found");
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void fileThatIsNotADatabase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "these are not the tables you are looking for, padded to more than a page ".repeat(100));
        assertOneLineError(CliRunner.run("inspect", "--db", file.toString()), "not a SQLite database file");
        assertThat(Files.readString(file)).startsWith("these are not");
    }

    @Test
    void badOptionValues(@TempDir Path dir) {
        assertOneLineError(CliRunner.run("inspect", "--nope"), "Unknown option: '--nope'");
        assertOneLineError(CliRunner.run("inspect", "--db", "x.db", "--format", "xml"), "unknown format 'xml'");
        assertOneLineError(CliRunner.run("lint", "--db", "x.db", "--fail-on", "sometimes"), "unknown severity 'sometimes'");
        assertOneLineError(CliRunner.run("demo", "--rows", "many"), "Invalid value for option '--rows'");
        assertOneLineError(CliRunner.run("migrate", "generate", "x", "--db", "x.db", "--to", "y.sql", "--format",
                "sqitch", "--dir", dir.toString()), "unknown migration format 'sqitch': use flyway, liquibase or alembic");
    }

    @Test
    void environmentUrlIsUsed(@TempDir Path dir) {
        Path file = dir.resolve("env.db");
        var r = CliRunner.runWithEnv(Map.of("DATABASE_URL", "sqlite:" + file), "inspect");
        assertOneLineError(r, "SQLite database file not found: " + file);
    }

    @Test
    void helpListsEveryCommandAndEveryCommandHasHelp() {
        var r = CliRunner.run("--help");
        assertThat(r.exit()).isZero();
        picocli.CommandLine root = Main.commandLine(new Main());
        java.util.List<String> paths = new java.util.ArrayList<>();
        collect(root, "", paths);
        assertThat(paths).contains("inspect", "lint", "demo", "chat", "ask", "mcp", "memory search", "skill install");
        for (String top : root.getSubcommands().keySet()) {
            assertThat(r.out()).as("--help lists %s", top).contains("  " + top + " ");
        }
        for (String path : paths) {
            String[] args = (path + " --help").split(" ");
            var h = CliRunner.run(args);
            assertThat(h.exit()).as(path).isZero();
            assertThat(h.out()).as(path).startsWith("Usage: dbagent " + path);
            assertThat(h.err()).as(path).doesNotContain("WARN");
        }
    }

    private static void collect(picocli.CommandLine cl, String prefix, java.util.List<String> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            String path = prefix.isEmpty() ? name : prefix + " " + name;
            out.add(path);
            collect(sub, path, out);
        });
    }
}

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
    }

    @Test
    void environmentUrlIsUsed(@TempDir Path dir) {
        Path file = dir.resolve("env.db");
        var r = CliRunner.runWithEnv(Map.of("DATABASE_URL", "sqlite:" + file), "inspect");
        assertOneLineError(r, "SQLite database file not found: " + file);
    }

    @Test
    void helpListsEveryCommand() {
        var r = CliRunner.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("inspect").contains("lint").contains("demo");
        for (String cmd : new String[] {"inspect", "lint", "demo"}) {
            var h = CliRunner.run(cmd, "--help");
            assertThat(h.exit()).isZero();
            assertThat(h.out()).startsWith("Usage: dbagent " + cmd);
        }
    }
}

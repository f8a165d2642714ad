package io.dbagent.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./dbagent} launcher over the jar the build just made: its class-data archive and its output. */
class LauncherScriptIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<String>();
        cmd.add(Path.of("dbagent").toAbsolutePath().toString());
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void theFirstRunRecordsAClassArchiveThatLaterRunsUseWithTheSameOutput() throws Exception {
        Path jsa = Path.of("target", "dbagent.jsa");
        Files.deleteIfExists(jsa);
        Run off = run(Map.of("DBAGENT_CDS", "0"), "--help");
        assertThat(off.exit()).as(off.err()).isZero();
        assertThat(jsa).as("DBAGENT_CDS=0 writes no archive").doesNotExist();

        Run first = run(Map.of(), "--help");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(jsa).exists();
        assertThat(Files.size(jsa)).isGreaterThan(100_000);
        try (var files = Files.list(Path.of("target"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("dbagent.jsa."));
        }
        Run second = run(Map.of(), "--help");
        assertThat(second.exit()).isZero();
        // the archive changes nothing a user sees: same output, nothing on stderr
        assertThat(second.out()).isEqualTo(off.out()).isEqualTo(first.out()).contains("Usage: dbagent");
        assertThat(first.err() + second.err()).isEmpty();
        // exit codes pass through the recording run too
        Files.deleteIfExists(jsa);
        Run bad = run(Map.of(), "inspect", "--db", "/nonexistent/x.db");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("dbagent: SQLite database file not found");
    }
}

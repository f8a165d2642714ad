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
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
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
        // the training run covered the common paths, not only the command that ran first (--help): inspect of a
        // SQLite file and the MCP server map their classes from the archive
        Path db = Files.createTempFile("launcher", ".db");
        Path log = Files.createTempFile("launcher", ".classes");
        try {
            Run inspect = run(Map.of("DBAGENT_JAVA_OPTS", "-Xlog:class+load:file=" + log), "inspect", "--db", "sqlite:" + db);
            assertThat(inspect.exit()).as(inspect.err()).isZero();
            assertThat(Files.readString(log)).containsPattern("io\\.dbagent\\.cli\\.InspectCommand source: shared objects file")
                    .containsPattern("org\\.sqlite\\.JDBC source: shared objects file");
            // memory search too (the training run searched a memory directory of its own)
            Path memory = Files.createTempDirectory("launcher-memory");
            Run search = run(Map.of("DBAGENT_JAVA_OPTS", "-Xlog:class+load:file=" + log, "DBAGENT_MEMORY_DIR",
                    memory.toString()), "memory", "search", "index");
            assertThat(search.exit()).as(search.err()).isZero();
            assertThat(search.out()).isNotBlank();
            assertThat(Files.readString(log)).containsPattern("io\\.dbagent\\.memory\\.MemoryStore source: shared objects file");
            try (var files = Files.walk(memory)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            Run mcp = run(Map.of("DBAGENT_JAVA_OPTS", "-Xlog:class+load:file=" + log), "mcp", "--db", "sqlite:" + db);
            assertThat(mcp.exit()).as(mcp.err()).isZero();
            assertThat(Files.readString(log)).containsPattern("io\\.dbagent\\.mcp\\.McpToolCatalog source: shared objects file")
                    .containsPattern("io\\.dbagent\\.mcp\\.McpStdioServer source: shared objects file");
        } finally {
            Files.deleteIfExists(db);
            Files.deleteIfExists(log);
        }
        // a jar newer than the archive (a rebuild) gets a new training run
        long recorded = Files.getLastModifiedTime(jsa).toMillis();
        Files.setLastModifiedTime(Path.of("target", "dbagent.jar"), java.nio.file.attribute.FileTime.fromMillis(recorded + 1));
        Run afterBuild = run(Map.of(), "--help");
        assertThat(afterBuild.out()).isEqualTo(off.out());
        assertThat(Files.getLastModifiedTime(jsa).toMillis()).isGreaterThan(recorded + 1);
        // exit codes pass through the recording run too
        Files.deleteIfExists(jsa);
        Run bad = run(Map.of(), "inspect", "--db", "/nonexistent/x.db");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("dbagent: SQLite database file not found");
    }

    @Test
    void theVersionIsTheProjectVersionFromTheJarManifest() throws Exception {
        String version = System.getProperty("dbagent.project.version");
        assertThat(version).as("set by the build (failsafe)").isNotBlank();
        Run v = run(Map.of(), "--version");
        assertThat(v.exit()).as(v.err()).isZero();
        // with the commit when the build ran in a git checkout, as this one does
        assertThat(v.out()).startsWith("dbagent " + version + " (commit ").doesNotContain("development build")
                .containsPattern("\\(commit [0-9a-f]{7,40}(-dirty)?\\)\n").contains("\nJava ");
    }
}

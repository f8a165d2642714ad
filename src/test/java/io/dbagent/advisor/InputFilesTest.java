package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.cli.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workload and log files: a size limit checked at once, progress on stderr, and no quadratic parsing. */
class InputFilesTest {

    @AfterEach
    void resetProgress() {
        InputFiles.progressEveryMs = 2_000;
    }

    @Test
    void aFileOverTheLimitIsOneLineAndExitTwoAtOnce(@TempDir Path dir) throws Exception {
        Path big = statements(dir.resolve("big.sql"), 50_000_000);
        for (String option : new String[]{"--workload", "--log"}) {
            var r = CliRunner.run("advise", "--db", dir.resolve("none.db").toString(), option, big.toString());
            assertThat(r.exit()).isEqualTo(2);
            // refused before reading: one line, no "reading workload" progress, no database opened
            assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("reading ").startsWith("dbagent: ")
                    .contains("is 50.0 MB, over the limit of 20 MB").contains("--max-input-mb");
            assertThat(dir.resolve("none.db")).doesNotExist();
        }
        // the limit can be lowered (and raised) per run
        Path small = statements(dir.resolve("small.sql"), 2_000_000);
        var r = CliRunner.run("advise", "--db", dir.resolve("none.db").toString(), "--workload", small.toString(),
                "--max-input-mb", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("over the limit of 1 MB");
        assertThatThrownBy(() -> InputFiles.read(small, "workload", 0)).isInstanceOf(DbAgentException.class)
                .hasMessage("--max-input-mb must be at least 1");
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("missing.sql"), "workload", 20))
                .hasMessage("workload file not found: " + dir.resolve("missing.sql"));
    }

    @Test
    void fifteenMegabytesParseWithProgress(@TempDir Path dir) throws Exception {
        InputFiles.progressEveryMs = 100;
        Path file = statements(dir.resolve("w.sql"), 15_000_000);
        StringWriter err = new StringWriter();
        // the parse is held for at least three progress periods, so the progress lines are due however fast it is
        Workload w = InputFiles.parse(file, "workload", 20, new PrintWriter(err, true), text -> {
            Workload parsed = Workload.parse(file.toString(), text);
            try {
                Thread.sleep(350);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return parsed;
        }, x -> x.statements().size());
        assertThat(w.statements()).hasSizeGreaterThan(150_000);
        assertThat(err.toString()).containsPattern("reading workload: 15\\.0 MB, \\d+ s")
                .containsPattern("read workload: 15\\.0 MB, [0-9,]+ statements in [0-9.]+ s");
        assertThat(err.toString().lines()).allMatch(l -> l.startsWith("reading workload: ") || l.startsWith("read workload: "));

        // the same as a query log (one statement per line)
        StringWriter logErr = new StringWriter();
        QueryLog log = InputFiles.parse(file, "query log", 20, new PrintWriter(logErr, true),
                text -> QueryLog.parse(file.toString(), text), q -> q.entries().size());
        assertThat(log.entries()).hasSizeGreaterThan(150_000);
    }

    @Test
    void oneHugeStatementIsNotQuadratic(@TempDir Path dir) throws Exception {
        // one 8 MB INSERT: splitting used to copy the statement so far at every character
        Path file = dir.resolve("one.sql");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("INSERT INTO t (a, b) VALUES ");
            for (int i = 0; i < 400_000; i++) {
                w.write((i == 0 ? "" : ", ") + "(" + i + ", 'x" + i + "')");
            }
            w.write(";\n");
        }
        long t0 = System.nanoTime();
        Workload w = InputFiles.parse(file, "workload", 20, new PrintWriter(new StringWriter()),
                text -> Workload.parse(file.toString(), text), x -> x.statements().size());
        assertThat(w.statements()).hasSize(1);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    }

    /** A workload of at least {@code bytes} bytes, one short SELECT per line. */
    private static Path statements(Path file, long bytes) throws Exception {
        long written = 0;
        int i = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < bytes) {
                String line = "SELECT id, name FROM customers WHERE id = " + (i++) + " AND status = 'open';\n";
                w.write(line);
                written += line.length();
            }
        }
        return file;
    }
}

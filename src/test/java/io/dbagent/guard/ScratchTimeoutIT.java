package io.dbagent.guard;

import io.dbagent.cli.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --timeout} of the commands that run untrusted scripts on a scratch database: an endless statement in a
 * migration file is cancelled at the limit, and the run says so, instead of holding the command for 30 s or forever.
 */
class ScratchTimeoutIT {

    private static final String ENDLESS = "CREATE TABLE endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
            + "SELECT n + 1 FROM r) SELECT count(*) AS c FROM r;\n";

    @Test
    void migrateTestCancelsAnEndlessStatementAtTheLimit(@TempDir Path dir) throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__endless.sql"), ENDLESS);
        Files.writeString(migrations.resolve("U1__endless.sql"), "DROP TABLE endless;\n");
        long t0 = System.nanoTime();
        CliRunner.Result r = CliRunner.run("migrate", "test", "--dir", migrations.toString(), "--timeout", "2");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("did not finish within 2 s");
        assertThat(seconds).as("answered near the limit, not at the 30 s default").isLessThan(20);
    }

    @Test
    void diffCancelsAnEndlessStatementOfASchemaFileAtTheLimit(@TempDir Path dir) throws Exception {
        Path from = Files.writeString(dir.resolve("a.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
        Path to = Files.writeString(dir.resolve("b.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY);\n" + ENDLESS);
        long t0 = System.nanoTime();
        CliRunner.Result r = CliRunner.run("diff", "--from", from.toString(), "--to", to.toString(), "--dialect",
                "sqlite", "--timeout", "2");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("did not finish within 2 s");
        assertThat(seconds).as("answered near the limit, not at the 30 s default").isLessThan(20);
    }
}

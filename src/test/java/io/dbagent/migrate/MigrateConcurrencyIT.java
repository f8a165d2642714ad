package io.dbagent.migrate;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static io.dbagent.migrate.MigrationFixtures.history;
import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code dbagent migrate up} processes (separate JVMs, started together) on one database: each migration is
 * applied exactly once, neither process fails. The first migration sleeps, so the two runs overlap.
 */
class MigrateConcurrencyIT {

    @TempDir
    Path tmp;

    private static String slowStatement(DialectKind d) {
        return switch (d) {
            case POSTGRES -> "SELECT pg_sleep(1.5);";
            case MYSQL -> "DO SLEEP(1.5);";
            // SQLite has no sleep: count to a few million instead
            case SQLITE -> "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c;";
        };
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void twoConcurrentRunnersApplyEachMigrationOnce(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "migconc");
        try {
            if (d == DialectKind.SQLITE) {
                TestDatabases.exec(url, "CREATE TABLE placeholder (id INTEGER)");
            }
            Path dir = tmp.resolve("m");
            write(dir, "V1__slow.sql", "CREATE TABLE counter (n INTEGER);\n" + slowStatement(d)
                    + "\nINSERT INTO counter VALUES (1);\n");
            write(dir, "V2__more.sql", "INSERT INTO counter VALUES (2);\n");
            List<Process> runners = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runners.add(new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                        "io.dbagent.cli.Main", "migrate", "up", "--db", dbArg(url), "--dir", dir.toString(),
                        "--lock-timeout", "60").redirectErrorStream(true).start());
            }
            List<String> outputs = new ArrayList<>();
            for (Process p : runners) {
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("runner finished").isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                outputs.add(out);
                assertThat(p.exitValue()).as(out).isZero();
            }
            assertThat(history(url)).containsExactly("1 up ok", "2 up ok");
            assertThat(count(url, "SELECT count(*) FROM counter")).as("each INSERT ran once").isEqualTo(2);
            String all = String.join("\n", outputs);
            assertThat(all.split("V1__slow.sql\\s+applied", -1)).as("V1 applied by exactly one runner\n" + all).hasSize(2);
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

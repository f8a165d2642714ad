package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static io.dbagent.migrate.MigrationFixtures.history;
import static io.dbagent.migrate.MigrationFixtures.tableExists;
import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code migrate up|down|status|validate|repair} on real databases of each engine. */
class MigrateRunnerIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void appliesRevertsValidatesAndKeepsTheHistoryTruthful(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "migrun");
        try {
            Path dir = tmp.resolve("m");
            Path v1 = write(dir, "V1__customers.sql", MigrationFixtures.v1(d));
            write(dir, "U1__customers.sql", MigrationFixtures.u1(d));
            write(dir, "V2__tier.sql", MigrationFixtures.V2);
            write(dir, "U2__tier.sql", MigrationFixtures.u2(d));
            write(dir, "V3__data.sql", MigrationFixtures.V3);
            write(dir, "U3__data.sql", MigrationFixtures.U3);
            String db = dbArg(url);

            var up = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("V1__customers.sql", "V3__data.sql", d == DialectKind.MYSQL
                    ? "statement by statement (DDL auto-commits)" : "in a transaction");
            assertThat(history(url)).containsExactly("1 up ok", "2 up ok", "3 up ok");
            // the trigger body was not cut at its semicolons: it ran when V3 inserted an order
            assertThat(count(url, "SELECT orders_count FROM customers WHERE id = 1")).isEqualTo(1);
            var again = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(again.out()).contains("schema is up to date");

            var down = CliRunner.run("migrate", "down", "--db", db, "--dir", dir.toString(), "--steps", "2");
            assertThat(down.exit()).as(down.err()).isZero();
            assertThat(down.out()).contains("U3__data.sql", "U2__tier.sql", "reverted");
            assertThat(history(url)).containsExactly("1 up ok", "2 up ok", "3 up ok", "3 down ok", "2 down ok");
            assertThat(count(url, "SELECT count(*) FROM customers")).isZero();

            var status = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString(), "--format", "json");
            JsonNode st = Json.MAPPER.readTree(status.out());
            assertThat(st.get(0).get("state").asText()).isEqualTo("applied");
            assertThat(st.get(1).get("state").asText()).isEqualTo("pending");
            assertThat(st.get(1).get("detail").asText()).isEqualTo("reverted by U2__tier.sql");

            var toTwo = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString(), "--target", "2");
            assertThat(toTwo.exit()).isZero();
            assertThat(history(url)).endsWith("2 up ok");
            assertThat(CliRunner.run("migrate", "validate", "--db", db, "--dir", dir.toString()).exit()).isZero();

            // corrupt and unreadable files stop the command before it touches the database
            Files.write(dir.resolve("V4__corrupt.sql"), new byte[] {'S', 'E', 'L', (byte) 0xC3, (byte) 0x28});
            var corrupt = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(corrupt.exit()).isEqualTo(2);
            assertThat(corrupt.err()).contains("V4__corrupt.sql is corrupt: not UTF-8 text").doesNotContain("\tat ");
            Files.delete(dir.resolve("V4__corrupt.sql"));
            Files.createSymbolicLink(dir.resolve("V4__gone.sql"), tmp.resolve("nowhere.sql"));
            var dangling = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(dangling.exit()).isEqualTo(2);
            assertThat(dangling.err()).contains("cannot read migration", "V4__gone.sql", "does not exist");
            Files.delete(dir.resolve("V4__gone.sql"));
            assertThat(history(url)).hasSize(6);

            // an applied file that changed: validate fails, up refuses
            String original = Files.readString(v1);
            Files.writeString(v1, original + "\n-- edited after it ran\n");
            var invalid = CliRunner.run("migrate", "validate", "--db", db, "--dir", dir.toString(), "--format", "json");
            assertThat(invalid.exit()).isEqualTo(1);
            JsonNode finding = Json.MAPPER.readTree(invalid.out()).get("findings").get(0);
            assertThat(finding.get("id").asText()).isEqualTo("migration-checksum-mismatch");
            assertThat(finding.get("subject").asText()).isEqualTo("V1__customers.sql");
            var refused = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("V1__customers.sql changed after it was applied", "Nothing was run");
            Files.writeString(v1, original);

            // an applied file that is gone
            Files.delete(dir.resolve("V2__tier.sql"));
            Files.delete(dir.resolve("U2__tier.sql"));
            var missing = CliRunner.run("migrate", "validate", "--db", db, "--dir", dir.toString());
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.out()).contains("migration-file-missing", "V2__tier.sql");
        } finally {
            TestDatabases.drop(url);
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void aFailureHalfWayIsRecordedAsFarAsItGot(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "migfail");
        try {
            Path dir = tmp.resolve("f");
            write(dir, "V1__customers.sql", MigrationFixtures.v1(d));
            Path v2 = write(dir, "V2__three_tables.sql",
                    "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, broken NOSUCHTYPE(;\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n");
            String db = dbArg(url);
            var up = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(up.exit()).isEqualTo(2);
            assertThat(up.out()).contains("V1__customers.sql", "applied", "V2__three_tables.sql", "failed");
            assertThat(up.err()).startsWith("dbagent: V2__three_tables.sql").doesNotContain("\tat ");
            assertThat(tableExists(url, "c")).isFalse();
            if (d == DialectKind.MYSQL) {
                assertThat(up.err()).contains("failed at statement 2 of 3 (line 2)", "statements 1-1 stay applied",
                        "migrate repair");
                assertThat(tableExists(url, "a")).as("MySQL commits each DDL statement").isTrue();
                assertThat(history(url)).hasSize(2);
                assertThat(history(url).get(1)).startsWith("2 up FAILED: failed at statement 2 of 3 (line 2)");
                var status = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString());
                assertThat(status.out()).contains("failed");
                var blocked = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
                assertThat(blocked.exit()).isEqualTo(2);
                assertThat(blocked.err()).contains("failed half-way", "migrate repair");
                var validate = CliRunner.run("migrate", "validate", "--db", db, "--dir", dir.toString());
                assertThat(validate.exit()).isEqualTo(1);
                assertThat(validate.out()).contains("migration-failed");
                TestDatabases.exec(url, "DROP TABLE a");
                var repair = CliRunner.run("migrate", "repair", "--db", db, "--dir", dir.toString());
                assertThat(repair.out()).contains("removed 1 failed entry");
            } else {
                assertThat(up.err()).contains("statement 2 (line 2) failed", "rolled back", "history is unchanged");
                assertThat(tableExists(url, "a")).as("rolled back with the file").isFalse();
                assertThat(history(url)).containsExactly("1 up ok");
            }
            Files.writeString(v2, "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\n"
                    + "CREATE TABLE c (id INTEGER PRIMARY KEY);\n");
            var fixed = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(fixed.exit()).as(fixed.err()).isZero();
            assertThat(history(url)).containsExactly("1 up ok", "2 up ok");
            assertThat(tableExists(url, "c")).isTrue();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void postgresRunsConcurrentIndexFilesOutsideATransaction() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "migconc");
        try {
            Path dir = tmp.resolve("c");
            write(dir, "V1__customers.sql", MigrationFixtures.v1(DialectKind.POSTGRES));
            write(dir, "V2__index.sql", "CREATE INDEX CONCURRENTLY idx_customers_email ON customers (email);\n");
            var up = CliRunner.run("migrate", "up", "--db", dbArg(url), "--dir", dir.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("V2__index.sql", "outside a transaction");
            assertThat(count(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_customers_email'")).isEqualTo(1);
            assertThat(history(url)).containsExactly("1 up ok", "2 up ok");
        } finally {
            TestDatabases.drop(url);
        }
    }
}

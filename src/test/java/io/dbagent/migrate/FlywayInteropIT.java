package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static io.dbagent.migrate.MigrationFixtures.tableExists;
import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbagent and the real Flyway (Community, from Maven Central) on one database: each reads the other's history, neither
 * re-runs what the other applied, and Flyway's own validate/info accept what dbagent wrote.
 */
class FlywayInteropIT {

    @TempDir
    Path tmp;

    /** Flyway configured as a user of a dbagent directory would: its location, nothing else. */
    private static Flyway flyway(DbUrl url, Path dir) {
        return Flyway.configure().dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("filesystem:" + dir.toAbsolutePath()).load();
    }

    private static List<String> flywayRows(DbUrl url) throws Exception {
        List<String> out = new ArrayList<>();
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT version, type, script, checksum, success FROM flyway_schema_history"
                     + " ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getObject(4) + " "
                        + (rs.getBoolean(5) ? "ok" : "FAILED"));
            }
        }
        return out;
    }

    /**
     * Flyway's validate passes and info shows every row in a settled state: superseded is an earlier run of a
     * repeatable file, baseline-ignored a file at the baseline's version, as Flyway itself leaves them.
     */
    private static void assertFlywayAccepts(Flyway f) {
        ValidateResult v = f.validateWithResult();
        assertThat(v.validationSuccessful).as(String.valueOf(v.invalidMigrations)).isTrue();
        for (MigrationInfo i : f.info().all()) {
            assertThat(i.getState()).as(i.getScript()).isIn(MigrationState.SUCCESS, MigrationState.BASELINE,
                    MigrationState.BELOW_BASELINE, MigrationState.BASELINE_IGNORED, MigrationState.SUPERSEDED);
        }
    }

    private static String devDb(DialectKind d) {
        return (d == DialectKind.POSTGRES ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted();
    }

    private static Path only(Path dir, String regex) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(regex)).findFirst().orElseThrow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void flywayAppliesWhatDbagentGeneratedAndEachThenAcceptsTheOthersHistory(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "flyway");
        try {
            String db = dbArg(url);
            Path dir = tmp.resolve("migrations");
            String id = d == DialectKind.MYSQL ? "INT" : "INTEGER";
            Path target = Files.writeString(tmp.resolve("schema.sql"), "CREATE TABLE customers (id " + id
                    + " PRIMARY KEY, email VARCHAR(100) NOT NULL);\n");
            var gen = CliRunner.run("migrate", "generate", "customers", "--db", db, "--to", target.toString(),
                    "--dir", dir.toString(), "--dev-db", devDb(d));
            assertThat(gen.exit()).as(gen.err()).isZero();
            Path up = only(dir, "V\\d{14}__customers\\.sql");
            assertThat(only(dir, "U\\d{14}__customers\\.sql")).exists();
            // a file written on Windows: byte order mark and CRLF line ends, which Flyway's checksum ignores
            Files.write(dir.resolve("V99990101000000__seed.sql"), ("\uFEFF-- seed\r\nINSERT INTO customers (id, email)"
                    + " VALUES (1, 'a@x.org');\r\n\r\nINSERT INTO customers (id, email) VALUES (2, 'b@x.org');\r\n")
                    .getBytes(StandardCharsets.UTF_8));

            // (a) Flyway Community applies dbagent's directory: the U files are not migrations to it
            Flyway f = flyway(url, dir);
            assertThat(f.migrate().migrationsExecuted).isEqualTo(2);
            assertThat(count(url, "SELECT count(*) FROM customers")).isEqualTo(2);
            assertFlywayAccepts(f);
            List<String> afterFlyway = flywayRows(url);
            assertThat(afterFlyway).hasSize(2);
            // the checksum Flyway stored for each file is the one dbagent computes
            for (MigrationFile file : MigrationDirectory.scan(dir).migrations().stream().map(Migration::up).toList()) {
                assertThat(count(url, "SELECT checksum FROM flyway_schema_history WHERE script = '" + file.script() + "'"))
                        .as(file.script()).isEqualTo(file.flywayChecksum());
            }

            // dbagent reads Flyway's history: everything applied, nothing re-run, no table of its own
            var status = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString(), "--format", "json");
            assertThat(status.exit()).as(status.err()).isZero();
            JsonNode st = Json.MAPPER.readTree(status.out());
            assertThat(st).hasSize(2);
            st.forEach(e -> assertThat(e.get("state").asText()).as(e.toString()).isEqualTo("applied"));
            var again = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("using Flyway's history table flyway_schema_history", "schema is up to date");
            assertThat(flywayRows(url)).isEqualTo(afterFlyway);
            assertThat(count(url, "SELECT count(*) FROM customers")).isEqualTo(2);
            assertThat(tableExists(url, "dbagent_schema_history")).isFalse();

            // (b) dbagent applies new files into Flyway's history; Flyway validates them and has nothing left to do
            write(dir, "V99990102000000__tier.sql", "ALTER TABLE customers ADD COLUMN tier VARCHAR(10);\n");
            write(dir, "U99990102000000__tier.sql", "ALTER TABLE customers DROP COLUMN tier;\n");
            write(dir, "R__customer_emails.sql", (d == DialectKind.MYSQL ? "CREATE OR REPLACE" : "CREATE OR REPLACE")
                    + " VIEW customer_emails AS SELECT id, email FROM customers;\n");
            write(dir, "notes.sql", "-- scratch notes, not a migration\n");
            var apply = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(apply.exit()).as(apply.err()).isZero();
            assertThat(apply.out()).contains("V99990102000000__tier.sql", "R__customer_emails.sql",
                    "notes.sql: not a migration file name");
            assertThat(flywayRows(url)).hasSize(4);
            assertThat(count(url, "SELECT count(*) FROM customer_emails")).isEqualTo(2);
            assertFlywayAccepts(f);
            assertThat(f.migrate().migrationsExecuted).isZero();
            assertThat(flywayRows(url)).hasSize(4);

            // (c) a changed repeatable file runs again, once; Flyway agrees it is current
            write(dir, "R__customer_emails.sql", "CREATE OR REPLACE VIEW customer_emails AS SELECT id, email, tier"
                    + " FROM customers;\n");
            var outdated = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString());
            assertThat(outdated.out()).contains("outdated");
            var rerun = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(rerun.exit()).as(rerun.err()).isZero();
            assertThat(rerun.out()).contains("R__customer_emails.sql", "changed since it last ran");
            assertThat(flywayRows(url)).hasSize(5);
            assertThat(count(url, "SELECT count(*) FROM customer_emails WHERE tier IS NULL")).isEqualTo(2);
            assertFlywayAccepts(f);
            assertThat(Arrays.stream(f.info().all()).filter(i -> i.getVersion() == null)
                    .map(i -> i.getScript() + " " + i.getState()).toList())
                    .containsExactly("R__customer_emails.sql " + MigrationState.SUPERSEDED,
                            "R__customer_emails.sql " + MigrationState.SUCCESS);
            assertThat(f.migrate().migrationsExecuted).isZero();
            var steady = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(steady.out()).contains("schema is up to date");
            assertThat(flywayRows(url)).hasSize(5);

            // Flyway Community stops on undo rows ("Unknown migration type 'UNDO_SQL'"): dbagent writes none
            var down = CliRunner.run("migrate", "down", "--db", db, "--dir", dir.toString());
            assertThat(down.exit()).isEqualTo(2);
            assertThat(down.err()).contains("Flyway's history", "Nothing was reverted").doesNotContain("\tat ");
            assertThat(flywayRows(url)).hasSize(5);
            assertThat(count(url, "SELECT count(*) FROM customer_emails WHERE tier IS NULL")).isEqualTo(2);
            assertFlywayAccepts(f);
        } finally {
            TestDatabases.drop(url);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void baselineInFlywaysHistorySkipsWhatTheDatabaseAlreadyHas(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "flybase");
        try {
            String db = dbArg(url);
            TestDatabases.exec(url, "CREATE TABLE legacy (id INT PRIMARY KEY);\nINSERT INTO legacy VALUES (1);\n");
            Path dir = tmp.resolve("m");
            write(dir, "V1__legacy.sql", "CREATE TABLE legacy (id INT PRIMARY KEY);\n");
            write(dir, "V2__more.sql", "INSERT INTO legacy VALUES (2);\n");

            var base = CliRunner.run("migrate", "baseline", "--version", "1", "--history", "flyway", "--db", db,
                    "--dir", dir.toString());
            assertThat(base.exit()).as(base.err()).isZero();
            assertThat(flywayRows(url)).containsExactly("1 BASELINE << Flyway Baseline >> null ok");
            var twice = CliRunner.run("migrate", "baseline", "--version", "1", "--history", "flyway", "--db", db);
            assertThat(twice.exit()).isEqualTo(2);
            assertThat(twice.err()).contains("cannot baseline", "already has 1 row").doesNotContain("\tat ");

            var status = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString(), "--format", "json");
            JsonNode st = Json.MAPPER.readTree(status.out());
            assertThat(st.get(0).get("state").asText()).isEqualTo("baselined");
            assertThat(st.get(1).get("state").asText()).isEqualTo("pending");
            var up = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("V2__more.sql").doesNotContain("V1__legacy.sql");
            assertThat(count(url, "SELECT count(*) FROM legacy")).isEqualTo(2);
            Flyway f = flyway(url, dir);
            assertFlywayAccepts(f);
            assertThat(f.migrate().migrationsExecuted).isZero();
            assertThat(Arrays.stream(f.info().all()).map(i -> i.getVersion() + " " + i.getState()).toList())
                    .containsExactlyInAnyOrder("1 " + MigrationState.BASELINE, "1 " + MigrationState.BASELINE_IGNORED,
                            "2 " + MigrationState.SUCCESS);

            // with both histories present, auto keeps dbagent's and says so
            var ours = CliRunner.run("migrate", "baseline", "--version", "2", "--history", "dbagent", "--db", db);
            assertThat(ours.exit()).as(ours.err()).isZero();
            var both = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString());
            assertThat(both.out()).contains("history in dbagent_schema_history",
                    "both dbagent_schema_history and Flyway's flyway_schema_history exist: using dbagent's");
            assertThat(flywayRows(url)).hasSize(2);
        } finally {
            TestDatabases.drop(url);
        }
    }
}

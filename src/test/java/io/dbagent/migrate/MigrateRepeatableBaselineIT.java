package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static io.dbagent.migrate.MigrationFixtures.history;
import static io.dbagent.migrate.MigrationFixtures.tableExists;
import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code migrate baseline} and repeatable {@code R__} files in dbagent's own history, on each engine. */
class MigrateRepeatableBaselineIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void baselineSkipsWhatExistsAndRepeatablesRunAgainOnlyWhenChanged(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "migrep");
        try {
            String db = dbArg(url);
            TestDatabases.exec(url, "CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(20));\n"
                    + "INSERT INTO legacy VALUES (1, 'a');\n");
            Path dir = tmp.resolve("m");
            write(dir, "V1__legacy.sql", "CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(20));\n");
            write(dir, "V2__more.sql", "INSERT INTO legacy VALUES (2, 'b');\n");
            write(dir, "U2__more.sql", "DELETE FROM legacy WHERE id = 2;\n");
            write(dir, "R__legacy_names.sql", "DROP VIEW IF EXISTS legacy_names;\n"
                    + "CREATE VIEW legacy_names AS SELECT name FROM legacy;\n");
            write(dir, "seed_data.sql", "INSERT INTO legacy VALUES (99, 'never');\n");

            var base = CliRunner.run("migrate", "baseline", "--version", "1", "--db", db);
            assertThat(base.exit()).as(base.err()).isZero();
            assertThat(base.out()).contains("history in dbagent_schema_history", "baselined");
            assertThat(history(url)).containsExactly("1 baseline ok");
            assertThat(tableExists(url, "flyway_schema_history")).isFalse();

            var status = CliRunner.run("migrate", "status", "--db", db, "--dir", dir.toString(), "--format", "json");
            JsonNode st = Json.MAPPER.readTree(status.out());
            assertThat(st.get(0).get("state").asText()).isEqualTo("baselined");
            assertThat(st.get(1).get("state").asText()).isEqualTo("pending");
            assertThat(st.get(2).get("script").asText()).isEqualTo("R__legacy_names.sql");
            assertThat(st.get(2).has("version")).isFalse();
            assertThat(st.get(2).get("state").asText()).isEqualTo("pending");

            var up = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            assertThat(up.out()).contains("V2__more.sql", "R__legacy_names.sql",
                    "seed_data.sql: not a migration file name").doesNotContain("V1__legacy.sql");
            assertThat(history(url)).containsExactly("1 baseline ok", "2 up ok", " repeatable ok");
            assertThat(count(url, "SELECT count(*) FROM legacy_names")).isEqualTo(2);
            assertThat(count(url, "SELECT count(*) FROM legacy WHERE id = 99")).isZero();

            var steady = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(steady.out()).contains("schema is up to date");
            assertThat(history(url)).hasSize(3);

            write(dir, "R__legacy_names.sql", "DROP VIEW IF EXISTS legacy_names;\n"
                    + "CREATE VIEW legacy_names AS SELECT name FROM legacy WHERE id > 1;\n");
            var rerun = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(rerun.exit()).as(rerun.err()).isZero();
            assertThat(rerun.out()).contains("changed since it last ran");
            assertThat(history(url)).containsExactly("1 baseline ok", "2 up ok", " repeatable ok", " repeatable ok");
            assertThat(count(url, "SELECT count(*) FROM legacy_names")).isEqualTo(1);

            // the baseline is not reverted; the version above it is
            var down = CliRunner.run("migrate", "down", "--db", db, "--dir", dir.toString(), "--steps", "2");
            assertThat(down.exit()).isEqualTo(2);
            assertThat(down.err()).contains("cannot revert version 1", "baseline").doesNotContain("\tat ");
            assertThat(count(url, "SELECT count(*) FROM legacy")).isEqualTo(2);
            var one = CliRunner.run("migrate", "down", "--db", db, "--dir", dir.toString());
            assertThat(one.exit()).as(one.err()).isZero();
            assertThat(count(url, "SELECT count(*) FROM legacy")).isEqualTo(1);

            var twice = CliRunner.run("migrate", "baseline", "--version", "3", "--db", db);
            assertThat(twice.exit()).isEqualTo(2);
            assertThat(twice.err()).contains("cannot baseline: dbagent_schema_history already has 5 rows");
            var bad = CliRunner.run("migrate", "baseline", "--version", "v1; drop", "--db", db);
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--version must be a migration version");
            var badHistory = CliRunner.run("migrate", "status", "--history", "liquibase", "--db", db, "--dir",
                    dir.toString());
            assertThat(badHistory.exit()).isEqualTo(2);
            assertThat(badHistory.err()).contains("--history must be flyway, dbagent or auto");
            assertThat(history(url)).hasSize(5);
        } finally {
            TestDatabases.drop(url);
        }
    }
}

package io.dbagent.migrate;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate new} and {@code migrate generate} on each engine: the generated pair brings the live database to
 * the wanted schema (a re-diff finds nothing), its header names the hazards, and its down restores the original.
 */
class MigrateGenerateIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void generatedPairReachesTheTargetAndComesBack(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "miggen");
        try {
            String id = d == DialectKind.MYSQL ? "INT" : "INTEGER";
            TestDatabases.exec(url, "CREATE TABLE customers (id " + id + " PRIMARY KEY, email VARCHAR(100) NOT NULL, legacy VARCHAR(10));\n"
                    + "INSERT INTO customers VALUES (1, 'a@x.org', 'x'), (2, 'b@x.org', NULL);\n");
            Path target = Files.writeString(tmp.resolve("schema.sql"),
                    "CREATE TABLE customers (id " + id + " PRIMARY KEY, email VARCHAR(200) NOT NULL, legacy VARCHAR(10), "
                            + "tier VARCHAR(10) DEFAULT 'basic');\nCREATE INDEX idx_customers_email ON customers (email);\n");
            Path dir = tmp.resolve("migrations");
            String[] dev = d == DialectKind.SQLITE ? new String[0] : new String[] {"--dev-db",
                    (d == DialectKind.POSTGRES ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted()};
            String db = dbArg(url);

            var gen = CliRunner.run(concat(new String[] {"migrate", "generate", "add tier!", "--db", db, "--to",
                    target.toString(), "--dir", dir.toString()}, dev));
            assertThat(gen.exit()).as(gen.err()).isZero();
            assertThat(gen.out()).contains("created ", "__add_tier.sql");
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            }
            assertThat(files).hasSize(2);
            String up = Files.readString(files.get(1));
            assertThat(files.get(1).getFileName().toString()).matches("V\\d{14}__add_tier\\.sql");
            // SQLite rebuilds the table, in a BEGIN … COMMIT batch where each statement starts with ';'
            assertThat(up).contains("-- from: ", "-- hazards:", d == DialectKind.SQLITE
                    ? "\n; CREATE INDEX idx_customers_email ON customers (email)\n"
                    : "CREATE INDEX idx_customers_email ON customers (email);");
            if (d == DialectKind.POSTGRES) {
                assertThat(up).contains("lint create-index-blocking (info)");
            }

            var apply = CliRunner.run("migrate", "up", "--db", db, "--dir", dir.toString());
            assertThat(apply.exit()).as(apply.err()).isZero();
            var diff = CliRunner.run(concat(new String[] {"diff", "--from", db, "--to", target.toString()}, dev));
            assertThat(diff.exit()).as(diff.out()).isZero();
            assertThat(count(url, "SELECT count(*) FROM customers WHERE tier = 'basic'")).isEqualTo(2);

            var nothing = CliRunner.run(concat(new String[] {"migrate", "generate", "again", "--db", db, "--to",
                    target.toString(), "--dir", dir.toString()}, dev));
            assertThat(nothing.out()).contains("no differences");

            var down = CliRunner.run("migrate", "down", "--db", db, "--dir", dir.toString());
            assertThat(down.exit()).as(down.err()).isZero();
            var fresh = CliRunner.run("migrate", "new", "backfill", "--dir", dir.toString());
            assertThat(fresh.out()).contains("V", "__backfill.sql", "U");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.count()).isEqualTo(4);
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}

package io.dbagent.migrate;

import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.Dialects;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.testsupport.TestDatabases;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.count;
import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase itself (liquibase-core from Maven Central) runs {@code update} and {@code rollback} on the formatted-SQL
 * changelog {@code migrate generate --format liquibase} wrote: the schema it reaches equals what {@code dbagent
 * migrate up} reaches with the Flyway pair on another database, and its rollback restores the start. dbagent then
 * runs the same changelog itself (up, status, down, lint), reading it as a migrations directory.
 */
class LiquibaseInteropIT {

    /** Tables the tools keep their history in: not part of the user's schema. */
    private static final Set<String> HISTORY = Set.of("databasechangelog", "databasechangeloglock",
            "dbagent_schema_history", "dbagent_schema_history_lock");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void liquibaseUpdateAndRollbackMatchDbagent(DialectKind d) throws Exception {
        DbUrl a = TestDatabases.create(d, "lbi_a");
        DbUrl b = TestDatabases.create(d, "lbi_b");
        DbUrl c = TestDatabases.create(d, "lbi_c");
        try {
            String start = "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL);\n"
                    + "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2));\n"
                    + "INSERT INTO customers VALUES (1, 'a@x.org'), (2, 'b@x.org');\n"
                    + "INSERT INTO orders VALUES (10, 1, 5.00);\n";
            for (DbUrl u : List.of(a, b, c)) {
                TestDatabases.exec(u, start);
            }
            // a default holding ';' makes the changelog use Liquibase's '/' delimiter form
            Path target = Files.writeString(tmp.resolve("target.sql"), """
                    CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL,
                        tier VARCHAR(20) DEFAULT 'basic; monthly');
                    CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2),
                        CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));
                    CREATE INDEX idx_orders_customer ON orders (customer_id);
                    CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(500) NOT NULL,
                        CONSTRAINT notes_body_len CHECK (char_length(body) > 0));
                    """);
            String dev = (d == DialectKind.POSTGRES ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted();
            Path lbDir = tmp.resolve("liquibase");
            Path flywayDir = tmp.resolve("flyway");
            var genL = CliRunner.run("migrate", "generate", "add tier", "--db", dbArg(a), "--to", target.toString(),
                    "--dir", lbDir.toString(), "--dev-db", dev, "--format", "liquibase");
            assertThat(genL.exit()).as(genL.err()).isZero();
            var genF = CliRunner.run("migrate", "generate", "add tier", "--db", dbArg(a), "--to", target.toString(),
                    "--dir", flywayDir.toString(), "--dev-db", dev);
            assertThat(genF.exit()).as(genF.err()).isZero();
            Path changelog = only(lbDir);
            assertThat(changelog.getFileName().toString()).matches("\\d{14}__add_tier\\.sql");
            assertThat(genL.out()).containsOnlyOnce("created ").contains(changelog.getFileName().toString());
            String text = Files.readString(changelog);
            assertThat(text).startsWith("--liquibase formatted sql\n").contains("--changeset dbagent:", "--rollback ",
                    "endDelimiter:");

            Schema startModel = userSchema(c);
            // Liquibase names its table in upper case on MySQL/MariaDB, where table names are case-sensitive
            String changelogTable = d == DialectKind.MYSQL ? "DATABASECHANGELOG" : "databasechangelog";

            // Liquibase applies the changelog on A; dbagent applies the Flyway pair on B
            liquibase(a, lbDir, changelog, null);
            var up = CliRunner.run("migrate", "up", "--db", dbArg(b), "--dir", flywayDir.toString());
            assertThat(up.exit()).as(up.err()).isZero();
            Schema afterLiquibase = userSchema(a);
            assertThat(afterLiquibase.table("notes")).isPresent();
            assertThat(afterLiquibase.table("customers").orElseThrow().columns()).extracting(col -> col.name())
                    .contains("tier");
            assertThat(SchemaDiff.diff(afterLiquibase, userSchema(b)).changes()).isEmpty();
            assertThat(count(a, "SELECT count(*) FROM " + changelogTable)).isEqualTo(1);
            assertThat(count(a, "SELECT count(*) FROM customers WHERE tier = 'basic; monthly'")).isEqualTo(2);

            // dbagent runs the changelog itself on C: the same schema, recorded in its history
            var upL = CliRunner.run("migrate", "up", "--db", dbArg(c), "--dir", lbDir.toString());
            assertThat(upL.exit()).as(upL.err() + upL.out()).isZero();
            assertThat(SchemaDiff.diff(userSchema(c), afterLiquibase).changes()).isEmpty();
            String version = changelog.getFileName().toString().substring(0, 14);
            assertThat(MigrationFixtures.history(c)).anyMatch(h -> h.startsWith(version + " ") && h.endsWith(" ok"));
            var status = CliRunner.run("migrate", "status", "--db", dbArg(c), "--dir", lbDir.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains(version).doesNotContainIgnoringCase("pending");
            var lint = CliRunner.run("migrate", "lint", "--dir", lbDir.toString(), "--dialect", d.id());
            assertThat(lint.err()).isEmpty();
            assertThat(lint.out()).contains(changelog.getFileName().toString());

            // Liquibase's rollback and dbagent's down both come back to the start
            liquibase(a, lbDir, changelog, 1);
            assertThat(SchemaDiff.diff(userSchema(a), startModel).changes()).isEmpty();
            assertThat(count(a, "SELECT count(*) FROM " + changelogTable)).isZero();
            assertThat(count(a, "SELECT count(*) FROM customers")).isEqualTo(2);
            var down = CliRunner.run("migrate", "down", "--db", dbArg(c), "--dir", lbDir.toString());
            assertThat(down.exit()).as(down.err()).isZero();
            assertThat(SchemaDiff.diff(userSchema(c), startModel).changes()).isEmpty();
            assertThat(count(c, "SELECT count(*) FROM orders")).isEqualTo(1);
        } finally {
            TestDatabases.drop(a);
            TestDatabases.drop(b);
            TestDatabases.drop(c);
        }
    }

    /** {@code migrate test} and {@code migrate lint} read a hand-written changelog with several changesets. */
    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void migrateTestRoundTripsAHandWrittenChangelog(DialectKind d) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("changelog"));
        Files.writeString(dir.resolve("changelog.sql"), """
                --liquibase formatted sql

                --changeset alice:create-customers
                --comment: customers first
                CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(200) NOT NULL);
                --rollback DROP TABLE customers;

                --changeset alice:create-orders
                CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
                    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));
                CREATE INDEX idx_orders_customer ON orders (customer_id);
                /* liquibase rollback
                DROP TABLE orders;
                */

                --changeset bob:add-note
                ALTER TABLE orders ADD COLUMN note VARCHAR(100) DEFAULT 'none';
                --rollback ALTER TABLE orders DROP COLUMN note;
                """);
        String dev = (d == DialectKind.POSTGRES ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted();
        var test = CliRunner.run("migrate", "test", "--dir", dir.toString(), "--dev-db", dev);
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).containsPattern("(?m)^\\s+1\\s+changelog\\.sql\\s+ok")
                .containsPattern("(?m)^\\s+3\\s+changelog\\.sql\\s+ok");
        var lint = CliRunner.run("migrate", "lint", "--dir", dir.toString(), "--dialect", d.id(), "--format", "json");
        assertThat(lint.exit()).as(lint.err()).isZero();
        // three changesets, four statements; every changeset has its rollback, so none lacks a down
        assertThat(lint.out().replace(" ", "")).contains("\"files\":3", "\"statements\":4")
                .doesNotContain("missing-down-migration");
    }

    /** Runs Liquibase's update, or its rollback of the last {@code rollbackCount} changesets. */
    @SuppressWarnings("deprecation") // the Liquibase facade is the smallest way to drive both commands from Java
    private static void liquibase(DbUrl url, Path dir, Path changelog, Integer rollbackCount) throws Exception {
        try (DbSession s = TestDatabases.writable(url)) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(s.connection()));
            Liquibase lb = new Liquibase(changelog.getFileName().toString(), new DirectoryResourceAccessor(dir), db);
            if (rollbackCount == null) {
                lb.update("");
            } else {
                lb.rollback(rollbackCount, "");
            }
        }
    }

    /** The inspected schema without the history tables of Liquibase and dbagent. */
    private static Schema userSchema(DbUrl url) {
        try (DbSession s = TestDatabases.writable(url)) {
            Schema m = Dialects.inspect(s);
            return new Schema(m.dialect(), m.product(), m.serverVersion(), m.database(), m.schemas(),
                    m.tables().stream().filter(t -> !HISTORY.contains(t.name().toLowerCase(Locale.ROOT))).toList(),
                    m.views(), m.triggers(), m.sequences(), m.enums());
        }
    }

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            return files.get(0);
        }
    }
}

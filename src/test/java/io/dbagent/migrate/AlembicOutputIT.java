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
import java.util.Map;
import java.util.stream.Stream;

import static io.dbagent.migrate.MigrationFixtures.dbArg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate generate --format alembic} on each engine: the revision module compiles with {@code python3 -m
 * py_compile}, its {@code op.execute} strings (read back with Python's {@code ast}) are exactly the statements of the
 * Flyway pair generated for the same change, and a second revision chains to the first.
 */
class AlembicOutputIT {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void alembicRevisionRunsTheStatementsOfTheFlywayPair(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "alembic");
        try {
            TestDatabases.exec(url, "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL);\n");
            Path target = Files.writeString(tmp.resolve("target.sql"), """
                    CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL,
                        note VARCHAR(40) DEFAULT 'it''s "quoted" \\\\ here');
                    CREATE INDEX idx_customers_email ON customers (email);
                    """);
            String[] dev = d == DialectKind.SQLITE ? new String[0] : new String[] {"--dev-db",
                    (d == DialectKind.POSTGRES ? TestDatabases.pgServer() : TestDatabases.mysqlServer()).redacted()};
            Path flyway = tmp.resolve("flyway");
            Path alembic = tmp.resolve("alembic");
            for (String[] args : List.of(new String[] {"--dir", flyway.toString()},
                    new String[] {"--dir", alembic.toString(), "--format", "alembic"})) {
                var gen = CliRunner.run(Stream.of(new String[] {"migrate", "generate", "add note", "--db", dbArg(url),
                        "--to", target.toString()}, args, dev).flatMap(Stream::of).toArray(String[]::new));
                assertThat(gen.exit()).as(gen.err()).isZero();
            }
            List<Path> pair = list(flyway);
            Path up = pair.stream().filter(p -> p.getFileName().toString().startsWith("V")).findFirst().orElseThrow();
            Path down = pair.stream().filter(p -> p.getFileName().toString().startsWith("U")).findFirst().orElseThrow();
            Path module = list(alembic).get(0);
            assertThat(module.getFileName().toString()).matches("\\d{14}_add_note\\.py");

            Map<?, ?> parsed = MigrationFormatTest.python(module);
            List<String> upStatements = AlembicRevisionWriter.statements(Files.readString(up));
            assertThat(upStatements).hasSizeGreaterThanOrEqualTo(2);
            assertThat(upStatements).anyMatch(s -> s.contains("\"quoted\""));
            assertThat(parsed.get("upgrade")).isEqualTo(upStatements);
            assertThat(parsed.get("downgrade")).isEqualTo(AlembicRevisionWriter.statements(Files.readString(down)));
            assertThat(parsed.get("down_revision")).isNull();

            Path target2 = Files.writeString(tmp.resolve("target2.sql"), Files.readString(target)
                    + "CREATE TABLE tags (id INT PRIMARY KEY);\n");
            TestDatabases.exec(url, "ALTER TABLE customers ADD COLUMN note VARCHAR(40);\n");
            var next = CliRunner.run(Stream.of(new String[] {"migrate", "generate", "add tags", "--db", dbArg(url),
                    "--to", target2.toString(), "--dir", alembic.toString(), "--format", "alembic"}, dev)
                    .flatMap(Stream::of).toArray(String[]::new));
            assertThat(next.exit()).as(next.err()).isZero();
            Path second = list(alembic).stream().filter(p -> p.toString().endsWith("_add_tags.py")).findFirst()
                    .orElseThrow();
            assertThat(MigrationFormatTest.python(second).get("down_revision"))
                    .isEqualTo(module.getFileName().toString().substring(0, 14));
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).sorted().toList();
        }
    }
}

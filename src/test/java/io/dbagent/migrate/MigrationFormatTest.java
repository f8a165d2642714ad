package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three formats of a generated migration hold the same SQL: the Alembic module compiles with Python and its
 * {@code op.execute} strings (read back with Python's own parser) are the statements of the Flyway pair; the Liquibase
 * changelog, read back as dbagent reads a directory, gives the pair's up and down.
 */
class MigrationFormatTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** Statements that a naive writer gets wrong: quotes, backslashes, triple quotes, a dollar-quoted body. */
    private static final String UP = """
            -- add-column customers.tier
            ALTER TABLE customers ADD COLUMN tier varchar(10) DEFAULT 'it''s "basic"';

            -- create-view v
            CREATE VIEW v AS SELECT E'a\\\\b\\n' AS s, '\"\"\"' AS q, 'tab\there' AS t, 'ünï' AS u;

            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN
              RETURN 1;
            END;
            $$;
            """;
    private static final String DOWN = """
            DROP FUNCTION f();
            DROP VIEW v;
            -- drop-column customers.tier
            ALTER TABLE customers DROP COLUMN tier;
            """;

    @TempDir
    Path tmp;

    @Test
    void alembicModuleCompilesAndExecutesTheStatementsOfTheFlywayPair() throws Exception {
        Path flyway = tmp.resolve("flyway");
        Path alembic = tmp.resolve("alembic");
        MigrationWriter.Pair pair = MigrationFormat.FLYWAY.write(flyway, "add_tier", NOW, DialectKind.POSTGRES,
                List.of("1 change(s)"), UP, DOWN);
        MigrationWriter.Pair rev = MigrationFormat.ALEMBIC.write(alembic, "add_tier", NOW, DialectKind.POSTGRES,
                List.of("1 change(s)", "hazards: none found"), UP, DOWN);
        assertThat(rev.up()).isEqualTo(rev.down());
        assertThat(rev.up().getFileName().toString()).isEqualTo("20260301100000_add_tier.py");

        Map<?, ?> parsed = python(rev.up());
        assertThat(parsed.get("revision")).isEqualTo("20260301100000");
        assertThat(parsed.get("down_revision")).isNull();
        List<String> upStatements = statementsOf(pair.up());
        assertThat(upStatements).hasSize(3);
        assertThat(parsed.get("upgrade")).isEqualTo(upStatements);
        assertThat(parsed.get("downgrade")).isEqualTo(statementsOf(pair.down()));
        assertThat((List<?>) parsed.get("upgrade")).element(1).asString().contains("E'a\\\\b\\n'", "'\"\"\"'", "ünï");
    }

    @Test
    void alembicRevisionsChainToTheHeadAndTwoHeadsAreRefused() throws Exception {
        Path dir = tmp.resolve("alembic");
        MigrationWriter.Pair first = MigrationFormat.ALEMBIC.write(dir, "one", NOW, DialectKind.POSTGRES, List.of(),
                "CREATE TABLE a (id int);", "DROP TABLE a;");
        // the same second: the version moves on, so the revision id stays unique
        MigrationWriter.Pair second = MigrationFormat.ALEMBIC.write(dir, "two", NOW, DialectKind.POSTGRES, List.of(),
                "CREATE TABLE b (id int);", "");
        assertThat(second.version()).isEqualTo("20260301100001");
        Map<?, ?> p = python(second.up());
        assertThat(p.get("down_revision")).isEqualTo(first.version());
        assertThat(p.get("downgrade")).isEqualTo(List.of());
        assertThat(Files.readString(second.up())).contains("def downgrade():\n    pass\n");

        // a hand-written revision (annotated, as Alembic 1.13's template writes them) branching off the first
        Files.writeString(dir.resolve("ab12cd34ef56_side.py"), """
                from typing import Sequence, Union
                revision: str = 'ab12cd34ef56'
                down_revision: Union[str, None] = '%s'
                def upgrade() -> None:
                    pass
                """.formatted(first.version()));
        assertThatThrownBy(() -> MigrationFormat.ALEMBIC.write(dir, "three", NOW, DialectKind.POSTGRES, List.of(),
                "SELECT 1;", "")).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("2 heads").hasMessageContaining("ab12cd34ef56").hasMessageContaining("alembic merge");
    }

    @Test
    void nonTransactionalStatementsRunInAnAutocommitBlock() throws Exception {
        MigrationWriter.Pair rev = MigrationFormat.ALEMBIC.write(tmp, "idx", NOW, DialectKind.POSTGRES, List.of(),
                "CREATE INDEX CONCURRENTLY i ON t (a);", "DROP INDEX CONCURRENTLY i;");
        assertThat(Files.readString(rev.up())).contains("""
                    with op.get_context().autocommit_block():
                        op.execute(\"\"\"CREATE INDEX CONCURRENTLY i ON t (a)\"\"\")
                """);
        assertThat(python(rev.up()).get("upgrade")).isEqualTo(List.of("CREATE INDEX CONCURRENTLY i ON t (a)"));
        MigrationWriter.Pair cs = MigrationFormat.LIQUIBASE.write(tmp.resolve("lb"), "idx", NOW, DialectKind.POSTGRES,
                List.of(), "CREATE INDEX CONCURRENTLY i ON t (a);", "DROP INDEX CONCURRENTLY i;");
        assertThat(Files.readString(cs.up())).contains("--changeset dbagent:20260301100000-idx runInTransaction:false\n");
        Migration m = MigrationDirectory.read(tmp.resolve("lb")).get(0);
        assertThat(Transactions.fileIsTransactional(DialectKind.POSTGRES, m.up().sql(),
                io.dbagent.sql.ScriptSplitter.splitWithLines(m.up().sql()))).isFalse();
    }

    @Test
    void liquibaseChangelogReadsBackAsTheFlywayPair() throws Exception {
        Path flyway = tmp.resolve("flyway");
        Path lb = tmp.resolve("lb");
        MigrationWriter.Pair pair = MigrationFormat.FLYWAY.write(flyway, "add_tier", NOW, DialectKind.POSTGRES,
                List.of(), UP, DOWN);
        MigrationWriter.Pair cs = MigrationFormat.LIQUIBASE.write(lb, "add_tier", NOW, DialectKind.POSTGRES,
                List.of("1 change(s)"), UP, DOWN);
        String text = Files.readString(cs.up());
        assertThat(cs.up().getFileName().toString()).isEqualTo("20260301100000__add_tier.sql");
        assertThat(text).startsWith("--liquibase formatted sql\n")
                .contains("--changeset dbagent:20260301100000-add_tier endDelimiter:")
                .contains("--rollback DROP FUNCTION f()\n--rollback /\n");
        List<Migration> read = MigrationDirectory.read(lb);
        assertThat(read).hasSize(1);
        Migration m = read.get(0);
        assertThat(m.version()).isEqualTo("20260301100000");
        assertThat(m.description()).isEqualTo("dbagent:20260301100000-add_tier");
        assertThat(AlembicRevisionWriter.statements(m.up().sql())).isEqualTo(statementsOf(pair.up()));
        assertThat(AlembicRevisionWriter.statements(m.down().sql())).isEqualTo(statementsOf(pair.down()));
    }

    @Test
    void plainChangelogKeepsSemicolonsAndEmptyDownSaysSo() throws Exception {
        MigrationWriter.Pair cs = MigrationFormat.LIQUIBASE.write(tmp, "add_t", NOW, DialectKind.MYSQL, List.of(),
                "-- create-table t\nCREATE TABLE t (id INT);\nCREATE INDEX i ON t (id);\n", "");
        String text = Files.readString(cs.up());
        assertThat(text).contains("--changeset dbagent:20260301100000-add_t\n-- create-table t\nCREATE TABLE t (id INT);\n"
                + "CREATE INDEX i ON t (id);\n--rollback empty\n").doesNotContain("endDelimiter");
        Migration m = MigrationDirectory.read(tmp).get(0);
        assertThat(AlembicRevisionWriter.statements(m.up().sql())).containsExactly("CREATE TABLE t (id INT)",
                "CREATE INDEX i ON t (id)");
        assertThat(m.down().sql()).isEmpty();
    }

    @Test
    void handWrittenChangelogGivesOneMigrationPerChangeset() throws Exception {
        Files.writeString(tmp.resolve("changelog.sql"), """
                --liquibase formatted sql

                --changeset alice:create-orders
                --comment: the orders table
                CREATE TABLE orders (id bigint PRIMARY KEY);
                --rollback DROP TABLE orders;

                --changeset bob:orders-idx runInTransaction:false
                CREATE INDEX CONCURRENTLY orders_id ON orders (id);
                /* liquibase rollback
                DROP INDEX CONCURRENTLY orders_id;
                */

                --changeset bob:seed splitStatements:false
                --ignoreLines:1
                this line is ignored
                INSERT INTO orders VALUES (1);
                """);
        Files.writeString(tmp.resolve("V9__other.sql"), "SELECT 1;");
        List<Migration> ms = MigrationDirectory.read(tmp);
        assertThat(ms).extracting(Migration::version).containsExactly("1", "2", "3", "9");
        assertThat(ms).extracting(Migration::description).startsWith("alice:create-orders", "bob:orders-idx", "bob:seed");
        assertThat(ms.get(0).up().sql()).isEqualTo("CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        assertThat(ms.get(0).down().sql()).isEqualTo("DROP TABLE orders;\n");
        assertThat(ms.get(1).up().sql()).startsWith(Transactions.NO_TRANSACTION_DIRECTIVE + "\n");
        assertThat(ms.get(1).down().sql()).isEqualTo("DROP INDEX CONCURRENTLY orders_id;\n");
        assertThat(ms.get(2).up().sql()).isEqualTo("INSERT INTO orders VALUES (1);\n");
        assertThat(ms.get(2).down()).isNull();
        assertThat(ms.get(0).up().script()).isEqualTo("changelog.sql");

        Files.writeString(tmp.resolve("V2__clash.sql"), "SELECT 2;");
        assertThatThrownBy(() -> MigrationDirectory.read(tmp)).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("two migrations with version 2").hasMessageContaining("bob:orders-idx");
    }

    @Test
    void unknownFormatIsBadInput() {
        assertThatThrownBy(() -> MigrationFormat.parse("sqitch")).isInstanceOf(DbAgentException.class)
                .hasMessage("unknown migration format 'sqitch': use flyway, liquibase or alembic");
        assertThat(MigrationFormat.parse(null)).isEqualTo(MigrationFormat.FLYWAY);
        assertThat(MigrationFormat.parse(" Alembic ")).isEqualTo(MigrationFormat.ALEMBIC);
    }

    private static List<String> statementsOf(Path sqlFile) throws Exception {
        return AlembicRevisionWriter.statements(Files.readString(sqlFile));
    }

    /**
     * Compiles the module with {@code python3 -m py_compile}, then reads it with Python's {@code ast}: revision ids
     * and the string passed to each {@code op.execute} of upgrade() and downgrade(), in order.
     */
    static Map<?, ?> python(Path module) throws Exception {
        assertThat(run("python3", "-m", "py_compile", module.toString())).as("py_compile " + module).isEmpty();
        String script = """
                import ast, json, sys
                tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())
                out = {}
                for node in tree.body:
                    if isinstance(node, (ast.Assign, ast.AnnAssign)):
                        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                        if isinstance(target, ast.Name) and target.id in ('revision', 'down_revision'):
                            out[target.id] = ast.literal_eval(node.value)
                    if isinstance(node, ast.FunctionDef) and node.name in ('upgrade', 'downgrade'):
                        calls = [n for n in ast.walk(node) if isinstance(n, ast.Call)
                                 and isinstance(n.func, ast.Attribute) and n.func.attr == 'execute']
                        calls.sort(key=lambda c: (c.lineno, c.col_offset))
                        out[node.name] = [ast.literal_eval(c.args[0]) for c in calls]
                print(json.dumps(out))
                """;
        return Json.read(run("python3", "-c", script, module.toString()), Map.class);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    @SuppressWarnings("unused")
    private static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}

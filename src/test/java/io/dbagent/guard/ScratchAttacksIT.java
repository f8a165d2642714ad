package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.migrate.ChangeMigration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.TestResult;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of issue 12 through every face that runs an untrusted script on a scratch database: diff with a .sql
 * file, generate_migration with a change, test_migrations (pending files of the live database) and migrate test (a
 * migration folder). Whatever the statement allow list lets through, each attack must fail and leave no trace —
 * checked from outside with an admin connection: no file on disk, no new role/user, the live rows intact, and the
 * scratch database and its identity gone. Benign scripts still work and leave nothing behind either.
 */
class ScratchAttacksIT {

    private static final Pattern SCRATCH_NAME = Pattern.compile("dbagent_scratch_[0-9a-f]+");
    private static final Pattern SCRATCH_USER = Pattern.compile("(?:temporary (?:role|user)) (dbagent_s(?:cratch)?_[0-9a-f]+)");

    @TempDir
    Path tmp;

    private DbUrl live;

    @AfterEach
    void dropLive() {
        TestDatabases.drop(live);
    }

    enum Face { DIFF, GENERATE, TEST_MIGRATIONS, MIGRATE_TEST }

    /** One attack: the script, and what must hold afterwards. */
    record Attack(DialectKind dialect, String name, String script) {
        @Override
        public String toString() {
            return dialect + " " + name;
        }
    }

    static Stream<Arguments> attacks() {
        List<Attack> all = List.of(
                new Attack(DialectKind.POSTGRES, "copy to program", "COPY (SELECT 1) TO PROGRAM 'touch {file}'"),
                new Attack(DialectKind.POSTGRES, "superuser role", "CREATE ROLE evil_{tag} SUPERUSER LOGIN"),
                new Attack(DialectKind.POSTGRES, "dblink into live", "CREATE EXTENSION dblink;\n"
                        + "SELECT dblink_exec('dbname={live} user=postgres', 'DELETE FROM t')"),
                new Attack(DialectKind.POSTGRES, "set role", "SET ROLE postgres;\nCREATE ROLE evil_{tag} SUPERUSER"),
                new Attack(DialectKind.MYSQL, "cross-database delete", "DELETE FROM {live}.t"),
                new Attack(DialectKind.MYSQL, "into outfile", "SELECT 1 INTO OUTFILE '{file}'"),
                new Attack(DialectKind.MYSQL, "grant all", "GRANT ALL ON *.* TO CURRENT_USER"),
                new Attack(DialectKind.MYSQL, "create user", "CREATE USER evil_{tag} IDENTIFIED BY 'x'"),
                new Attack(DialectKind.SQLITE, "attach live", "ATTACH DATABASE '{livefile}' AS live;\nDELETE FROM live.t"),
                new Attack(DialectKind.SQLITE, "vacuum into", "VACUUM INTO '{file}'"));
        List<Arguments> out = new ArrayList<>();
        for (Attack a : all) {
            for (Face f : Face.values()) {
                out.add(Arguments.of(f, a));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void attackFailsAndLeavesNoTrace(Face face, Attack attack) throws Exception {
        DialectKind d = attack.dialect();
        live = TestDatabases.create(d, "scratk");
        TestDatabases.exec(live, "CREATE TABLE t (id " + (d == DialectKind.MYSQL ? "INT" : "INTEGER")
                + " PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path file = Path.of("/tmp/dbagent-attack-" + tag);
        String script = attack.script().replace("{file}", file.toString()).replace("{tag}", tag)
                .replace("{live}", live.database()).replace("{livefile}", d == DialectKind.SQLITE ? live.database() : "");

        long superusersBefore = d == DialectKind.MYSQL
                ? count(server(d), "SELECT count(*) FROM mysql.user WHERE Super_priv = 'Y'") : 0;
        ScratchNotes.Collected<Boolean> run = ScratchNotes.collect(() -> succeeds(() -> runFace(face, d, script)));

        if (attack.name().equals("grant all")) {
            // grants do not change a schema: the allow list skips them (reported, never executed), so the run may
            // succeed; what matters is that no account gained a privilege
            assertThat(count(server(d), "SELECT count(*) FROM mysql.user WHERE Super_priv = 'Y'"))
                    .isEqualTo(superusersBefore);
        } else {
            assertThat(run.value()).as("the attack must not succeed").isFalse();
        }
        assertThat(file).doesNotExist();
        assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(3);
        DbUrl server = server(d);
        if (d == DialectKind.POSTGRES) {
            assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname = 'evil_" + tag + "'")).isZero();
            assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname = 'postgres' AND rolsuper")).isEqualTo(1);
        } else if (d == DialectKind.MYSQL) {
            assertThat(count(server, "SELECT count(*) FROM mysql.user WHERE user = 'evil_" + tag + "'")).isZero();
        }
        assertNoLitter(d, run.notes());
    }

    static Stream<Arguments> benign() {
        List<Arguments> out = new ArrayList<>();
        for (DialectKind d : DialectKind.values()) {
            for (Face f : Face.values()) {
                out.add(Arguments.of(f, d));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("benign")
    void benignScriptStillWorksAndLeavesNoTrace(Face face, DialectKind d) throws Exception {
        live = TestDatabases.create(d, "scrok");
        TestDatabases.exec(live, "CREATE TABLE t (id " + (d == DialectKind.MYSQL ? "INT" : "INTEGER")
                + " PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)");
        String script = "CREATE TABLE extra (id INTEGER PRIMARY KEY, note VARCHAR(20));\n"
                + "CREATE INDEX ix_extra_note ON extra (note)";
        ScratchNotes.Collected<Boolean> run = ScratchNotes.collect(() -> succeeds(() -> runFace(face, d, script)));
        assertThat(run.value()).isTrue();
        assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(3);
        assertThat(run.notes()).isNotEmpty();
        if (d != DialectKind.SQLITE && face != Face.MIGRATE_TEST) {
            assertThat(run.notes()).allMatch(n -> n.contains("the same server as the live database " + live.database()));
        }
        assertNoLitter(d, run.notes());
    }

    /** Runs the script through one face; true when the face reported success. */
    private boolean runFace(Face face, DialectKind d, String script) throws Exception {
        DbUrl server = server(d);
        String[] devDb = server == null ? new String[0] : new String[] {"--dev-db", server.toString()};
        switch (face) {
            case DIFF -> {
                Path f = Files.writeString(tmp.resolve("schema.sql"), script + ";\n");
                List<String> args = new ArrayList<>(List.of("diff", "--from", live.toString(), "--to", f.toString()));
                args.addAll(List.of(devDb));
                CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
                assertThat(r.err()).doesNotContain("Exception");
                return r.exit() != 2;
            }
            case GENERATE -> {
                try (DbSession s = ConnectionFactory.open(live)) {
                    ChangeMigration.generate(s, tmp.resolve("gen"), "attack", script, server);
                    return true;
                }
            }
            case TEST_MIGRATIONS -> {
                Path dir = folder(script);
                try (DbSession s = ConnectionFactory.open(live)) {
                    TestResult r = ChangeMigration.testPending(s, MigrationDirectory.read(dir), 3, server);
                    return !r.failed();
                }
            }
            case MIGRATE_TEST -> {
                Path dir = folder(script);
                List<String> args = new ArrayList<>(List.of("migrate", "test", "--dir", dir.toString(), "--format", "json"));
                args.addAll(List.of(devDb));
                CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
                assertThat(r.err()).doesNotContain("Exception");
                return r.exit() == 0;
            }
            default -> throw new IllegalStateException();
        }
    }

    private Path folder(String up) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(dir.resolve("V1__change.sql"), up + ";\n");
        Files.writeString(dir.resolve("U1__change.sql"), "DROP TABLE IF EXISTS extra;\n");
        return dir;
    }

    /** Runs a face; a DbAgentException (refused or failed) counts as not succeeding, anything else is a bug. */
    private static boolean succeeds(Callable work) {
        try {
            return work.call();
        } catch (DbAgentException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    interface Callable {
        boolean call() throws Exception;
    }

    private static DbUrl server(DialectKind d) {
        return switch (d) {
            case POSTGRES -> TestDatabases.pgServer();
            case MYSQL -> TestDatabases.mysqlServer();
            case SQLITE -> null;
        };
    }

    /** Every scratch database and identity named in the notes is gone (checked by the admin). */
    private static void assertNoLitter(DialectKind d, List<String> notes) throws SQLException {
        assertThat(notes).as("each scratch database announces itself").isNotEmpty();
        if (d == DialectKind.SQLITE) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (String n : notes) {
            Matcher m = SCRATCH_NAME.matcher(n);
            assertThat(m.find()).as(n).isTrue();
            names.add(m.group());
            Matcher u = SCRATCH_USER.matcher(n);
            assertThat(u.find()).as("runs as a temporary identity: " + n).isTrue();
            users.add(u.group(1));
        }
        DbUrl server = server(d);
        for (String name : names) {
            assertThat(count(server, d == DialectKind.POSTGRES
                    ? "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"
                    : "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'"))
                    .as(name).isZero();
        }
        for (String user : users) {
            assertThat(count(server, d == DialectKind.POSTGRES
                    ? "SELECT count(*) FROM pg_roles WHERE rolname = '" + user + "'"
                    : "SELECT count(*) FROM mysql.user WHERE user = '" + user + "'")).as(user).isZero();
        }
    }

    private static long count(DbUrl url, String sql) throws SQLException {
        try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

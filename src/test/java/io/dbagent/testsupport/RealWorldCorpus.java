package io.dbagent.testsupport;

import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every schema of the real-world corpus ({@code src/test/resources/realworld}) goes through, on its engine:
 * it loads; the database equals the file it was loaded from; it equals its own dump tool's output ({@code pg_dump -s},
 * {@code mariadb-dump --no-data --routines --triggers --events}, {@code sqlite3 .dump}); and a diff from an empty
 * database to the file, applied, leaves nothing to diff. Each corpus test calls {@link #roundTrip} and then asserts
 * what is special about its schema.
 */
public final class RealWorldCorpus {

    private RealWorldCorpus() {
    }

    /** One loaded corpus schema: the live database, the file it came from, and the dev server for scratch loads. */
    public record Loaded(DbUrl db, Path file, String sql, String dev) {

        /** The URL the CLI is given for the live database. */
        public String url() {
            return cliUrl(db);
        }
    }

    /** A corpus file's text. */
    public static String resource(String name) {
        try (InputStream in = RealWorldCorpus.class.getResourceAsStream("/realworld/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL form the CLI accepts for a test database (MySQL URLs without a password). */
    public static String cliUrl(DbUrl db) {
        return switch (db.dialect()) {
            case MYSQL -> "mysql://" + db.user() + "@" + db.hostPort() + "/" + db.database();
            case SQLITE -> "sqlite:" + db.database();
            default -> db.redacted();
        };
    }

    /** The dev server a diff loads a script file on ({@code null} on SQLite, which loads in memory). */
    public static String devServer(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> TestDatabases.pgServer().redacted();
            case MYSQL -> "mysql://root@" + TestDatabases.mysqlServer().hostPort() + "/";
            default -> null;
        };
    }

    /**
     * Loads {@code name} into a new database of {@code kind} (the caller drops {@link Loaded#db()}), then runs the
     * corpus checks: no differences against the file, against the engine's dump of the loaded database, and after
     * creating everything from an empty database with the diff's script.
     */
    public static Loaded roundTrip(DialectKind kind, String name, Path tmp) throws Exception {
        String sql = resource(name);
        Path file = Files.writeString(tmp.resolve(name), sql);
        String dev = devServer(kind);
        DbUrl db = TestDatabases.create(kind, "rw");
        TestDatabases.exec(db, sql);
        Loaded loaded = new Loaded(db, file, sql, dev);
        assertNoDifferences(loaded.url(), file, dev);
        assertNoDifferences(loaded.url(), dump(db, tmp.resolve(name + ".dump.sql")), dev);
        DbUrl empty = TestDatabases.create(kind, "rwe");
        try {
            if (kind == DialectKind.SQLITE) {
                // a SQLite test database is a path until something is written: the diff reads an existing file only
                TestDatabases.exec(empty, "PRAGMA user_version = 0");
            }
            List<String> a = new ArrayList<>(List.of("diff", "--from", cliUrl(empty), "--to", file.toString()));
            if (dev != null) {
                a.addAll(List.of("--dev-db", dev));
            }
            var create = CliRunner.run(a.toArray(String[]::new));
            assertThat(create.exit()).as(name + " from empty:\n" + create.out() + create.err()).isEqualTo(1);
            TestDatabases.exec(empty, create.out());
            assertNoDifferences(cliUrl(empty), file, dev);
        } finally {
            TestDatabases.drop(empty);
        }
        return loaded;
    }

    /** Asserts that {@code diff --from live --to file} finds nothing. */
    public static void assertNoDifferences(String live, Path file, String dev) {
        List<String> a = new ArrayList<>(List.of("diff", "--from", live, "--to", file.toString()));
        if (dev != null) {
            a.addAll(List.of("--dev-db", dev));
        }
        var r = CliRunner.run(a.toArray(String[]::new));
        assertThat(r.exit()).as(file.getFileName() + ":\n" + r.out() + r.err()).isZero();
        assertThat(r.out()).contains("-- no differences");
    }

    /** The engine's own schema dump of {@code db}, written to {@code out}. */
    public static Path dump(DbUrl db, Path out) throws Exception {
        return switch (db.dialect()) {
            case POSTGRES -> run(out, null, "/usr/bin/pg_dump", "-h", db.host(), "-p", String.valueOf(db.port()), "-U",
                    db.user(), "-s", db.database());
            case MYSQL -> run(out, null, "/usr/bin/mariadb-dump", "-h", db.host(), "-P", String.valueOf(db.port()),
                    "-u", db.user(), "--no-data", "--routines", "--triggers", "--events", db.database());
            case SQLITE -> run(out, ".dump\n", "sqlite3", db.database());
            default -> throw new IllegalArgumentException(db.dialect().toString());
        };
    }

    /** The inspected model of a test database. */
    public static Schema inspect(DbUrl db) {
        try (DbSession s = TestDatabases.writable(db)) {
            return Dialects.inspect(s);
        }
    }

    /** The single number a query returns, read on its own connection. */
    public static long count(DbUrl db, String sql) throws Exception {
        try (DbSession s = TestDatabases.writable(db); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a client tool, feeding it {@code stdin} when given; its output goes to {@code out}. */
    public static Path run(Path out, String stdin, String... cmd) throws Exception {
        Path err = out.resolveSibling(out.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + Files.readString(err)).isZero();
        return out;
    }
}

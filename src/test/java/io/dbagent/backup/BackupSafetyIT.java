package io.dbagent.backup;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup whose manifest was edited is refused by restore and fails verify; the engine tool of {@code backup create}
 * and {@code backup restore} does not outlive a dbagent JVM killed with SIGKILL or SIGTERM.
 */
class BackupSafetyIT {

    private final List<DbUrl> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(TestDatabases::drop);
    }

    private DbUrl database(DialectKind kind, String prefix) {
        DbUrl url = TestDatabases.create(kind, prefix);
        databases.add(url);
        return url;
    }

    @Test
    void anEditedManifestIsRefused(@TempDir Path work) throws Exception {
        DbUrl src = database(DialectKind.SQLITE, "seal");
        TestDatabases.exec(src, "CREATE TABLE birds (id INTEGER PRIMARY KEY, name TEXT); "
                + "INSERT INTO birds VALUES (1, 'puffin'), (2, 'gannet')");
        Path folder = backup(src, work.resolve("backups"));
        Path manifest = folder.resolve(BackupManifest.FILE_NAME);
        String original = Files.readString(manifest);
        assertThat(original).matches("(?s)\\{\\n  \"manifestSha256\" : \"[0-9a-f]{64}\",\\n  \"format\" : .*");
        assertThat(BackupManifest.sealProblem(folder)).isEmpty();
        var ok = CliRunner.run("backup", "verify", folder.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();

        Path target = work.resolve("restored.db");
        List<String> edits = List.of(
                original.replace("\"rows\" : 2", "\"rows\" : 3"),                      // a row count
                original.replace("\"format\" : ", "\"format\" :  "),                    // white space only
                original.replaceFirst("  \"manifestSha256\" : \"[0-9a-f]{64}\",\\n", ""), // the seal removed
                flipFirstSealDigit(original));                                              // the seal changed
        for (String edited : edits) {
            assertThat(edited).isNotEqualTo(original);
            Files.writeString(manifest, edited);
            var verify = CliRunner.run("backup", "verify", folder.toString());
            assertThat(verify.exit()).as("a tampered backup is a failed verification").isEqualTo(1);
            assertThat(verify.out()).containsPattern("manifest.json (was changed after the backup was made|carries no "
                    + "manifestSha256)");
            var restore = CliRunner.run("backup", "restore", folder.toString(), "--db", "sqlite:" + target, "--yes");
            assertThat(restore.exit()).isEqualTo(2);
            assertThat(restore.err().strip()).doesNotContain("\n").startsWith("dbagent: refusing to restore ")
                    .endsWith("; nothing was changed");
            assertThat(target).doesNotExist();
        }
        Files.writeString(manifest, original);
        var restore = CliRunner.run("backup", "restore", folder.toString(), "--db", "sqlite:" + target, "--yes");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(target).exists();
    }

    /** The manifest with the first hex digit of its seal changed (whatever that digit was). */
    private static String flipFirstSealDigit(String manifest) {
        String key = "\"manifestSha256\" : \"";
        int at = manifest.indexOf(key) + key.length();
        char digit = manifest.charAt(at);
        return manifest.substring(0, at) + (digit == '0' ? '1' : '0') + manifest.substring(at + 1);
    }

    @Test
    void pgDumpStopsWhenBackupCreateIsKilled(@TempDir Path work) throws Exception {
        DbUrl src = database(DialectKind.POSTGRES, "killdump");
        TestDatabases.exec(src, "CREATE TABLE birds (id int PRIMARY KEY, note text); "
                + "INSERT INTO birds SELECT g, md5(g::text) FROM generate_series(1, 300000) g");
        // dbagent reads every table before it starts pg_dump, so a lock cannot hold pg_dump alone: the test stops
        // pg_dump (SIGSTOP) as soon as it appears, which keeps it alive until the JVM is killed
        assertToolDiesWithTheJvm("pg_dump", true, true, "backup", "create", "--db", BackupFixtures.arg(src), "--dir",
                work.resolve("b").toString());
    }

    @Test
    void pgRestoreStopsWhenBackupRestoreIsKilledOrTerminated(@TempDir Path work) throws Exception {
        DbUrl src = database(DialectKind.POSTGRES, "killrst_src");
        TestDatabases.exec(src, "CREATE TABLE birds (id int PRIMARY KEY); INSERT INTO birds SELECT generate_series(1, 100)");
        Path folder = backup(src, work.resolve("b"));
        for (boolean kill9 : List.of(true, false)) {
            DbUrl dst = database(DialectKind.POSTGRES, "killrst_dst");
            TestDatabases.exec(dst, "CREATE TABLE birds (id int PRIMARY KEY); INSERT INTO birds VALUES (7)");
            try (DbSession locker = TestDatabases.writable(dst); Statement st = locker.connection().createStatement()) {
                locker.connection().setAutoCommit(false);
                st.execute("LOCK TABLE birds IN ACCESS EXCLUSIVE MODE"); // pg_restore --clean waits to drop it
                assertToolDiesWithTheJvm("pg_restore", kill9, false, "backup", "restore", folder.toString(), "--db",
                        BackupFixtures.arg(dst), "--yes", "--force");
                locker.connection().rollback();
            }
            // the restore ran in one transaction that never committed: the target is as it was
            try (DbSession check = TestDatabases.writable(dst); Statement st = check.connection().createStatement()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                long left;
                do {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + dst.database() + "' AND application_name = 'pg_restore'")) {
                        rs.next();
                        left = rs.getLong(1);
                    }
                    Thread.sleep(200);
                } while (left > 0 && System.nanoTime() < deadline);
                assertThat(left).as("pg_restore sessions left on the server").isZero();
                try (ResultSet rs = st.executeQuery("SELECT string_agg(id::text, ',') FROM birds")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("7");
                }
            }
        }
    }

    private static Path backup(DbUrl src, Path dir) throws Exception {
        var made = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(src), "--dir", dir.toString());
        assertThat(made.exit()).as(made.out() + made.err()).isZero();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst().orElseThrow();
        }
    }

    /** Starts dbagent in its own JVM, waits until {@code tool} runs under it, kills the JVM, and checks the tool ends. */
    private static void assertToolDiesWithTheJvm(String tool, boolean kill9, boolean stopTool, String... args)
            throws Exception {
        Path jar = Path.of("target", "dbagent.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process jvm = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<ProcessHandle> tools = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (tools.isEmpty() && System.nanoTime() < deadline && jvm.isAlive()) {
                // the real run, not the "--version" probe that comes first
                tools = jvm.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/" + tool)).orElse(false)
                                && h.info().arguments().map(a -> List.of(a).stream().anyMatch(x -> x.startsWith("--dbname")))
                                .orElse(false))
                        .toList();
                Thread.sleep(stopTool ? 5 : 100);
            }
            if (stopTool) {
                for (ProcessHandle t : tools) {
                    new ProcessBuilder("kill", "-STOP", Long.toString(t.pid())).start().waitFor();
                }
            }
            assertThat(tools).as(tool + " should be running under dbagent (JVM alive: " + jvm.isAlive() + ")")
                    .isNotEmpty();
            Thread.sleep(1000);
            assertThat(tools.get(0).isAlive()).as(tool + " still running").isTrue();
            List<ProcessHandle> all = jvm.descendants().toList();
            if (kill9) {
                assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor()).isZero();
            } else {
                jvm.destroy();
            }
            assertThat(jvm.waitFor(15, TimeUnit.SECONDS)).isTrue();
            // the guard sends TERM, and KILL 5 s later to a tool that ignores TERM (or is stopped)
            long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
            while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
                Thread.sleep(100);
            }
            assertThat(all.stream().filter(ProcessHandle::isAlive)
                    .map(h -> h.pid() + " " + h.info().command().orElse("?")).toList())
                    .as("processes left behind by dbagent after " + (kill9 ? "kill -9" : "SIGTERM")).isEmpty();
        } finally {
            jvm.destroyForcibly();
        }
    }
}

package io.dbagent.backup;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite online backup is consistent while another connection writes: the copy, the manifest's counts and
 * checksums all describe one snapshot, and verify agrees.
 */
class SqliteOnlineBackupIT {

    @Test
    void backupWhileAnotherConnectionWritesIsOneSnapshot() throws Exception {
        DbUrl src = TestDatabases.create(DialectKind.SQLITE, "bk_live");
        Path dir = Files.createTempDirectory("dbagent-sqlite-live-");
        TestDatabases.exec(src, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
                INSERT INTO events (payload) WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 20000)
                  SELECT hex(randomblob(32)) FROM s;
                """);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (DbSession s = TestDatabases.writable(src);
                 PreparedStatement ps = s.connection().prepareStatement("INSERT INTO events (payload) VALUES (?)")) {
                try (Statement st = s.connection().createStatement()) {
                    st.execute("PRAGMA synchronous = OFF"); // many small commits; durability is not under test
                }
                while (!stop.get()) {
                    ps.setString(1, "live-" + written.get());
                    ps.executeUpdate();
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            writer.start();
            while (written.get() < 50) {
                Thread.sleep(5);
            }
            long before = 20000 + written.get();
            BackupService.CreateResult r = BackupService.builder(src, dir).create();
            long after = 20000 + written.get();
            stop.set(true);
            writer.join();
            long inManifest = r.manifest().table("events").orElseThrow().rows();
            assertThat(inManifest).isBetween(before, after);
            assertThat(after).as("the writer kept writing during the backup").isGreaterThan(before);
            try (DbSession copy = io.dbagent.jdbc.ConnectionFactory.open(DbUrlParser.parse("sqlite:"
                    + r.folder().resolve(r.manifest().dumpFile())));
                 Statement st = copy.connection().createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(inManifest);
            }
            BackupVerifier.Result v = BackupVerifier.verify(r.folder(), null, null);
            assertThat(v.ok()).as(v.report().findings().toString()).isTrue();
        } finally {
            stop.set(true);
            writer.join();
            TestDatabases.drop(src);
            BackupFixtures.deleteTree(dir);
        }
    }
}

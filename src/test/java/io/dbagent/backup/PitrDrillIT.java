package io.dbagent.backup;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.testsupport.PrivateServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real drill: a throwaway cluster gets WAL archiving through {@code backup pitr setup --apply} and a base backup;
 * rows are written before and after a noted time; {@code backup pitr restore} prepares a second cluster for that
 * time, which must come up with exactly the rows written before it.
 */
class PitrDrillIT {

    @Test
    void restoresToAMomentBetweenTwoWrites() throws Exception {
        Path root = PrivateServer.postgresOwnedDir("dbagent-pitr-");
        Path wal = root.resolve("wal");
        Files.createDirectories(wal);
        PrivateServer.run(List.of("chown", "postgres:postgres", wal.toString()));
        PrivateServer origin = PrivateServer.postgresCluster(root, "origin");
        PrivateServer restored = null;
        try {
            origin.start();
            String db = origin.server().redacted();
            var applied = CliRunner.run("backup", "pitr", "setup", "--db", db, "--wal-archive", wal.toString(),
                    "--apply");
            assertThat(applied.exit()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("NOT active").contains("archive_mode = 'on'").contains("restart");

            origin.restart();
            var based = CliRunner.run("backup", "pitr", "setup", "--db", db, "--wal-archive", wal.toString(),
                    "--base-dir", root.resolve("base").toString());
            assertThat(based.exit()).as(based.err()).isZero();
            assertThat(based.out()).contains("WAL archiving on").contains(": active").contains("pg_verifybackup");
            Path base;
            try (Stream<Path> s = Files.list(root.resolve("base"))) {
                base = s.filter(Files::isDirectory).findFirst().orElseThrow();
            }

            String target;
            try (DbSession s = origin.session(); Statement st = s.connection().createStatement()) {
                st.execute("CREATE TABLE drill (id int PRIMARY KEY, phase text NOT NULL)");
                st.execute("INSERT INTO drill VALUES (1, 'before'), (2, 'before'), (3, 'before')");
                Thread.sleep(1100);
                try (var rs = st.executeQuery("SELECT to_char(now() AT TIME ZONE 'UTC', "
                        + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")) {
                    rs.next();
                    target = rs.getString(1);
                }
                Thread.sleep(1100);
                st.execute("INSERT INTO drill VALUES (4, 'after'), (5, 'after')");
                String segment;
                try (var rs = st.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
                    rs.next();
                    segment = rs.getString(1);
                }
                waitArchived(st, segment);
            }
            origin.stop();

            Path pgdata = root.resolve("restored");
            var prepared = CliRunner.run("backup", "pitr", "restore", "--base", base.toString(), "--wal-archive",
                    wal.toString(), "--target-time", target, "--pgdata", pgdata.toString());
            assertThat(prepared.exit()).as(prepared.err()).isZero();
            assertThat(prepared.out()).contains("recovery_target_time = '").contains("pg_ctl -D " + pgdata);
            assertThat(Files.readString(pgdata.resolve("postgresql.auto.conf")))
                    .contains("restore_command = 'cp " + wal + "/%f %p'").contains("archive_mode = 'off'");
            assertThat(pgdata.resolve("recovery.signal")).exists();

            // as the printed step says when run as root: hand the copy to postgres, then start it
            PrivateServer.run(List.of("chown", "-R", "postgres:postgres", pgdata.toString()));
            restored = PrivateServer.postgresData(pgdata, root);
            restored.start();
            List<String> rows = new ArrayList<>();
            try (DbSession s = restored.session(); Statement st = s.connection().createStatement()) {
                waitPromoted(st, restored);
                try (var rs = st.executeQuery("SELECT id || ':' || phase FROM drill ORDER BY id")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            assertThat(rows).containsExactly("1:before", "2:before", "3:before");
            assertThat(restored.log()).contains("recovery stopping before commit");

            var refused = CliRunner.run("backup", "pitr", "restore", "--base", base.toString(), "--wal-archive",
                    wal.toString(), "--target-time", target, "--pgdata", pgdata.toString());
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("is not empty").contains("nothing was changed");
        } finally {
            if (restored != null) {
                restored.close();
            }
            origin.close();
            BackupFixtures.deleteTree(root);
        }
    }

    private static void waitArchived(Statement st, String segment) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var rs = st.executeQuery("SELECT coalesce(last_archived_wal, '') >= '" + segment
                    + "' FROM pg_stat_archiver")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("WAL segment " + segment + " was not archived within 30 s");
    }

    private static void waitPromoted(Statement st, PrivateServer c) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("restored cluster still in recovery after 30 s:\n" + c.log());
    }
}

package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Target-time parsing and the MySQL/MariaDB binlog replay script (the WAL archive command: PostgresPitrTest). */
class PitrScriptsTest {

    @Test
    void targetTimesNeedAZone() {
        assertThat(PitrRestore.parseTime("2025-03-01T14:05:00Z").toInstant())
                .isEqualTo(Instant.parse("2025-03-01T14:05:00Z"));
        assertThat(PitrRestore.parseTime("2025-03-01 15:05:00.25+01").toInstant())
                .isEqualTo(Instant.parse("2025-03-01T14:05:00.25Z"));
        assertThatThrownBy(() -> PitrRestore.parseTime("2025-03-01 14:05:00")).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("no time zone");
        assertThatThrownBy(() -> PitrRestore.parseTime("yesterday")).hasMessageContaining("is not a time");
    }

    @Test
    void binlogScriptReplaysFromTheBackupPositionToTheTargetTime() throws Exception {
        Path folder = Files.createTempDirectory("dbagent-binlog-").resolve("shop-20250301T020000Z");
        Files.createDirectories(folder);
        try {
            manifest(folder, new BackupManifest.BinlogPosition("mariadb-bin.000042", 1337)).write(folder);
            String script = script(folder, "mysql://root@127.0.0.1:3306/shop_pitr",
                    "2025-03-01T15:30:00+01:00", Path.of("/var/lib/mysql"));
            assertThat(script).startsWith("#!/bin/sh")
                    .contains("dbagent backup restore " + folder + " --db 'mysql://root@127.0.0.1:3306/shop_pitr' --yes")
                    .contains("ls /var/lib/mysql/mariadb-bin.[0-9]* | awk '$0 >= \"/var/lib/mysql/mariadb-bin.000042\"'")
                    .contains("TZ=UTC mariadb-binlog --start-position=1337 --stop-datetime='2025-03-01 14:30:00' "
                            + "--database=shop --rewrite-db='shop->shop_pitr' $files")
                    .contains("| mariadb --database=shop_pitr");

            manifest(folder, null).write(folder);
            assertThatThrownBy(() -> script(folder, "mysql://root@h/shop",
                    "2025-03-01T15:30:00Z", Path.of("/var/lib/mysql")))
                    .isInstanceOf(DbAgentException.class).hasMessageContaining("log_bin");
        } finally {
            BackupFixtures.deleteTree(folder.getParent());
        }
    }

    /** The script as {@code backup pitr binlog-script} asks the target's engine for it. */
    private static String script(Path folder, String target, String targetTime, Path binlogDir) {
        DbUrl url = DbUrlParser.parse(target);
        return BackupEngine.of(url.dialect()).binlogReplayScript(folder, url, targetTime, binlogDir);
    }

    private static BackupManifest manifest(Path folder, BackupManifest.BinlogPosition pos) {
        return new BackupManifest(BackupManifest.FORMAT, folder.getFileName().toString(), "mysql", "MariaDB", "10.11.19",
                "shop", "mysql://root@127.0.0.1:3306/shop", null, "dump.sql", "test",
                Instant.parse("2025-03-01T02:00:00Z"), Instant.parse("2025-03-01T02:01:00Z"), 60, 1, List.of(),
                TableChecksums.ALGORITHM, List.of(), pos, List.of(), null);
    }
}

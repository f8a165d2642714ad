package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrlParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupScheduleTest {

    @Test
    void cronLineKeepsThePasswordInAnEnvironmentFile() {
        String out = BackupSchedule.builder(DbUrlParser.parse("postgres://app:s3cret-pw@db.internal:5432/shop"),
                Path.of("/var/backups/shop")).at("02:30").format("cron").command("/opt/dbagent/dbagent").render();
        assertThat(out).doesNotContain("s3cret-pw");
        assertThat(out).contains("/etc/dbagent/dbagent-backup-shop.env").contains("DBAGENT_DB=postgres://app:***@")
                .contains("DBAGENT_DEV_DB=");
        assertThat(out.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "30 2 * * * set -a; . /etc/dbagent/dbagent-backup-shop.env; set +a; /opt/dbagent/dbagent backup create "
                        + "--dir /var/backups/shop --verify && /opt/dbagent/dbagent backup prune --dir /var/backups/shop "
                        + "--keep-daily 7 --keep-weekly 4 --keep-monthly 12 >> /var/backups/shop/backup.log 2>&1");
    }

    @Test
    void sqliteWithoutSecretsPutsTheUrlOnTheLine() {
        String out = BackupSchedule.builder(DbUrlParser.parse("sqlite:/data/shop.db"), Path.of("/backups"))
                .at("3:05").render();
        assertThat(out).contains("5 3 * * * dbagent backup create --db sqlite:/data/shop.db --dir /backups --verify && ")
                .doesNotContain(".env");
    }

    @Test
    void systemdServiceAndTimer() {
        String out = BackupSchedule.builder(DbUrlParser.parse("mysql://root@127.0.0.1:3306/shop"),
                Path.of("/backups/my shop")).at("01:00").format("systemd").keep(new GfsPolicy.Keep(14, 8, 6)).render();
        assertThat(out).contains("# /etc/systemd/system/dbagent-backup-shop.service")
                .contains("Type=oneshot")
                .contains("ExecStart=dbagent backup create --db mysql://root@127.0.0.1:3306/shop --dir '/backups/my shop' --verify")
                .contains("ExecStart=dbagent backup prune --dir '/backups/my shop' --keep-daily 14 --keep-weekly 8 --keep-monthly 6")
                .contains("# /etc/systemd/system/dbagent-backup-shop.timer")
                .contains("OnCalendar=*-*-* 01:00:00").contains("Persistent=true")
                .contains("EnvironmentFile=/etc/dbagent/dbagent-backup-shop.env")
                .contains("systemctl enable --now dbagent-backup-shop.timer");
    }

    @Test
    void badInputIsRefused() {
        var b = BackupSchedule.builder(DbUrlParser.parse("sqlite:/data/shop.db"), Path.of("/b"));
        assertThatThrownBy(() -> b.at("25:00")).isInstanceOf(DbAgentException.class).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> b.format("launchd")).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("cron or systemd");
    }
}

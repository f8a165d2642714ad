package io.dbagent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BackupScheduleCommandTest {

    @Test
    void theJobStartsDbagentByAnAbsoluteCommandNotByTheBareName(@TempDir Path dir) {
        var r = CliRunner.run("backup", "schedule", "--db", "sqlite:" + dir.resolve("shop.db"), "--dir",
                dir.resolve("backups").toString(), "--format", "systemd");
        assertThat(r.exit()).as(r.err()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(r.out()).contains("ExecStart=" + java + " ").doesNotContain("ExecStart=dbagent ");
        var cron = CliRunner.run("backup", "schedule", "--db", "sqlite:" + dir.resolve("shop.db"), "--dir",
                dir.resolve("backups").toString(), "--command", "/opt/dbagent/dbagent");
        assertThat(cron.out()).contains("/opt/dbagent/dbagent backup create --db sqlite:");
    }
}

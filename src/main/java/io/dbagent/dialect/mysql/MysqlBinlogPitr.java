package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupManifest;
import io.dbagent.backup.PitrRestore;
import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MySQL/MariaDB point-in-time recovery: restore the full backup, then replay the binary log from the position the
 * backup recorded up to the target time. dbagent writes the script; the operator runs it where the binlog files are
 * (the server host), because reading them needs the server's file system.
 */
final class MysqlBinlogPitr {

    private static final DateTimeFormatter BINLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private MysqlBinlogPitr() {
    }

    /**
     * @param binlogDir where the server keeps its binary logs ({@code SELECT @@log_bin_basename} shows it)
     */
    static String script(Path backupFolder, DbUrl target, String targetTime, Path binlogDir) {
        Path folder = backupFolder.toAbsolutePath().normalize();
        BackupManifest m = BackupManifest.read(folder);
        if (!"mysql".equals(m.engine())) {
            throw DbAgentException.badInput("binlog-script is for MySQL/MariaDB backups; " + m.id() + " is "
                    + m.product());
        }
        if (!BackupEngine.of(target.dialect()).replaysBinlog() || target.database() == null) {
            throw DbAgentException.badInput("--db must name the MySQL/MariaDB database to restore into");
        }
        if (m.binlog() == null) {
            throw DbAgentException.badInput("backup " + m.id() + " has no binary log position: binary logging "
                    + "(log_bin) was off when it was taken, so nothing can be replayed on top of it. Enable log_bin "
                    + "(binlog_format=ROW), take a new backup, and binlog PITR works from then on");
        }
        OffsetDateTime t = PitrRestore.parseTime(targetTime).withOffsetSameInstant(ZoneOffset.UTC);
        if (!t.toInstant().isAfter(m.startedAt())) {
            throw DbAgentException.badInput("target time " + t + " is before backup " + m.id() + " was taken ("
                    + m.startedAt() + "): use an older backup");
        }
        String first = m.binlog().file();
        String dir = PitrRestore.shellSafe(binlogDir);
        String base = first.contains(".") ? first.substring(0, first.lastIndexOf('.')) : first;
        String tool = m.product().equals("MariaDB") ? "mariadb-binlog" : "mysqlbinlog";
        String client = m.product().equals("MariaDB") ? "mariadb" : "mysql";
        String rewrite = m.database().equals(target.database()) ? ""
                : " --rewrite-db='" + m.database() + "->" + target.database() + "'";
        return """
                #!/bin/sh
                # Point-in-time recovery of %1$s to %2$s UTC, written by dbagent.
                # Run on the database host (it reads the binary logs in %3$s). Credentials: ~/.my.cnf or
                # --defaults-extra-file, never on this command line.
                set -eu
                # 1. the full backup, taken %4$s at binlog position %5$s:%6$d
                dbagent backup restore %7$s --db %8$s --yes
                # 2. the binary logs from that position up to the target time (TZ=UTC: --stop-datetime is read in
                #    the local time zone of this process)
                files=$(ls %3$s/%9$s.[0-9]* | awk '$0 >= "%3$s/%5$s"' | sort)
                TZ=UTC %10$s --start-position=%6$d --stop-datetime='%2$s' --database=%11$s%12$s $files \\
                  | %13$s --database=%14$s
                # 3. check the data, then point applications at %14$s
                """.formatted(m.database(), BINLOG_TIME.format(t), dir, m.startedAt(), first, m.binlog().position(),
                folder, target.password() == null ? "'" + target.redacted() + "'" : "\"$DBAGENT_DB\"", base, tool, m.database(), rewrite, client, target.database());
    }
}

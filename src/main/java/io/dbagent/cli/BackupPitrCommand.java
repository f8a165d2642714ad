package io.dbagent.cli;

import io.dbagent.backup.BackupText;
import io.dbagent.backup.PitrRestore;
import io.dbagent.backup.WalArchiving;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "pitr", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Point-in-time recovery: PostgreSQL WAL archiving and base backups, restore to a moment; "
                + "a binlog replay script for MySQL/MariaDB.",
                "",
                "SQLite has no log to replay: use frequent verified backups (or WAL shipping with Litestream)."},
        subcommands = {BackupPitrCommand.Setup.class, BackupPitrCommand.Restore.class,
                BackupPitrCommand.BinlogScript.class})
final class BackupPitrCommand implements Runnable {

    @ParentCommand
    BackupCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"PostgreSQL: show (or --apply with ALTER SYSTEM) the WAL archiving settings and, with "
                    + "--base-dir, take a base backup with pg_basebackup once archiving is active.",
                    "",
                    "wal_level and archive_mode need a server restart; run again afterwards to take the base backup."})
    static final class Setup implements Callable<Integer> {
        @ParentCommand
        BackupPitrCommand pitr;

        @Mixin
        DbOptions dbOptions;

        @Option(names = "--wal-archive", required = true, paramLabel = "DIR",
                description = "Archive folder on the database server (archive_command copies WAL segments there).")
        Path walArchive;

        @Option(names = "--base-dir", paramLabel = "DIR", description = "Take a base backup into a new folder here.")
        Path baseDir;

        @Option(names = "--apply", description = "Write the settings with ALTER SYSTEM and reload (superuser).")
        boolean apply;

        @Option(names = "--tool-dir", paramLabel = "DIR", description = "Folder with pg_basebackup.")
        Path toolDir;

        @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json")
        String format;

        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("backup pitr setup", format, OutputFormat.TEXT, OutputFormat.JSON);
            WalArchiving.SetupResult r = pitr.parent.main.app(dbOptions.resolve(pitr.parent.main.env())).backups()
                    .pitrSetup(walArchive, baseDir, apply, toolDir);
            if (fmt == OutputFormat.JSON) {
                pitr.parent.print(Json.write(r) + "\n");
                return 0;
            }
            StringBuilder sb = new StringBuilder("WAL archiving on " + r.target() + ": "
                    + (r.archivingActive() ? "active" : "NOT active") + (r.applied() ? " (settings written with "
                    + "ALTER SYSTEM)" : "") + "\n\n# postgresql.conf\n");
            for (WalArchiving.Setting s : r.settings()) {
                sb.append(s.name()).append(" = '").append(s.wanted()).append("'");
                sb.append(s.ok() ? "   # ok" : "   # now '" + s.current() + "'" + (s.pendingRestart()
                        ? ", restart pending" : s.restartToChange() ? ", needs a restart" : "")).append('\n');
            }
            if (r.base() != null) {
                sb.append("\nbase backup ").append(r.base().folder()).append(": ")
                        .append(BackupText.bytes(r.base().sizeBytes())).append(" in ")
                        .append(BackupText.seconds(r.base().seconds())).append(", checked with pg_verifybackup\n");
            }
            if (!r.nextSteps().isEmpty()) {
                sb.append("\nnext:\n");
                r.nextSteps().forEach(x -> sb.append("  - ").append(x).append('\n'));
            }
            pitr.parent.print(sb.toString());
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"PostgreSQL: prepare a NEW data directory from a base backup that replays the WAL archive up "
                    + "to --target-time and promotes. It does not start the server; it prints how to."})
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        BackupPitrCommand pitr;

        @Option(names = "--base", required = true, paramLabel = "DIR", description = "Base backup folder.")
        Path base;

        @Option(names = "--wal-archive", required = true, paramLabel = "DIR", description = "WAL archive folder.")
        Path walArchive;

        @Option(names = "--target-time", required = true, paramLabel = "TIME",
                description = "e.g. 2025-03-01T14:05:00Z or '2025-03-01 15:05:00+01'; a time zone is required.")
        String targetTime;

        @Option(names = "--pgdata", required = true, paramLabel = "DIR", description = "New, empty data directory.")
        Path pgdata;

        @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "Port for the restored server.")
        int port;

        @Override
        public Integer call() {
            PitrRestore.Result r = pitr.parent.main.app(null).backups().pitrRestore(new PitrRestore.Request(base,
                    walArchive, targetTime, pgdata, port));
            StringBuilder sb = new StringBuilder("prepared " + r.pgdata() + " from " + r.base() + " ("
                    + BackupText.bytes(r.copiedBytes()) + "), recovery_target_time = '" + r.recoveryTargetTime()
                    + "', restore_command reads " + r.walArchive() + "\n\nnext:\n");
            r.steps().forEach(x -> sb.append("  - ").append(x).append('\n'));
            pitr.parent.print(sb.toString());
            return 0;
        }
    }

    @Command(name = "binlog-script", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"MySQL/MariaDB: print a shell script that restores a backup and replays the binary log from "
                    + "the backup's position up to --target-time (mariadb-binlog/mysqlbinlog --stop-datetime)."})
    static final class BinlogScript implements Callable<Integer> {
        @ParentCommand
        BackupPitrCommand pitr;

        @Option(names = "--backup", required = true, paramLabel = "DIR", description = "Backup folder.")
        Path backup;

        @Option(names = "--db", required = true, paramLabel = "URL", description = "Database to restore into.")
        String db;

        @Option(names = "--target-time", required = true, paramLabel = "TIME", description = "With a time zone.")
        String targetTime;

        @Option(names = "--binlog-dir", required = true, paramLabel = "DIR",
                description = "Folder of the server's binary logs (SELECT @@log_bin_basename).")
        Path binlogDir;

        @Override
        public Integer call() {
            pitr.parent.print(pitr.parent.main.app(DbUrlParser.parse(db)).backups().binlogReplayScript(backup,
                    targetTime, binlogDir));
            return 0;
        }
    }
}

package io.dbagent.cli;

import picocli.CommandLine.Command;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Verified backups with the engines' own tools, retention, scheduling, PITR and a DR runbook.",
                "",
                "create dumps (pg_dump -Fc, mariadb-dump, SQLite online backup) into a folder with a manifest of "
                        + "SHA-256s, row counts and per-table checksums; verify restores it into a scratch database "
                        + "and compares. Exit 1 when a verification finds differences."},
        subcommands = {
                BackupCreateCommand.class,
                BackupVerifyCommand.class,
                BackupRestoreCommand.class,
                BackupListCommand.class,
                BackupPruneCommand.class,
                BackupScheduleCommand.class,
                BackupPitrCommand.class,
                BackupRunbookCommand.class
        })
final class BackupCommand extends GroupCommand {
}

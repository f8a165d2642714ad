package io.dbagent.cli;

import io.dbagent.jdbc.DbUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;

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
final class BackupCommand implements Runnable {

    @ParentCommand
    Main main;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    PrintWriter out() {
        return main.spec.commandLine().getOut();
    }

    void print(String text) {
        out().print(text);
        out().flush();
    }

    /** {@code --dev-db}, else {@code DBAGENT_DEV_DB}; null when neither is set. */
    DbUrl devDb(String option) {
        return io.dbagent.jdbc.ScratchDatabase.devServer(option, main.env());
    }
}

package io.dbagent.cli;

import io.dbagent.backup.BackupRestorer;
import io.dbagent.backup.BackupText;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Restore a backup into a database, then compare it with the manifest.",
                "",
                "Refuses without --yes, refuses a backup whose files fail their SHA-256, and refuses a target that "
                        + "already has tables, views or routines unless --force (then the backup's objects replace "
                        + "those of the same name; PostgreSQL restores in one transaction). Create the target "
                        + "database first. Exit 1 when the restored data differs from the manifest."})
final class BackupRestoreCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup folder.")
    Path backup;

    @Mixin
    DbOptions dbOptions;

    @Option(names = "--yes", description = "Confirm writing into the target database.")
    boolean yes;

    @Option(names = "--force", description = "Restore even though the target database is not empty.")
    boolean force;

    @Option(names = "--tool-dir", paramLabel = "DIR", description = "Folder with pg_restore / mariadb.")
    Path toolDir;

    @Mixin
    TextOrJson output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("backup restore");
        BackupRestorer.Result r = parent.main.app(dbOptions.resolve(parent.main.env())).backups()
                .restore(backup, yes, force, toolDir);
        parent.print(fmt == OutputFormat.JSON ? ReportRenderer.render(r.report(), fmt) : BackupText.restore(r));
        return r.report().findings().isEmpty() ? 0 : 1;
    }
}

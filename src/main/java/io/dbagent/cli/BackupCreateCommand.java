package io.dbagent.cli;

import io.dbagent.app.BackupUseCases;
import io.dbagent.backup.BackupService;
import io.dbagent.backup.BackupText;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Back up a database into a new folder under --dir, with manifest.json.",
                "",
                "PostgreSQL: pg_dump -Fc on the snapshot the checksums read. MySQL/MariaDB: mariadb-dump/mysqldump "
                        + "--single-transaction --routines --triggers --events. SQLite: the online backup API. "
                        + "Passwords go through PGPASSWORD or a 0600 option file, never the command line. "
                        + "With --verify the backup is restored into a scratch database and compared (exit 1 on "
                        + "differences)."})
final class BackupCreateCommand extends BackupFolderCommand implements Callable<Integer> {

    @Option(names = "--verify", description = "Restore into a scratch database and compare afterwards.")
    boolean verify;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "PostgreSQL/MySQL: server for the scratch database of --verify (default $DBAGENT_DEV_DB).")
    String devDb;

    @Option(names = "--tool-dir", paramLabel = "DIR",
            description = "Folder with pg_dump / mariadb-dump (default: the server's version in the usual places, PATH).")
    Path toolDir;

    @Mixin
    TextOrJson output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("backup create");
        BackupService.CreateResult r = parent.main.app(dbOptions.resolve(parent.main.env())).backups()
                .create(dir, toolDir, verify, devDb);
        parent.print(fmt == OutputFormat.JSON ? Json.write(BackupUseCases.createdResponse(r)) + "\n"
                : BackupText.create(r));
        return r.verification() == null || r.verification().ok() ? 0 : 1;
    }
}

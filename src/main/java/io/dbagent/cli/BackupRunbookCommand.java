package io.dbagent.cli;

import io.dbagent.backup.DrRunbook;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "runbook", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write a disaster-recovery runbook for a database: RPO from the real backup gaps (or WAL "
                + "archiving), RTO from the last measured restore, restore steps with real paths, who checks what.",
                "",
                "Works from the backups alone when the database does not answer."})
final class BackupRunbookCommand extends BackupFolderCommand implements Callable<Integer> {

    @Option(names = {"--format", "-f"}, defaultValue = "markdown", paramLabel = "markdown|json",
            description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("backup runbook", format, OutputFormat.MARKDOWN, OutputFormat.TEXT,
                OutputFormat.JSON);
        DrRunbook.Runbook r = parent.main.app(dbOptions.resolve(parent.main.env())).backups().runbook(dir);
        parent.print(fmt == OutputFormat.JSON ? Json.write(r.objectives()) + "\n" : r.markdown());
        return 0;
    }
}

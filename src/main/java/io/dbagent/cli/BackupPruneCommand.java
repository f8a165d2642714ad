package io.dbagent.cli;

import io.dbagent.backup.BackupPruner;
import io.dbagent.backup.BackupText;
import io.dbagent.backup.GfsPolicy;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Delete backups outside a grandfather-father-son policy.",
                "",
                "Per database: the newest backup of each of the last N days, weeks (ISO) and months that have "
                        + "backups is kept, and always the newest one. Days are UTC. Only folders with a dbagent "
                        + "manifest are ever deleted. --dry-run shows the plan."})
final class BackupPruneCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder holding the backups.")
    Path dir;

    @Option(names = "--keep-daily", defaultValue = "7", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int daily;

    @Option(names = "--keep-weekly", defaultValue = "4", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int weekly;

    @Option(names = "--keep-monthly", defaultValue = "12", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int monthly;

    @Option(names = "--dry-run", description = "Only show what would be deleted.")
    boolean dryRun;

    @Mixin
    TextOrJson output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("backup prune");
        BackupPruner.Result r = parent.main.app(null).backups().prune(dir, new GfsPolicy.Keep(daily, weekly, monthly),
                dryRun);
        if (fmt == OutputFormat.JSON) {
            parent.print(Json.write(r) + "\n");
            return 0;
        }
        TextTable t = new TextTable("backup", "started (UTC)", "size", "action", "why kept");
        for (BackupPruner.Line l : r.lines()) {
            t.row(l.id(), l.startedAt(), BackupText.bytes(l.sizeBytes()),
                    l.keep() ? "keep" : r.dryRun() ? "would delete" : "deleted", String.join(", ", l.reasons()));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(r.dryRun() ? "dry run: " : "").append("keep ").append(r.kept()).append(", ")
                .append(r.dryRun() ? "would delete " : "deleted ").append(r.deleted()).append(" (")
                .append(BackupText.bytes(r.freedBytes())).append(") in ").append(r.dir()).append('\n');
        if (!t.isEmpty()) {
            sb.append(t.render(""));
        }
        parent.print(sb.toString());
        return 0;
    }
}

package io.dbagent.cli;

import io.dbagent.backup.BackupText;
import io.dbagent.backup.BackupVerifier;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Prove a backup restores: SHA-256 of every file, restore into a scratch database, compare the "
                + "schema model, row counts and table checksums with the manifest.",
                "",
                "Exit 0 when identical, 1 with the differences listed, 2 on bad input."})
final class BackupVerifyCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup folder (the one holding manifest.json).")
    Path backup;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "PostgreSQL/MySQL: server where a scratch database may be created and dropped "
                    + "(default $DBAGENT_DEV_DB).")
    String devDb;

    @Option(names = "--tool-dir", paramLabel = "DIR", description = "Folder with pg_restore / mariadb.")
    Path toolDir;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("backup verify", format, OutputFormat.TEXT, OutputFormat.JSON,
                OutputFormat.MARKDOWN);
        BackupVerifier.Result r = parent.main.app(null).backups().verify(backup, devDb, toolDir);
        parent.print(fmt == OutputFormat.TEXT ? BackupText.verify(r) : ReportRenderer.render(r.report(), fmt));
        return r.ok() ? 0 : 1;
    }
}

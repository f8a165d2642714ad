package io.dbagent.cli;

import io.dbagent.backup.BackupService;
import io.dbagent.backup.BackupText;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Back up a database into a new folder under --dir, with manifest.json.",
                "",
                "PostgreSQL: pg_dump -Fc on the snapshot the checksums read. MySQL/MariaDB: mariadb-dump/mysqldump "
                        + "--single-transaction --routines --triggers --events. SQLite: the online backup API. "
                        + "Passwords go through PGPASSWORD or a 0600 option file, never the command line. "
                        + "With --verify the backup is restored into a scratch database and compared (exit 1 on "
                        + "differences)."})
final class BackupCreateCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Mixin
    DbOptions dbOptions;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder holding the backups.")
    Path dir;

    @Option(names = "--verify", description = "Restore into a scratch database and compare afterwards.")
    boolean verify;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "PostgreSQL/MySQL: server for the scratch database of --verify (default $DBAGENT_DEV_DB).")
    String devDb;

    @Option(names = "--tool-dir", paramLabel = "DIR",
            description = "Folder with pg_dump / mariadb-dump (default: the server's version in the usual places, PATH).")
    Path toolDir;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("backup create", format, OutputFormat.TEXT, OutputFormat.JSON);
        BackupService.CreateResult r = BackupService.builder(dbOptions.resolve(parent.main.env()), dir)
                .toolDir(toolDir).verify(verify).devDb(parent.devDb(devDb)).create();
        io.dbagent.backup.BackupMemory.created(io.dbagent.memory.MemoryStore.forEnv(parent.main.env()), r);
        if (fmt == OutputFormat.JSON) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("folder", r.folder().toString());
            out.put("manifest", r.manifest().withoutSchema());
            if (r.verification() != null) {
                out.put("verification", r.verification().report());
            }
            out.put("warnings", r.warnings());
            parent.print(Json.write(out) + "\n");
        } else {
            parent.print(BackupText.create(r));
        }
        return r.verification() == null || r.verification().ok() ? 0 : 1;
    }
}

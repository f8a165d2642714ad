package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.app.BackupUseCases;
import io.dbagent.backup.BackupCatalog;
import io.dbagent.report.Json;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backup tools. Creating and verifying a backup only read the database (and write files in the backup folder);
 * restoring replaces data, so it is not a tool: the user runs {@code dbagent backup restore … --yes} themselves.
 */
public final class BackupTools {

    private final DatabaseTools core;

    BackupTools(DatabaseTools core) {
        this.core = core;
    }

    @ToolHints(readOnly = false) // writes a new backup folder under a work directory
    @Tool(name = "create_backup", value = {
            "Back up the database into a new folder under `dir` with the engine's own tool (pg_dump, mariadb-dump, "
                    + "SQLite online backup) and a manifest of checksums and row counts; with verify=true it then "
                    + "restores into a scratch database and compares. Returns the folder, size, timings and the "
                    + "verification findings. Use for 'back up my database' and before risky changes."})
    public String createBackup(
            @P("Folder that holds the backups") String dir,
            @P(value = "Restore-test the backup afterwards (default true)", required = false) Boolean verify,
            @P(value = "PostgreSQL/MySQL server URL for the scratch database of the restore test "
                    + "(default $DBAGENT_DEV_DB)", required = false) String devDb) {
        return DatabaseTools.guarded(() -> Json.write(BackupUseCases.createdResponse(
                core.app().backups().createUnderWorkdir(dir, verify, devDb))));
    }

    @ToolHints(readOnly = false) // records the restore test in memory
    @Tool(name = "verify_backup", value = {
            "Check a backup folder: SHA-256 of every file, then a restore into a scratch database compared with the "
                    + "manifest (schema, row counts, per-table checksums). Returns findings; none means identical."})
    public String verifyBackup(
            @P("The backup folder (contains manifest.json)") String folder,
            @P(value = "PostgreSQL/MySQL server URL for the scratch database (default $DBAGENT_DEV_DB)",
                    required = false) String devDb) {
        return DatabaseTools.guarded(() -> Json.write(core.app().backups().verify(Path.of(folder), devDb, null).report()));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "list_backups", value = {"List the backups in a folder with their time, size, tables and whether "
            + "the last restore test passed."})
    public String listBackups(@P("Folder that holds the backups") String dir) {
        return DatabaseTools.guarded(() -> {
            BackupCatalog.Listing l = core.app().backups().list(Path.of(dir));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dir", l.dir().toString());
            out.put("backups", l.backups().stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("folder", e.folder().toString());
                m.put("finishedAt", e.manifest().finishedAt());
                m.put("sizeBytes", e.manifest().sizeBytes());
                m.put("tables", e.manifest().tables().size());
                m.put("verified", e.verified());
                m.put("restoreSeconds", e.restoreSeconds());
                return m;
            }).toList());
            out.put("partials", l.partials());
            return Json.write(out);
        });
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "backup_runbook", value = {"Write a disaster-recovery runbook for this database from its backups "
            + "in `dir`: RPO/RTO from the schedule and the measured restore time, step-by-step restore commands. "
            + "Returns Markdown."})
    public String backupRunbook(@P("Folder that holds the backups") String dir) {
        return DatabaseTools.guarded(() -> core.app().backups().runbook(Path.of(dir)).markdown());
    }
}

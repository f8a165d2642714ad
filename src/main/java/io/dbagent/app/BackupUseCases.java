package io.dbagent.app;

import io.dbagent.backup.BackupCatalog;
import io.dbagent.backup.BackupMemory;
import io.dbagent.backup.BackupService;
import io.dbagent.backup.BackupVerifier;
import io.dbagent.backup.DrRunbook;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.ScratchDatabase;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backup use cases: create, verify, list and the disaster-recovery runbook. Creating and verifying record their
 * timings in memory here (with the engine as dialect), whichever face asked; restoring replaces data and stays a
 * command the user runs.
 */
public final class BackupUseCases {

    private final App.Collaborators with;

    BackupUseCases(App.Collaborators with) {
        this.with = with;
    }

    /**
     * Backs up the application's database into a new folder under {@code dir} with the engine's own tool found in
     * {@code toolDir} (null: the usual places), restore-testing it on {@code devDb} (null: $DBAGENT_DEV_DB) when
     * {@code verify}.
     */
    public BackupService.CreateResult create(Path dir, Path toolDir, boolean verify, String devDb) {
        BackupService.CreateResult r = BackupService.builder(url(), dir).toolDir(toolDir).verify(verify)
                .devDb(devServer(devDb)).create();
        BackupMemory.created(with.memory(), r);
        return r;
    }

    /**
     * Like {@link #create} for a folder a model named: it must lie under a work directory; {@code verify} null
     * means true.
     */
    public BackupService.CreateResult createUnderWorkdir(String dir, Boolean verify, String devDb) {
        Path d = with.writableDirs().checkWritable(dir, "backup folder");
        return create(d, null, verify == null || verify, devDb);
    }

    /** The JSON answer of a created backup: folder, manifest without the schema, verification report, warnings. */
    public static Map<String, Object> createdResponse(BackupService.CreateResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("folder", r.folder().toString());
        out.put("manifest", r.manifest().withoutSchema());
        if (r.verification() != null) {
            out.put("verification", r.verification().report());
        }
        out.put("warnings", r.warnings());
        return out;
    }

    /** Checks a backup folder's files and restores it into a scratch database to compare; records the timing. */
    public BackupVerifier.Result verify(Path folder, String devDb, Path toolDir) {
        BackupVerifier.Result r = BackupVerifier.verify(folder, devServer(devDb), toolDir);
        BackupMemory.verified(with.memory(), r);
        return r;
    }

    /** The backups in a folder, with leftovers of interrupted ones. */
    public BackupCatalog.Listing list(Path dir) {
        return BackupCatalog.list(dir);
    }

    /** The disaster-recovery runbook of the application's database from the backups in {@code dir}. */
    public DrRunbook.Runbook runbook(Path dir) {
        return DrRunbook.build(url(), dir);
    }

    /** {@code devDb}, else $DBAGENT_DEV_DB of the application's environment; null when neither is set. */
    public DbUrl devServer(String devDb) {
        return ScratchDatabase.devServer(devDb, with.env());
    }

    private DbUrl url() {
        return with.requireUrl("backups need a database URL");
    }
}

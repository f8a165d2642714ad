package io.dbagent.app;

import io.dbagent.backup.BackupCatalog;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupMemory;
import io.dbagent.backup.BackupPruner;
import io.dbagent.backup.BackupRestorer;
import io.dbagent.backup.BackupSchedule;
import io.dbagent.backup.BackupService;
import io.dbagent.backup.BackupVerifier;
import io.dbagent.backup.DrRunbook;
import io.dbagent.backup.GfsPolicy;
import io.dbagent.backup.PitrRestore;
import io.dbagent.backup.WalArchiving;
import io.dbagent.backup.BackupManifest;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.schema.Table;
import io.dbagent.jdbc.ScratchDatabase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backup use cases: create, verify, list, restore, prune, schedule, point-in-time recovery and the disaster-recovery
 * runbook. Creating and verifying record their timings in memory here (with the engine as dialect), whichever face
 * asked; restoring replaces data and is offered to the user's commands only, not to the agent's tools.
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

    /**
     * Restores a backup folder into the application's database (replaces data: {@code yes} must confirm it, and
     * {@code force} allows a non-empty target); the engine's tool is looked for in {@code toolDir}.
     */
    public BackupRestorer.Result restore(Path backup, boolean yes, boolean force, Path toolDir) {
        return BackupRestorer.restore(backup, url(), yes, force, toolDir);
    }

    /**
     * What {@link #restore} would do, read before anything is written: the backup, the target and, as
     * {@link DataLoss.Effect}s with the target's rows, the tables it replaces (SQLite: the whole file, so every table;
     * servers: the tables of the same name). Refuses like the restore itself when the backup's engine differs, its
     * files fail their checksums, or the target holds objects and {@code force} is not given (the restore's own
     * rule, {@link BackupRestorer#requireEmptyTarget}).
     */
    public RestorePreview restorePreview(Path backup, boolean force) {
        DbUrl target = url();
        Path abs = backup.toAbsolutePath().normalize();
        BackupManifest m = BackupManifest.read(abs);
        if (io.dbagent.jdbc.DialectKind.parse(m.engine()) != target.dialect()) {
            throw io.dbagent.DbAgentException.badInput("backup " + m.id() + " is a " + m.product() + " backup; it "
                    + "cannot be restored into " + target.redacted() + " (" + target.dialect() + ")");
        }
        List<io.dbagent.report.Finding> damaged = BackupVerifier.checkFiles(abs, m);
        if (!damaged.isEmpty()) {
            throw io.dbagent.DbAgentException.badInput("refusing to restore " + m.id() + ": "
                    + damaged.get(0).message() + "; nothing was changed");
        }
        boolean whole = Dialects.of(target.dialect()).embedded();
        List<DataLoss.Effect> replaced = new ArrayList<>();
        if (!(whole && !java.nio.file.Files.exists(Path.of(target.database())))) {
            try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
                // the restore's own rule (views, sequences and routines count too), so a target the preview lets
                // through is one the restore accepts
                BackupRestorer.requireEmptyTarget(s, target, force);
                List<Table> tables = Dialects.inspect(s).tables();
                for (Table t : tables) {
                    if (whole || m.table(t.name()).isPresent()) {
                        replaced.add(new DataLoss.Effect("REPLACE TABLE", t.name(), null, true, t.rowEstimate()));
                    }
                }
            }
        }
        return new RestorePreview(abs, m.id(), target.redacted(), m.tables().size(), m.totalRows(), replaced);
    }

    /**
     * What a restore would do.
     *
     * @param replaced the target's tables whose rows the backup's replace, with their rows (-1 unknown)
     */
    public record RestorePreview(Path folder, String backupId, String target, int tables, long rows,
                                 List<DataLoss.Effect> replaced) {
    }

    /** Deletes (or, on a dry run, only lists) the backups in {@code dir} that the policy does not keep. */
    public BackupPruner.Result prune(Path dir, GfsPolicy.Keep keep, boolean dryRun) {
        return BackupPruner.prune(dir, keep, dryRun);
    }

    /**
     * A scheduled-job description for daily backups of the application's database into {@code dir}; the job starts
     * dbagent by the absolute command that started this one (cron and systemd do not have the user's PATH).
     */
    public BackupSchedule.Builder schedule(Path dir) {
        return BackupSchedule.builder(url(), dir).command(Launcher.shellCommand());
    }

    /**
     * Shows (or with {@code apply} writes) the WAL archiving settings of the application's database and, with
     * {@code baseDir}, takes a base backup once archiving is active.
     */
    public WalArchiving.SetupResult pitrSetup(Path walArchive, Path baseDir, boolean apply, Path toolDir) {
        DbUrl url = url();
        return BackupEngine.of(url.dialect()).walArchiving()
                .setup(new WalArchiving.SetupRequest(url, walArchive, baseDir, apply, toolDir));
    }

    /** Prepares a new data directory that replays a WAL archive up to a time; no server is started. */
    public PitrRestore.Result pitrRestore(PitrRestore.Request request) {
        return PitrRestore.prepare(request);
    }

    /**
     * A shell script that restores {@code backup} into the application's database and replays the binary log up to
     * {@code targetTime}; nothing is run.
     */
    public String binlogReplayScript(Path backup, String targetTime, Path binlogDir) {
        DbUrl url = url();
        return BackupEngine.of(url.dialect()).binlogReplayScript(backup, url, targetTime, binlogDir);
    }

    /** {@code devDb}, else $DBAGENT_DEV_DB of the application's environment; null when neither is set. */
    public DbUrl devServer(String devDb) {
        return ScratchDatabase.devServer(devDb, with.env());
    }

    private DbUrl url() {
        return with.requireUrl("backups need a database URL");
    }
}

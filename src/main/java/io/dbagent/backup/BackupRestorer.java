package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backup restore}: restores a backup into a target database, refusing (before touching anything) when the files
 * do not match the manifest, the engines differ, or the target already holds objects and {@code force} was not given.
 * Afterwards the target's row counts, checksums and schema are compared with the manifest, as in verify.
 */
public final class BackupRestorer {

    /** Outcome of a restore. */
    public record Result(Path folder, BackupManifest manifest, String target, Report<Void> report, double seconds,
                         List<String> warnings) {
    }

    private BackupRestorer() {
    }

    /**
     * The restore's emptiness rule, for the restore and for every preview of it: the target ({@code session}, open on
     * {@code target}) must hold no user object of the engine's kind (tables, views, sequences, routines: the engine's
     * {@link BackupEngine#userObjectsQuery()}) unless {@code force} lets the backup's objects replace the ones of the
     * same name. Throws the one-line refusal; returns the number of objects otherwise.
     */
    public static long requireEmptyTarget(DbSession session, DbUrl target, boolean force) {
        return requireEmptyTarget(BackupEngine.of(target.dialect()), session, target, force);
    }

    private static long requireEmptyTarget(BackupEngine engine, DbSession session, DbUrl target, boolean force) {
        long objects = engine.userObjects(session);
        if (objects > 0 && !force) {
            throw DbAgentException.badInput("target " + target.redacted() + " is not empty (" + objects
                    + " tables, views, sequences or routines): restore into an empty database, or pass "
                    + "--force to let the backup's objects replace the ones of the same name; nothing was changed");
        }
        return objects;
    }

    /**
     * @param confirmed the user said {@code --yes}; without it nothing happens
     * @param force     restore into a database that already has objects (the backup's objects replace theirs)
     */
    public static Result restore(Path folder, DbUrl target, boolean confirmed, boolean force, Path toolDir) {
        Path abs = folder.toAbsolutePath().normalize();
        BackupManifest m = BackupManifest.read(abs);
        DialectKind kind = DialectKind.parse(m.engine());
        if (!confirmed) {
            throw DbAgentException.badInput("backup restore writes into " + target.redacted()
                    + ": add --yes to confirm (nothing was changed)");
        }
        if (target.dialect() != kind) {
            throw DbAgentException.badInput("backup " + m.id() + " is a " + m.product() + " backup; it cannot be "
                    + "restored into " + target.redacted() + " (" + target.dialect() + ")");
        }
        BackupEngine engine = BackupEngine.of(kind, new ToolLocator(toolDir));
        if (engine.restoreNeedsDatabase() && target.database() == null) {
            throw DbAgentException.badInput("name the target database in the URL: mysql://host:3306/DATABASE "
                    + "(create it first: CREATE DATABASE name)");
        }
        List<Finding> damaged = BackupVerifier.checkFiles(abs, m);
        if (!damaged.isEmpty()) {
            throw DbAgentException.badInput("refusing to restore " + m.id() + ": " + damaged.get(0).message()
                    + "; nothing was changed");
        }
        if (!(Dialects.of(kind).embedded() && !java.nio.file.Files.exists(Path.of(target.database())))) {
            try (DbSession s = ConnectionFactory.open(target)) {
                requireEmptyTarget(engine, s, target, force);
            }
        }
        long t0 = System.nanoTime();
        try {
            engine.restore(m, abs, target, force);
        } catch (RestoreFailedException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, "restore of " + m.id() + " into "
                    + target.redacted() + " failed: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>(BackupVerifier.compare(m, engine.readBack(target), skipped));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("restoreSeconds", BackupTimings.round(seconds));
        metrics.put("tables", m.tables().size());
        metrics.put("rows", m.totalRows());
        Report<Void> report = new Report<>("backup restore", target.redacted(), m.product() + " " + m.serverVersion(),
                findings, skipped, metrics);
        List<String> warnings = new ArrayList<>();
        new BackupTimings(abs.getParent()).record(BackupTimings.Entry.of(BackupTimings.Operation.restore, m, seconds,
                seconds, findings.isEmpty())).ifPresent(warnings::add);
        return new Result(abs, m, target.redacted(), report, seconds, warnings);
    }
}

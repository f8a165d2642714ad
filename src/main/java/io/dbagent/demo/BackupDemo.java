package io.dbagent.demo;

import io.dbagent.backup.BackupManifest;
import io.dbagent.backup.BackupService;
import io.dbagent.backup.BackupText;
import io.dbagent.backup.BackupVerifier;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;

/**
 * The backup step of {@code dbagent demo}: back up the demo's shop database, restore it into a scratch database and
 * compare, and say how long each took. The lead wires {@link #run} into the demo.
 */
public final class BackupDemo {

    /** What the demo shows. */
    public record Result(Path folder, BackupManifest manifest, boolean verified, Double restoreSeconds, String text) {
    }

    private BackupDemo() {
    }

    /**
     * @param session an open session on the demo database (only its URL is used: the backup opens its own)
     * @param dir     folder for the backup
     * @param devDb   PostgreSQL/MySQL: server for the scratch database; null uses the demo's own server
     */
    public static Result run(DbSession session, Path dir, DbUrl devDb) {
        DbUrl url = session.url();
        DbUrl dev = Dialects.of(url).embedded() ? null : devDb != null ? devDb : url;
        BackupService.CreateResult r = BackupService.builder(url, dir).verify(true).devDb(dev).create();
        BackupVerifier.Result v = r.verification();
        String text = "backup: " + r.manifest().id() + " (" + BackupText.bytes(r.manifest().sizeBytes()) + ", "
                + r.manifest().tables().size() + " tables, " + String.format(java.util.Locale.ROOT, "%,d",
                r.manifest().totalRows()) + " rows) in " + BackupText.seconds(r.manifest().seconds())
                + "; restore test " + (v.ok() ? "passed" : "FAILED") + " in "
                + BackupText.seconds(v.restoreSeconds() == null ? 0 : v.restoreSeconds())
                + " (schema, row counts and per-table checksums compared)\n  folder: " + r.folder() + "\n";
        return new Result(r.folder(), r.manifest(), v.ok(), v.restoreSeconds(), text);
    }
}

package io.dbagent.backup;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The Markdown text of {@link DrRunbook}. */
final class RunbookText {

    private RunbookText() {
    }

    static String markdown(DrRunbook.Objectives o, DbUrl url, Path dir, BackupCatalog.Entry last,
                           BackupCatalog.Entry measured) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Disaster-recovery runbook: ").append(o.database()).append(" (").append(o.product()).append(")\n\n");
        sb.append("Written ").append(DrRunbook.at(Instant.now())).append(" by dbagent from ").append(o.backups())
                .append(" backup(s) in `").append(dir).append("`. Database: `").append(url.redacted()).append("`.\n\n");
        o.notes().forEach(n -> sb.append("> ").append(n).append("\n\n"));

        sb.append("## Recovery objectives\n\n| | value | based on |\n|---|---|---|\n");
        sb.append("| RPO (data at risk) | ").append(rpo(o)).append(" |\n");
        sb.append("| RTO (restore time) | ").append(o.measuredRestoreSeconds() == null ? "unknown | no verified "
                + "backup yet" : BackupText.seconds(o.measuredRestoreSeconds()) + " for "
                + BackupText.bytes(o.measuredRestoreBytes()) + ", plus provisioning and repointing applications | "
                + "restore measured by verify of `" + o.measuredOn() + "`").append(" |\n");
        sb.append("| last backup | ").append(last == null ? "none" : "`" + last.manifest().id() + "`, "
                + BackupText.bytes(last.manifest().sizeBytes()) + ", " + String.format(Locale.ROOT, "%,d",
                last.manifest().totalRows()) + " rows, " + DrRunbook.hours(o.lastBackupAgeHours()) + " ago")
                .append(" | ").append(last == null ? "" : last.verified() == null ? "never verified"
                        : last.verified() ? "verified by a restore" : "**verification FAILED**").append(" |\n");
        sb.append("| point-in-time recovery | ").append(o.pitr()).append(" | server settings |\n\n");

        sb.append("## Restore, step by step\n\n");
        String folder = last == null ? dir.resolve("<backup>").toString() : last.folder().toString();
        String newDb = o.database() + "_restored";
        BackupEngine engine = BackupEngine.of(url.dialect());
        boolean embedded = Dialects.of(url).embedded();
        DbUrl target = embedded ? null : url.withDatabase(newDb);
        int n = 1;
        sb.append(n++).append(". Declare the incident, stop writes to `").append(o.database())
                .append("` (stop the application or revoke its write grants) so nothing lands in a database you are "
                        + "about to replace.\n");
        sb.append(n++).append(". Pick the backup: `dbagent backup list --dir ").append(dir)
                .append("` — the newest with `ok` under *verified*").append(last == null ? "" : " (now `"
                        + last.manifest().id() + "`)").append(".\n");
        if (!embedded) {
            sb.append(n++).append(". Prove it restores: `dbagent backup verify ").append(folder)
                    .append(" --dev-db \"$DBAGENT_DEV_DB\"` (exit 0 = schema, counts and checksums match).\n");
            sb.append(n++).append(". Create an empty database: `").append(engine.createDatabaseCommand(url, newDb))
                    .append("`.\n");
            sb.append(n++).append(". Restore: `dbagent backup restore ").append(folder).append(" --db ")
                    .append(target.redacted()).append(" --yes` (put the password in `DBAGENT_DB` instead of the "
                            + "command line); it compares counts and checksums afterwards.\n");
        } else {
            sb.append(n++).append(". Prove it restores: `dbagent backup verify ").append(folder).append("`.\n");
            String restored = Path.of(url.database()).toAbsolutePath().normalize().resolveSibling(newDb + ".db")
                    .toString();
            sb.append(n++).append(". Restore into a new file: `dbagent backup restore ").append(folder)
                    .append(" --db sqlite:").append(restored).append(" --yes`, then move it into place while the "
                            + "application is stopped.\n");
        }
        if (o.pitr().startsWith("WAL archiving on")) {
            sb.append(n++).append(". To a moment instead (e.g. just before a bad DELETE): `dbagent backup pitr restore "
                    + "--base <base backup> --wal-archive <archive> --target-time 'YYYY-MM-DDTHH:MM:SSZ' --pgdata "
                    + "/new/dir`, start it as printed, copy the data you need.\n");
        } else if (o.pitr().startsWith("binary log on")) {
            sb.append(n++).append(". To a moment: `dbagent backup pitr binlog-script --backup ").append(folder)
                    .append(" --db <target> --target-time 'YYYY-MM-DDTHH:MM:SSZ' --binlog-dir <dir>` and run it on "
                            + "the database host.\n");
        }
        sb.append(n++).append(". Repoint the applications, then take and verify a fresh backup of the new database "
                + "at once: `dbagent backup create --db <new URL> --dir ").append(dir).append(" --verify`.\n\n");
        sb.append("Without dbagent (same files): ").append(engine.manualRestoreCommand(newDb, folder))
                .append("; check `sha256sum` against `manifest.json` first.\n\n");

        sb.append("## Who checks what\n\n| who | checks | when | how |\n|---|---|---|---|\n");
        sb.append("| on-call DBA | last night's backup exists and verified | every morning | `dbagent backup list --dir ")
                .append(dir).append("`: newest row younger than the RPO, *verified* `ok`; the scheduled job exits 0 |\n");
        sb.append("| on-call DBA | backup disk has room for two more backups | weekly | `df -h ").append(dir)
                .append("` against the newest backup's size |\n");
        sb.append("| application owner | restored data is complete | at every restore | restore output says counts and "
                + "checksums match; spot-check recent business records |\n");
        sb.append("| team lead | the restore drill works and RTO is still true | quarterly | follow this runbook on a "
                + "scratch server, time it, update this page |\n");
        sb.append("| security | backups are private and a copy is off-site | monthly | folder mode 0700, an off-site "
                + "copy of ").append(dir).append(" |\n\n");

        List<BackupTimings.Entry> timings = new BackupTimings(dir).read().stream()
                .filter(e -> e.database() != null && e.database().equals(o.database())).toList();
        if (!timings.isEmpty()) {
            sb.append("## Measured timings\n\n| when | operation | backup | size | seconds | restore s | ok |\n"
                    + "|---|---|---|---|---|---|---|\n");
            for (BackupTimings.Entry e : timings.subList(Math.max(0, timings.size() - 10), timings.size())) {
                sb.append("| ").append(DrRunbook.at(e.at())).append(" | ").append(e.operation()).append(" | `")
                        .append(e.backup()).append("` | ").append(BackupText.bytes(e.sizeBytes())).append(" | ")
                        .append(e.seconds()).append(" | ").append(e.restoreSeconds() == null ? "" : e.restoreSeconds())
                        .append(" | ").append(e.ok() ? "yes" : "**no**").append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String rpo(DrRunbook.Objectives o) {
        if (o.pitr().startsWith("WAL archiving on")) {
            return "about archive_timeout (seconds) | WAL archiving";
        }
        if (o.largestGapHours() == null) {
            return (o.lastBackupAgeHours() == null ? "unbounded (no backup)" : "at least "
                    + DrRunbook.hours(o.lastBackupAgeHours()) + " (age of the only backup)")
                    + " | schedule backups: `dbagent backup schedule`";
        }
        return "up to " + DrRunbook.hours(o.largestGapHours()) + " | largest gap between the recent backups; "
                + "the newest is " + DrRunbook.hours(o.lastBackupAgeHours()) + " old";
    }
}

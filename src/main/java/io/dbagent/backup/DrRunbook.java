package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code backup runbook}: a disaster-recovery runbook for one database, built from what is known rather than what is
 * hoped: the recovery point from the actual gaps between its backups (or WAL archiving where PostgreSQL has it), the
 * recovery time from the last measured restore, and restore commands with the real folder names.
 */
public final class DrRunbook {

    /** The numbers behind the runbook, for JSON and the agent. */
    public record Objectives(String database, String product, int backups, String lastBackup, Instant lastBackupAt,
                             Boolean lastBackupVerified, Double largestGapHours, Double lastBackupAgeHours,
                             Double measuredRestoreSeconds, Long measuredRestoreBytes, String measuredOn,
                             String pitr, List<String> notes) {
    }

    /** The runbook: its numbers and its Markdown text. */
    public record Runbook(Objectives objectives, String markdown) {
    }

    private DrRunbook() {
    }

    public static Runbook build(DbUrl url, Path dir) {
        BackupCatalog.Listing listing = BackupCatalog.list(dir);
        String source = BackupService.sourceName(url);
        List<BackupCatalog.Entry> mine = listing.backups().stream()
                .filter(e -> source.equals(e.manifest().source()) || e.manifest().engine().equals(url.dialect().id())
                        && e.manifest().database().equals(dbName(url)))
                .toList();
        List<String> notes = new ArrayList<>();
        String product = mine.isEmpty() ? url.dialect().id() : mine.get(0).manifest().product() + " "
                + mine.get(0).manifest().serverVersion();
        String pitr = "none";
        try (DbSession s = ConnectionFactory.open(url)) {
            product = s.describe();
            pitr = pitrState(s);
        } catch (DbAgentException e) {
            notes.add("the database did not answer (" + e.getMessage() + "); this runbook is built from the backups "
                    + "alone");
        }
        Instant now = Instant.now();
        BackupCatalog.Entry last = mine.isEmpty() ? null : mine.get(0);
        Double gap = null;
        for (int i = 0; i + 1 < Math.min(mine.size(), 15); i++) {
            double h = Duration.between(mine.get(i + 1).manifest().startedAt(), mine.get(i).manifest().startedAt())
                    .toMinutes() / 60.0;
            gap = gap == null ? h : Math.max(gap, h);
        }
        BackupCatalog.Entry measured = mine.stream().filter(e -> Boolean.TRUE.equals(e.verified())
                && e.restoreSeconds() != null).findFirst().orElse(null);
        if (mine.isEmpty()) {
            notes.add("no backup of this database in " + listing.dir() + ": take one now with dbagent backup create "
                    + "--db URL --dir " + listing.dir() + " --verify");
        } else if (measured == null) {
            notes.add("no verified backup: the restore time is unknown until one is verified (dbagent backup verify)");
        }
        Objectives o = new Objectives(dbName(url), product, mine.size(), last == null ? null : last.manifest().id(),
                last == null ? null : last.manifest().startedAt(), last == null ? null : last.verified(),
                gap == null ? null : round1(gap),
                last == null ? null : round1(Duration.between(last.manifest().startedAt(), now).toMinutes() / 60.0),
                measured == null ? null : measured.restoreSeconds(),
                measured == null ? null : measured.manifest().sizeBytes(),
                measured == null ? null : measured.manifest().id(), pitr, notes);
        return new Runbook(o, RunbookText.markdown(o, url, listing.dir(), last, measured));
    }

    /** What point-in-time recovery the server offers (PostgreSQL: WAL archiving; MySQL: the binary log). */
    private static String pitrState(DbSession s) {
        try {
            return BackupEngine.of(s.dialect()).pitrState(s);
        } catch (DbAgentException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String dbName(DbUrl url) {
        if (Dialects.of(url).embedded()) {
            String f = Path.of(url.database()).getFileName().toString();
            int dot = f.lastIndexOf('.');
            return (dot > 0 ? f.substring(0, dot) : f).toLowerCase(Locale.ROOT);
        }
        return url.database() == null ? "postgres" : url.database();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String hours(Double h) {
        if (h == null) {
            return "unknown";
        }
        long minutes = Math.round(h * 60);
        return minutes < 60 ? minutes + " min" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }

    static String at(Instant i) {
        return i == null ? "" : i.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

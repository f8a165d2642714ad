package io.dbagent.backup;

import io.dbagent.jdbc.DbUrl;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Point-in-time recovery, part 1, where the engine replays a write-ahead log (PostgreSQL): the settings that archive
 * every finished WAL segment, written with {@code ALTER SYSTEM} when asked, and a base backup once archiving is live.
 * The engine hands it out ({@link BackupEngine#walArchiving()}); part 2 is {@link PitrRestore}.
 */
@FunctionalInterface
public interface WalArchiving {

    /** One setting: what the server has now, what PITR needs, whether changing it needs a restart. */
    public record Setting(String name, String current, String wanted, boolean restartToChange, boolean pendingRestart) {
        public boolean ok() {
            return wanted.equals(current) && !pendingRestart;
        }
    }

    /** A base backup taken by {@link #setup}. */
    public record BaseBackup(Path folder, String label, Instant startedAt, Instant finishedAt, double seconds,
                             long sizeBytes, String serverVersion, String walArchive, String source) {
    }

    /** What setup found, changed and took. */
    public record SetupResult(String target, List<Setting> settings, boolean applied, boolean archivingActive,
                              BaseBackup base, List<String> nextSteps) {
    }

    /** Options of {@link #setup}. */
    public record SetupRequest(DbUrl url, Path walArchive, Path baseDir, boolean apply, Path toolDir) {
    }
    /** Reads (and with {@code apply} writes) the archiving settings and takes a base backup when asked. */
    SetupResult setup(SetupRequest req);
}

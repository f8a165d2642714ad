package io.dbagent.backup;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The backups in a folder: every subfolder with a dbagent manifest, newest first, with its last verification. */
public final class BackupCatalog {

    /**
     * One backup.
     *
     * @param verified       result of the latest verify of this backup, null when never verified
     * @param restoreSeconds restore time measured by that verify (or a real restore)
     */
    public record Entry(Path folder, BackupManifest manifest, Boolean verified, Double restoreSeconds) {
    }

    /** The listing plus leftovers worth a word (partial folders of interrupted backups). */
    public record Listing(Path dir, List<Entry> backups, List<String> partials) {
    }

    private BackupCatalog() {
    }

    public static Listing list(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw DbAgentException.badInput("backup folder " + abs + " does not exist");
        }
        BackupTimings timings = new BackupTimings(abs);
        List<BackupTimings.Entry> log = timings.read();
        List<Entry> out = new ArrayList<>();
        List<String> partials = new ArrayList<>();
        try (Stream<Path> s = Files.list(abs)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".partial")) {
                    partials.add(name);
                    continue;
                }
                Optional<BackupManifest> m = BackupManifest.tryRead(p);
                if (m.isEmpty() || m.get().id() == null || m.get().startedAt() == null) {
                    continue;
                }
                BackupTimings.Entry verify = null;
                BackupTimings.Entry restore = null;
                for (BackupTimings.Entry e : log) {
                    if (m.get().id().equals(e.backup())) {
                        if (e.operation() == BackupTimings.Operation.verify) {
                            verify = e;
                        } else if (e.operation() == BackupTimings.Operation.restore && e.ok()) {
                            restore = e;
                        }
                    }
                }
                Double restoreSeconds = verify != null && verify.restoreSeconds() != null ? verify.restoreSeconds()
                        : restore != null ? restore.seconds() : null;
                out.add(new Entry(p, m.get(), verify == null ? null : verify.ok(), restoreSeconds));
            }
        } catch (IOException e) {
            throw BackupFolders.cannot("list " + abs, e);
        }
        out.sort(Comparator.comparing((Entry e) -> e.manifest().startedAt()).reversed());
        return new Listing(abs, out, partials);
    }

    /** Backups of the same database: same engine and source. */
    static String group(BackupManifest m) {
        return m.engine() + " " + m.source();
    }
}

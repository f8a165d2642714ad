package io.dbagent.backup;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code backup prune}: applies {@link GfsPolicy} to each database's backups in a folder (backups of different
 * databases never count against each other) and deletes the others. It deletes only folders whose manifest says they
 * are dbagent backups; anything else in the folder is left alone. {@code dryRun} only reports.
 */
public final class BackupPruner {

    /** One backup's fate. */
    public record Line(String id, String database, String startedAt, boolean keep, List<String> reasons,
                       long sizeBytes) {
    }

    /** What prune decided and did. */
    public record Result(Path dir, GfsPolicy.Keep policy, boolean dryRun, List<Line> lines, long freedBytes) {
        public long kept() {
            return lines.stream().filter(Line::keep).count();
        }

        public long deleted() {
            return lines.size() - kept();
        }
    }

    private BackupPruner() {
    }

    public static Result prune(Path dir, GfsPolicy.Keep keep, boolean dryRun) {
        if (keep.daily() + keep.weekly() + keep.monthly() == 0) {
            throw DbAgentException.badInput("prune needs at least one of --keep-daily, --keep-weekly, --keep-monthly "
                    + "above 0 (all 0 would keep only the newest backup)");
        }
        BackupCatalog.Listing listing = BackupCatalog.list(dir);
        Map<String, List<BackupCatalog.Entry>> groups = new LinkedHashMap<>();
        listing.backups().forEach(e -> groups.computeIfAbsent(BackupCatalog.group(e.manifest()), k -> new ArrayList<>())
                .add(e));
        List<Line> lines = new ArrayList<>();
        long freed = 0;
        for (List<BackupCatalog.Entry> group : groups.values()) {
            Map<String, BackupCatalog.Entry> byId = new LinkedHashMap<>();
            group.forEach(e -> byId.put(e.manifest().id(), e));
            List<GfsPolicy.Item> items = group.stream()
                    .map(e -> new GfsPolicy.Item(e.manifest().id(), e.manifest().startedAt())).toList();
            for (GfsPolicy.Decision d : GfsPolicy.decide(items, keep)) {
                BackupCatalog.Entry e = byId.get(d.id());
                lines.add(new Line(d.id(), e.manifest().database(), e.manifest().startedAt().toString(), d.keep(),
                        d.reasons(), e.manifest().sizeBytes()));
                if (!d.keep()) {
                    freed += e.manifest().sizeBytes();
                    if (!dryRun) {
                        delete(e.folder());
                    }
                }
            }
        }
        return new Result(listing.dir(), keep, dryRun, lines, freed);
    }

    private static void delete(Path folder) {
        if (BackupManifest.tryRead(folder).isEmpty()) {
            return; // re-checked right before deleting: never remove a folder that is not a backup
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw BackupFolders.cannot("delete old backup " + folder, e);
        }
    }
}

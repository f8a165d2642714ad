package io.dbagent.memory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory directory as last read: its stamp, the stored entries by file name, the use counts from the log up to
 * {@code logSize}, and the ranker over the merged entries.
 *
 * @param dirMillis  the directory's modification time when it was listed, -1 when it did not exist
 * @param listedAt   when it was listed (a change within the same clock tick as the listing could hide behind an
 *                   unchanged modification time, so a stamp this recent is checked by listing again)
 * @param files      stored file name → its size and modification time
 * @param stored     stored file name → its entry (unreadable files are absent)
 * @param problems   unreadable files with the reason
 * @param logSize    bytes of the use log counted into {@code logUses}
 * @param logUses    entry id → uses recorded in the log
 * @param entries    seeds overridden by stored entries, oldest first, without the logged uses
 * @param ranker     BM25 over {@code entries}
 */
record Snapshot(long dirMillis, long listedAt, Map<String, FileStamp> files, Map<String, MemoryEntry> stored,
                List<String> problems, long logSize, Map<String, Integer> logUses, List<MemoryEntry> baseEntries,
                Bm25Ranker ranker) {

    /** A file's size and modification time, enough to tell that it changed. */
    record FileStamp(long size, long millis) {
    }

    static Snapshot of(long dirMillis, long listedAt, Map<String, FileStamp> files, Map<String, MemoryEntry> stored,
                       List<String> problems, long logSize, Map<String, Integer> logUses, List<MemoryEntry> seeds) {
        Map<String, MemoryEntry> byId = new LinkedHashMap<>();
        seeds.forEach(e -> byId.put(e.id(), e));
        stored.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> byId.put(e.getValue().id(), e.getValue()));
        List<MemoryEntry> merged = byId.values().stream().sorted(Comparator.comparing(MemoryEntry::createdAt,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        return new Snapshot(dirMillis, listedAt, Map.copyOf(files), Map.copyOf(stored), List.copyOf(problems),
                logSize, Map.copyOf(logUses), merged, new Bm25Ranker(merged));
    }

    /** The same entries and ranker, listed again at {@code at} with the directory stamped {@code millis}. */
    Snapshot restamped(long millis, long at) {
        return new Snapshot(millis, at, files, stored, problems, logSize, logUses, baseEntries, ranker);
    }

    /** The same entries with more of the use log counted. */
    Snapshot withLog(long newSize, Map<String, Integer> newUses) {
        return new Snapshot(dirMillis, listedAt, files, stored, problems, newSize, Map.copyOf(newUses), baseEntries,
                ranker);
    }

    /** An entry's uses: the count stored in its file plus its lines in the log. */
    int uses(String id, int storedUses) {
        return storedUses + logUses.getOrDefault(id, 0);
    }

    List<MemoryEntry> entries() {
        return baseEntries.stream().map(e -> e.withUses(uses(e.id(), e.uses()))).toList();
    }

    /** An entry's uses for ranking: the count stored in its file plus its lines in the log. */
    int usesOf(MemoryEntry e) {
        return uses(e.id(), e.uses());
    }
}

package io.dbagent.memory;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory directory as last read: its stamp, the use counts from the log up to {@code logSize}, and its
 * {@link Contents} (the stored entries by file name and the ranker over the merged entries), which a snapshot read
 * from the persisted index decodes only as far as a caller asks.
 *
 * @param dirMillis the directory's modification time when it was listed, -1 when it did not exist
 * @param listedAt  when it was listed (a change within the same clock tick as the listing could hide behind an
 *                  unchanged modification time, so a stamp this recent is checked by listing again)
 * @param problems  unreadable files with the reason
 * @param logSize   bytes of the use log counted into {@code logUses}
 * @param logUses   entry id → uses recorded in the log
 * @param contents  the entries and their ranker
 */
record Snapshot(long dirMillis, long listedAt, List<String> problems, long logSize, Map<String, Integer> logUses,
                Contents contents) {

    /** A file's size and modification time, enough to tell that it changed. */
    record FileStamp(long size, long millis) {
    }

    /**
     * The entries of a snapshot.
     * {@code files}: stored file name → its size and modification time; {@code stored}: stored file name → its entry
     * (unreadable files are absent); {@code baseEntries}: seeds overridden by stored entries, oldest first, without
     * the logged uses; {@code ranker}: BM25 over {@code baseEntries}.
     */
    interface Contents {
        Map<String, FileStamp> files();

        Map<String, MemoryEntry> stored();

        List<MemoryEntry> baseEntries();

        Bm25Ranker ranker();
    }

    /** Contents built from parsed entries, held in memory. */
    record Built(Map<String, FileStamp> files, Map<String, MemoryEntry> stored, List<MemoryEntry> baseEntries,
                 Bm25Ranker ranker) implements Contents {
    }

    static Snapshot of(long dirMillis, long listedAt, Map<String, FileStamp> files, Map<String, MemoryEntry> stored,
                       List<String> problems, long logSize, Map<String, Integer> logUses, List<MemoryEntry> seeds) {
        List<MemoryEntry> merged = merge(stored, seeds);
        return new Snapshot(dirMillis, listedAt, List.copyOf(problems), logSize, Map.copyOf(logUses),
                new Built(Map.copyOf(files), Map.copyOf(stored), merged, Bm25Ranker.of(merged)));
    }

    /** Seeds overridden by stored entries with the same id (file names in order), oldest first. */
    static List<MemoryEntry> merge(Map<String, MemoryEntry> stored, List<MemoryEntry> seeds) {
        Map<String, MemoryEntry> byId = new LinkedHashMap<>();
        seeds.forEach(e -> byId.put(e.id(), e));
        stored.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> byId.put(e.getValue().id(), e.getValue()));
        return byId.values().stream().sorted(Comparator.comparing(MemoryEntry::createdAt,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }

    Map<String, FileStamp> files() {
        return contents.files();
    }

    Map<String, MemoryEntry> stored() {
        return contents.stored();
    }

    List<MemoryEntry> baseEntries() {
        return contents.baseEntries();
    }

    Bm25Ranker ranker() {
        return contents.ranker();
    }

    /** The same entries and ranker, listed again at {@code at} with the directory stamped {@code millis}. */
    Snapshot restamped(long millis, long at) {
        return new Snapshot(millis, at, problems, logSize, logUses, contents);
    }

    /** The same entries with more of the use log counted. */
    Snapshot withLog(long newSize, Map<String, Integer> newUses) {
        return new Snapshot(dirMillis, listedAt, problems, newSize, Map.copyOf(newUses), contents);
    }

    /** An entry's uses: the count stored in its file plus its lines in the log. */
    int uses(String id, int storedUses) {
        return storedUses + logUses.getOrDefault(id, 0);
    }

    List<MemoryEntry> entries() {
        return baseEntries().stream().map(e -> e.withUses(uses(e.id(), e.uses()))).toList();
    }
}

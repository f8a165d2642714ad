package io.dbagent.memory;

import io.dbagent.DbAgentException;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's memory: a directory with one JSON file per entry, plus the curated seed entries shipped in the jar
 * ({@code memory/seed-entries.json}). One file per entry keeps concurrent writers from different processes apart;
 * every write goes to a temp file and is moved into place atomically. A file that does not parse is reported in
 * {@link #problems()} and skipped, never deleted.
 *
 * <p>Searching never rewrites an entry: each use is one line appended to {@code uses.log} (an append of a short line
 * is atomic, so concurrent processes lose nothing and need no lock), and an entry's use count is its stored
 * {@code uses} plus its lines in the log. Reading 10,000 files on every search is what made it slow, so the entries
 * are kept in an index: in memory per process and persisted in {@code .index/entries.bin}, both checked against the
 * directory (its modification time and, when that could hide a change, its file names, sizes and times) and
 * refreshed by reading only the files that changed.
 */
public final class MemoryStore {

    static final String SEED_RESOURCE = "memory/seed-entries.json";
    static final String USES_LOG = "uses.log";

    /** Per directory, the entries this process last read, and the ranker built over them. */
    private static final ConcurrentHashMap<Path, Snapshot> LOADED = new ConcurrentHashMap<>();

    private final Path dir;
    private final List<String> problems = new ArrayList<>();

    public MemoryStore(Path dir) {
        this.dir = dir;
    }

    /** The store in the default directory for this environment (no {@code --memory-dir}). */
    public static MemoryStore forEnv(Map<String, String> env) {
        return new MemoryStore(defaultDir(null, env));
    }

    /** The directory from {@code --memory-dir}, then {@code DBAGENT_MEMORY_DIR}, then {@code ~/.dbagent/memory}. */
    public static Path defaultDir(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return Path.of(option);
        }
        String fromEnv = env.get("DBAGENT_MEMORY_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String fromProperty = System.getProperty("dbagent.memory.dir"); // the build points tests away from $HOME
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty);
        }
        return Path.of(System.getProperty("user.home"), ".dbagent", "memory");
    }

    public Path dir() {
        return dir;
    }

    /** Files that could not be read in the last {@link #all()}, with the reason. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Seed entries first (overridden by a stored entry with the same id), then stored ones, oldest first; each with
     * its use count.
     */
    public List<MemoryEntry> all() {
        return current().entries();
    }

    public Optional<MemoryEntry> get(String id) {
        return all().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** Stores a new entry and returns it with its id and timestamp. */
    public MemoryEntry add(String kind, String title, String body, List<String> tags, String dialect,
                           Map<String, Object> evidence, String source) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        if (!MemoryEntry.KINDS.contains(k)) {
            throw DbAgentException.badInput("unknown memory kind '" + kind + "': expected one of "
                    + String.join(", ", MemoryEntry.KINDS));
        }
        if (title == null || title.isBlank()) {
            throw DbAgentException.badInput("a memory entry needs a title");
        }
        String id = k + "-" + Instant.now().toEpochMilli() + "-" + UUID.randomUUID().toString().substring(0, 8);
        MemoryEntry e = new MemoryEntry(id, k, title.trim(), body == null ? "" : body, tags, dialect, evidence,
                Instant.now(), source == null ? "user" : source, 0);
        write(e);
        return e;
    }

    /** Ranked search; each returned entry's use count goes up by one (appended to the use log, nothing rewritten). */
    public List<MemoryEntry> search(String query, String kind, String dialect, int limit) {
        Snapshot snap = current();
        List<MemoryEntry> ranked = snap.ranker().rank(query, dialect, limit,
                k -> kind == null || kind.isBlank() || k.equalsIgnoreCase(kind), snap::uses);
        recordUses(ranked.stream().map(MemoryEntry::id).toList());
        return ranked;
    }

    /** Counts one use of an entry. */
    public void recordUse(String id) {
        recordUses(List.of(id));
    }

    private void recordUses(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        ids.forEach(id -> lines.append(id).append('\n'));
        try {
            Files.createDirectories(dir);
            // one write of a few lines with O_APPEND: atomic on local file systems, so no lock is needed
            try (FileChannel ch = FileChannel.open(dir.resolve(USES_LOG), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            // a lost use count only affects ranking; never fail a search for it
        }
    }

    /**
     * Forgets what this process has read of every memory directory: the next search starts from the persisted index,
     * as a new process would (for benchmarks and tests).
     */
    public static void forgetCachedIndexes() {
        LOADED.clear();
    }

    /** All entries as one JSON array (for backup or sharing). */
    public String export() {
        return Json.write(all());
    }

    /** The entries and ranker for the directory as it is now, from this process's cache or the persisted index. */
    private Snapshot current() {
        Path key = dir.toAbsolutePath().normalize();
        Snapshot cached = LOADED.get(key);
        Snapshot fresh = MemoryIndex.load(dir, cached, Seeds.shipped());
        problems.clear();
        problems.addAll(fresh.problems());
        if (fresh != cached) {
            LOADED.put(key, fresh);
        }
        return fresh;
    }

    private void write(MemoryEntry e) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(e.id() + ".json");
            Path tmp = Files.createTempFile(dir, ".tmp-" + e.id(), ".json");
            Files.writeString(tmp, Json.write(e));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw DbAgentException.badInput("cannot write memory entry to " + dir + ": " + ex.getMessage());
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}

package io.dbagent.memory;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dbagent.DbAgentException;
import io.dbagent.report.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The agent's memory: a directory with one JSON file per entry, plus the curated seed entries shipped in the jar
 * ({@code memory/seed-entries.json}). One file per entry keeps concurrent writers from different processes apart;
 * every write goes to a temp file and is moved into place atomically, and use counters are updated under a file lock
 * so that two processes never lose an increment. A file that does not parse is reported in {@link #problems()} and
 * skipped, never deleted.
 */
public final class MemoryStore {

    static final String SEED_RESOURCE = "memory/seed-entries.json";

    /** File locks are per process; threads of this process queue here first. */
    private static final java.util.concurrent.locks.ReentrantLock IN_PROCESS = new java.util.concurrent.locks.ReentrantLock();

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

    /** Seed entries first (overridden by a stored entry with the same id), then stored ones, oldest first. */
    public List<MemoryEntry> all() {
        problems.clear();
        Map<String, MemoryEntry> byId = new LinkedHashMap<>();
        for (MemoryEntry e : seeds()) {
            byId.put(e.id(), e);
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try {
                        MemoryEntry e = Json.MAPPER.readValue(f.toFile(), MemoryEntry.class);
                        if (e.id() == null || e.kind() == null || e.title() == null) {
                            throw new IOException("missing id, kind or title");
                        }
                        byId.put(e.id(), e);
                    } catch (IOException | RuntimeException ex) {
                        problems.add(f + ": " + firstLine(ex.getMessage()));
                    }
                }
            } catch (IOException ex) {
                problems.add(dir + ": " + ex.getMessage());
            }
        }
        return byId.values().stream().sorted(Comparator.comparing(MemoryEntry::createdAt,
                Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
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

    /** Ranked search; each returned entry's use count goes up by one. */
    public List<MemoryEntry> search(String query, String kind, String dialect, int limit) {
        List<MemoryEntry> candidates = all().stream()
                .filter(e -> kind == null || kind.isBlank() || e.kind().equalsIgnoreCase(kind))
                .toList();
        List<MemoryEntry> ranked = new Bm25Ranker(candidates).rank(query, dialect, limit);
        for (MemoryEntry e : ranked) {
            recordUse(e.id());
        }
        return ranked;
    }

    /** Increments an entry's use count under a lock file, so concurrent processes never lose an update. */
    public void recordUse(String id) {
        IN_PROCESS.lock();
        try {
            Files.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock()) {
                Optional<MemoryEntry> current = readStored(id).or(() -> seeds().stream()
                        .filter(e -> e.id().equals(id)).findFirst());
                if (current.isPresent()) {
                    write(current.get().withUses(current.get().uses() + 1));
                }
            }
        } catch (IOException e) {
            // a lost use count only affects ranking; never fail a search for it
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** All entries as one JSON array (for backup or sharing). */
    public String export() {
        return Json.write(all());
    }

    private Optional<MemoryEntry> readStored(String id) {
        Path f = dir.resolve(id + ".json");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(f.toFile(), MemoryEntry.class));
        } catch (IOException e) {
            return Optional.empty();
        }
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

    static List<MemoryEntry> seeds() {
        try (InputStream in = MemoryStore.class.getClassLoader().getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            return Json.MAPPER.readValue(in, new TypeReference<List<MemoryEntry>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("the seed memory shipped in the jar is unreadable: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}

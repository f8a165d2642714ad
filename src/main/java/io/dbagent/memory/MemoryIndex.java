package io.dbagent.memory;

import io.dbagent.report.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a memory directory's entries without reading every file on every search: a process reuses its
 * {@link Snapshot} while the directory's modification time is unchanged, and a new process starts from the index
 * persisted in {@code .index/entries.bin} ({@link IndexFile}). When the directory changed, it is listed with sizes and times and only
 * new or changed files are parsed. Entries are written by an atomic rename, which always changes the directory's
 * modification time; a stamp younger than {@link #SETTLE_MILLIS} is not trusted alone (another change in the same
 * clock tick would not show), so such a snapshot is checked by listing again.
 */
final class MemoryIndex {

    static final String INDEX_DIR = ".index";
    static final String INDEX_FILE = IndexFile.NAME;
    /** The index's JSON form before version 2, removed when the binary one is written. */
    static final String OLD_INDEX_FILE = "entries.json";
    static final long SETTLE_MILLIS = 2_000;

    private MemoryIndex() {
    }

    static Snapshot load(Path dir, Snapshot cached, Seeds seeds) {
        long dirMillis = modified(dir);
        long logSize = size(dir.resolve(MemoryStore.USES_LOG));
        // a process that read the directory before refreshes from its own snapshot (reading only changed files);
        // only a new one starts from the persisted index
        Snapshot base = cached != null ? cached : readPersisted(dir, seeds);
        Snapshot snap;
        if (base != null && base.dirMillis() == dirMillis && dirMillis < base.listedAt() - SETTLE_MILLIS) {
            snap = base;
        } else {
            snap = refresh(dir, base, seeds);
            if (base == null || !snap.files().equals(base.files()) || snap.dirMillis() != base.dirMillis()
                    || (snap.dirMillis() < snap.listedAt() - SETTLE_MILLIS && base.dirMillis() >= base.listedAt() - SETTLE_MILLIS)) {
                persist(dir, snap, seeds.hash());
            }
        }
        return withLog(dir, snap, logSize);
    }

    /** Lists the directory and parses only the files that are new or changed since {@code base}. */
    private static Snapshot refresh(Path dir, Snapshot base, Seeds seeds) {
        long listedAt = System.currentTimeMillis();
        long dirMillis = modified(dir);
        Map<String, Snapshot.FileStamp> files = new HashMap<>();
        Map<String, MemoryEntry> stored = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (dirMillis >= 0) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : ds) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue; // temp files of writers in flight, the index
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(f, BasicFileAttributes.class);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    Snapshot.FileStamp stamp = new Snapshot.FileStamp(a.size(), a.lastModifiedTime().toMillis());
                    files.put(name, stamp);
                    MemoryEntry known = base == null ? null : base.stored().get(name);
                    if (known != null && stamp.equals(base.files().get(name))) {
                        stored.put(name, known);
                        continue;
                    }
                    try {
                        MemoryEntry e = Json.MAPPER.readValue(f.toFile(), MemoryEntry.class);
                        if (e.id() == null || e.kind() == null || e.title() == null) {
                            throw new IOException("missing id, kind or title");
                        }
                        stored.put(name, e);
                    } catch (IOException | RuntimeException ex) {
                        problems.add(f + ": " + MemoryStore.firstLine(ex.getMessage()));
                    }
                }
            } catch (IOException ex) {
                problems.add(dir + ": " + ex.getMessage());
            }
        }
        problems.sort(null);
        if (base != null && files.equals(base.files()) && problems.equals(base.problems())) {
            // nothing changed but the stamp (a use log created, a temp file come and gone): keep the ranker
            return base.restamped(dirMillis, listedAt);
        }
        return Snapshot.of(dirMillis, listedAt, files, stored, problems, 0, Map.of(), seeds.entries());
    }

    /** Counts the log lines written since the snapshot last read it (all of them when the log was replaced). */
    private static Snapshot withLog(Path dir, Snapshot snap, long logSize) {
        if (logSize == snap.logSize()) {
            return snap;
        }
        long from = logSize > snap.logSize() ? snap.logSize() : 0;
        Map<String, Integer> uses = new HashMap<>(from == 0 ? Map.of() : snap.logUses());
        long read = from;
        try (InputStream in = Files.newInputStream(dir.resolve(MemoryStore.USES_LOG))) {
            in.skipNBytes(from);
            byte[] tail = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, logSize - from));
            int end = lastNewline(tail);
            String text = new String(tail, 0, end, StandardCharsets.UTF_8);
            for (String id : text.split("\n")) {
                if (!id.isBlank()) {
                    uses.merge(id.strip(), 1, Integer::sum);
                }
            }
            read = from + end; // a line still being appended is counted next time
        } catch (IOException e) {
            return snap;
        }
        return snap.withLog(read, uses);
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private static Snapshot readPersisted(Path dir, Seeds seeds) {
        Path f = dir.resolve(INDEX_DIR).resolve(INDEX_FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            // null when damaged, of another version or written with other seeds: only a cache, rebuilt from the entries
            return IndexFile.decode(Files.readAllBytes(f), seeds.hash());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes the index under {@code .index/}, so that writing it never changes the entries directory's stamp: to a
     * temp file first, renamed into place, so that a reader sees the old file or the new one, never a torn one.
     */
    private static void persist(Path dir, Snapshot snap, long seedsHash) {
        if (snap.dirMillis() < 0) {
            return;
        }
        Path indexDir = dir.resolve(INDEX_DIR);
        try {
            if (!Files.isDirectory(indexDir)) {
                Files.createDirectories(indexDir);
                return; // creating it changed the directory's stamp: the next load lists once more and then writes
            }
            byte[] bytes = IndexFile.encode(snap, seedsHash);
            Path tmp = Files.createTempFile(indexDir, ".tmp-", ".bin");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, indexDir.resolve(INDEX_FILE), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, indexDir.resolve(INDEX_FILE), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            Files.deleteIfExists(indexDir.resolve(OLD_INDEX_FILE));
        } catch (IOException | RuntimeException e) {
            // read-only directory, full disk or an entry the index cannot hold: searching works without it, slower
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}

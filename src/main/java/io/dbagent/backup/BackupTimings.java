package io.dbagent.backup;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark entries for every create, verify and restore (size and seconds), so the runbook and the agent can quote
 * measured numbers. Until the memory store exists they are JSON lines in {@code <backup dir>/timings.jsonl}; this class
 * is the single place that writes and reads them, so pointing it at the memory store later changes nothing else.
 * Appends take a file lock and write one line at a time, so two backups finishing together do not interleave.
 */
public final class BackupTimings {

    public static final String FILE_NAME = "timings.jsonl";

    private static final ObjectMapper LINE = Json.MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What was timed. */
    public enum Operation { create, verify, restore }

    /**
     * One measurement; {@code kind} is {@code benchmark}, the memory store's entry kind.
     *
     * @param restoreSeconds for verify: the part spent restoring into the scratch database
     */
    @JsonPropertyOrder({"kind", "operation", "backup", "engine", "database", "sizeBytes", "rows", "seconds",
            "restoreSeconds", "ok", "at"})
    public record Entry(String kind, Operation operation, String backup, String engine, String database,
                        long sizeBytes, long rows, double seconds, Double restoreSeconds, boolean ok, Instant at) {

        public static Entry of(Operation op, BackupManifest m, double seconds, Double restoreSeconds, boolean ok) {
            return new Entry("benchmark", op, m.id(), m.engine(), m.database(), m.sizeBytes(), m.totalRows(),
                    round(seconds), restoreSeconds == null ? null : round(restoreSeconds), ok, Instant.now());
        }
    }

    private final Path file;

    public BackupTimings(Path backupDir) {
        this.file = backupDir.resolve(FILE_NAME);
    }

    /** Appends an entry; returns a warning instead of failing the backup when the log cannot be written. */
    public Optional<String> record(Entry e) {
        byte[] line = (write(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            return Optional.empty();
        } catch (IOException ex) {
            return Optional.of("could not record the timing in " + file + ": " + ex.getMessage());
        }
    }

    /** Every readable entry, oldest first; a damaged line is skipped. */
    public List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) {
                    continue;
                }
                try {
                    out.add(LINE.readValue(l, Entry.class));
                } catch (IOException skipped) {
                    // one bad line (a crash mid-write) must not hide the others
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The newest entry of an operation for a backup id (or any backup when id is null). */
    public Optional<Entry> latest(Operation op, String backupId, boolean okOnly) {
        List<Entry> all = read();
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (e.operation() == op && (backupId == null || backupId.equals(e.backup())) && (!okOnly || e.ok())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String write(Entry e) {
        try {
            return LINE.writeValueAsString(e);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }
}

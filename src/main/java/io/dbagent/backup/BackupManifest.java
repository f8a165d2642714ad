package io.dbagent.backup;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbagent.DbAgentException;
import io.dbagent.report.Json;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json} of a backup folder: what was backed up, when, with which tool, the SHA-256 of every file, and
 * per table the row count and content checksum ({@link TableChecksums}) plus the schema model, so that verify can
 * prove a restore gives the same database.
 *
 * @param format          {@value #FORMAT}; prune deletes only folders whose manifest says so
 * @param id              folder name, {@code <database>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param engine          {@code postgres}, {@code mysql} or {@code sqlite}
 * @param database        database name (SQLite: file name)
 * @param source          redacted URL of the source
 * @param dumpFile        the file the engine's restore reads
 * @param dumpFormat      e.g. {@code pg_dump custom}, {@code mariadb-dump SQL}, {@code SQLite database file}
 * @param seconds         wall time of the backup
 * @param sizeBytes       total size of the files
 * @param files           every file with its size and SHA-256 (the manifest itself excluded)
 * @param checksumAlgorithm {@link TableChecksums#ALGORITHM}
 * @param tables          per table: rows, checksum, and whether it was consistent with the dump
 * @param binlog          MySQL/MariaDB binary log position of the checksum snapshot, where the server logs
 * @param notes           anything a reader of the backup should know (e.g. tables written during a MySQL dump)
 * @param schema          the schema model at backup time
 *
 * <p>The file seals itself: its first member is {@value #SEAL_FIELD}, the SHA-256 (hex) of the file's exact UTF-8
 * bytes with that one line removed. {@link #sealProblem(Path)} recomputes it; restore and verify refuse a manifest
 * whose seal is missing or wrong. The seal detects any edit (even of white space) but not a forger who recomputes it:
 * it is a checksum, not a signature.
 */
@JsonPropertyOrder({"format", "id", "engine", "product", "serverVersion", "database", "source", "tool", "dumpFile",
        "dumpFormat", "startedAt", "finishedAt", "seconds", "sizeBytes", "files", "checksumAlgorithm", "tables",
        "binlog", "notes", "schema"})
public record BackupManifest(String format, String id, String engine, String product, String serverVersion,
                             String database, String source, ToolInfo tool, String dumpFile, String dumpFormat,
                             Instant startedAt, Instant finishedAt, double seconds, long sizeBytes,
                             List<FileEntry> files, String checksumAlgorithm, List<TableEntry> tables,
                             BinlogPosition binlog, List<String> notes, Schema schema) {

    public static final String FORMAT = "dbagent-backup/1";
    public static final String FILE_NAME = "manifest.json";
    /** The member that carries the manifest's own checksum. */
    public static final String SEAL_FIELD = "manifestSha256";

    private static final String SEAL_PREFIX = "{\n  \"" + SEAL_FIELD + "\" : \"";
    private static final java.util.regex.Pattern SEAL_LINE =
            java.util.regex.Pattern.compile("\\A\\{\n  \"" + SEAL_FIELD + "\" : \"([0-9a-f]{64})\",\n");

    private static final ObjectMapper READER = Json.MAPPER.copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BackupManifest {
        files = files == null ? List.of() : List.copyOf(files);
        tables = tables == null ? List.of() : List.copyOf(tables);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The dump tool that wrote the backup. */
    public record ToolInfo(String name, String version, int major) {
    }

    /** One file of the backup folder. */
    @JsonPropertyOrder({"name", "sizeBytes", "sha256"})
    public record FileEntry(String name, long sizeBytes, String sha256) {
    }

    /**
     * One table. {@code consistent} is false when a MySQL/MariaDB table changed while the dump ran: its count and
     * checksum then describe the moment before the dump and are not compared by verify.
     */
    @JsonPropertyOrder({"name", "rows", "checksum", "consistent"})
    public record TableEntry(String name, long rows, String checksum, boolean consistent) {
    }

    /** Binary log coordinates (MariaDB {@code binlog_snapshot_file/position}) for binlog point-in-time recovery. */
    public record BinlogPosition(String file, long position) {
    }

    public Optional<TableEntry> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    /** A copy without the schema model, for listings and JSON summaries. */
    public BackupManifest withoutSchema() {
        return new BackupManifest(format, id, engine, product, serverVersion, database, source, tool, dumpFile,
                dumpFormat, startedAt, finishedAt, seconds, sizeBytes, files, checksumAlgorithm, tables, binlog, notes,
                null);
    }

    /** Writes {@code folder/manifest.json}, sealed with {@value #SEAL_FIELD}. */
    public void write(Path folder) throws IOException {
        String body = Json.write(this) + "\n";
        if (!body.startsWith("{\n  \"")) {
            throw new IllegalStateException("unexpected manifest layout");
        }
        String sealed = SEAL_PREFIX + sha256(body) + "\",\n" + body.substring(2);
        Files.writeString(folder.resolve(FILE_NAME), sealed);
    }

    /**
     * Why {@code folder/manifest.json} cannot be trusted, or empty when its seal matches. Manifests written before the
     * seal existed are refused too: accepting them would let anyone strip the seal from an edited manifest.
     */
    public static Optional<String> sealProblem(Path folder) {
        String text;
        try {
            text = Files.readString(folder.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.of(FILE_NAME + " cannot be read: " + e.getMessage());
        }
        java.util.regex.Matcher m = SEAL_LINE.matcher(text);
        if (!m.lookingAt()) {
            return Optional.of(FILE_NAME + " carries no " + SEAL_FIELD + " (written by an older dbagent, or edited), "
                    + "so changes to it cannot be detected: make a new backup with 'dbagent backup create', or restore "
                    + "this one by hand following 'dbagent backup runbook'");
        }
        String body = "{\n" + text.substring(m.end());
        if (!sha256(body).equals(m.group(1))) {
            return Optional.of(FILE_NAME + " was changed after the backup was made (its " + SEAL_FIELD
                    + " does not match its content): this backup cannot be trusted");
        }
        return Optional.empty();
    }

    private static String sha256(String text) {
        return java.util.HexFormat.of().formatHex(Sha256.digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads {@code folder/manifest.json}; a missing or unreadable manifest is bad input naming the folder. */
    public static BackupManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            BackupManifest m = READER.readValue(Files.readString(file), BackupManifest.class);
            if (m.format() == null || !m.format().startsWith("dbagent-backup/")) {
                throw DbAgentException.badInput(file + " is not a dbagent backup manifest (no format "
                        + FORMAT + ")");
            }
            return m;
        } catch (NoSuchFileException e) {
            throw DbAgentException.badInput("not a dbagent backup: " + file + " does not exist"
                    + (Files.isDirectory(folder) ? "" : " (no folder " + folder + ")"));
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read backup manifest " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Reads a manifest if the folder holds one, for listings that skip anything else. */
    public static Optional<BackupManifest> tryRead(Path folder) {
        if (!Files.isRegularFile(folder.resolve(FILE_NAME))) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(folder));
        } catch (DbAgentException e) {
            return Optional.empty();
        }
    }
}

package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code backup create}: dumps a database with the engine's own tool into a new folder {@code <dir>/<id>} with a
 * manifest, optionally verifying it right away. Work happens in {@code <dir>/.<id>.partial}, renamed only when
 * everything (dump, checksums, hashes, manifest) succeeded; on any failure that partial folder, and only it, is
 * removed. The source is opened read-only.
 */
public final class BackupService {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What {@link #create} did. */
    public record CreateResult(Path folder, BackupManifest manifest, BackupVerifier.Result verification,
                               List<String> warnings) {
    }

    /** Options of a backup; build with {@link #builder(DbUrl, Path)}. */
    public record Request(DbUrl source, Path dir, Path toolDir, boolean verify, DbUrl devDb) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(dir, "dir");
        }
    }

    /** Builder for {@link Request}. */
    public static final class Builder {
        private final DbUrl source;
        private final Path dir;
        private Path toolDir;
        private boolean verify;
        private DbUrl devDb;

        private Builder(DbUrl source, Path dir) {
            this.source = source;
            this.dir = dir;
        }

        /** Where pg_dump/mariadb-dump are (instead of searching PATH and the usual install folders). */
        public Builder toolDir(Path d) {
            this.toolDir = d;
            return this;
        }

        /** Restore into a scratch database afterwards and compare. */
        public Builder verify(boolean v) {
            this.verify = v;
            return this;
        }

        /** Server for the scratch database of PostgreSQL/MySQL verification. */
        public Builder devDb(DbUrl d) {
            this.devDb = d;
            return this;
        }

        public Request build() {
            return new Request(source, dir, toolDir, verify, devDb);
        }

        public CreateResult create() {
            return BackupService.create(build());
        }
    }

    private BackupService() {
    }

    public static Builder builder(DbUrl source, Path dir) {
        return new Builder(source, dir);
    }

    public static CreateResult create(Request req) {
        ToolLocator tools = new ToolLocator(req.toolDir());
        BackupEngine engine = BackupEngine.of(req.source().dialect(), tools);
        engine.checkSource(req.source(), req.verify(), req.devDb());
        Path dir = BackupFolders.prepareDir(req.dir());
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Path partial = null;
        Path folder;
        BackupManifest manifest;
        try (DbSession session = ConnectionFactory.open(req.source())) {
            Schema schema = Dialects.inspectAll(session);
            String id = uniqueId(dir, baseName(session), started);
            partial = BackupFolders.createNew(dir.resolve("." + id + ".partial"));
            BackupEngine.DumpOutcome out = engine.dump(session, schema, partial);
            List<BackupManifest.FileEntry> files = hashAll(partial);
            long size = files.stream().mapToLong(BackupManifest.FileEntry::sizeBytes).sum();
            double seconds = (System.nanoTime() - t0) / 1e9;
            manifest = new BackupManifest(BackupManifest.FORMAT, id, session.dialect().id(), session.product(),
                    session.version(), baseName(session), sourceName(session.url()), out.tool(), out.dumpFile(),
                    out.dumpFormat(), started, Instant.now(), BackupTimings.round(seconds), size, files,
                    TableChecksums.ALGORITHM, out.tables(), out.binlog(), out.notes(), schema);
            try {
                manifest.write(partial);
                folder = dir.resolve(id);
                Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw BackupFolders.cannot("write the backup into " + dir, e);
            }
        } catch (RuntimeException e) {
            BackupFolders.deleteOwn(partial);
            throw explainWriteFailure(e, dir);
        }
        List<String> warnings = new ArrayList<>();
        BackupTimings timings = new BackupTimings(dir);
        timings.record(BackupTimings.Entry.of(BackupTimings.Operation.create, manifest, manifest.seconds(), null, true))
                .ifPresent(warnings::add);
        BackupVerifier.Result verification = null;
        if (req.verify()) {
            verification = BackupVerifier.verify(folder, req.devDb(), req.toolDir());
            warnings.addAll(verification.warnings());
        }
        return new CreateResult(folder, manifest, verification, warnings);
    }

    /** The database name, safe as a folder name ({@code shop}, {@code shop.db} → {@code shop}). */
    static String baseName(DbSession s) {
        String name = BackupEngine.of(s.dialect(), new ToolLocator(null)).databaseName(s.url());
        String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT);
        return safe.isEmpty() ? "db" : safe;
    }

    /** How the manifest names the source (the engine decides: the redacted URL, or SQLite's absolute path). */
    static String sourceName(DbUrl url) {
        return BackupEngine.of(url.dialect(), new ToolLocator(null)).sourceName(url);
    }

    private static String uniqueId(Path dir, String base, Instant at) {
        String id = base + "-" + ID_TIME.format(at);
        String candidate = id;
        for (int i = 2; Files.exists(dir.resolve(candidate)) || Files.exists(dir.resolve("." + candidate + ".partial")); i++) {
            candidate = id + "-" + i;
        }
        return candidate;
    }

    static List<BackupManifest.FileEntry> hashAll(Path folder) {
        try (var s = Files.walk(folder)) {
            List<Path> files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(BackupManifest.FILE_NAME)).sorted().toList();
            List<BackupManifest.FileEntry> out = new ArrayList<>();
            for (Path p : files) {
                out.add(new BackupManifest.FileEntry(folder.relativize(p).toString(), Files.size(p), Sha256.ofFile(p)));
            }
            return out;
        } catch (IOException e) {
            throw BackupFolders.cannot("read back the backup files in " + folder, e);
        }
    }

    /** A dump tool's "No space left on device" becomes a message about the backup folder. */
    private static RuntimeException explainWriteFailure(RuntimeException e, Path dir) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left") || msg.contains("disk is full") || msg.contains("Errcode: 28")
                || msg.contains("errno 28") || msg.contains("SQLITE_FULL")) {
            return new DbAgentException(DbAgentException.Code.BAD_INPUT, "no space left in " + dir
                    + ": the backup was not written and its partial folder was removed (" + msg + ")", e);
        }
        return e;
    }
}

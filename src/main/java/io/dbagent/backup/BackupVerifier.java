package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backup verify}: checks every file against its SHA-256, restores the dump into a scratch database (a temp
 * SQLite file, or a temporary database on the {@code --dev-db} server, dropped afterwards) and compares the schema
 * model, row counts and table checksums with the manifest. Any difference is a critical finding, so the exit code is
 * 1; the restore time is recorded for the runbook.
 */
public final class BackupVerifier {

    /** The verification report plus what the runbook needs. */
    public record Result(Path folder, BackupManifest manifest, Report<Void> report, Double restoreSeconds, double seconds,
                         List<String> warnings) {
        public boolean ok() {
            return report.findings().isEmpty();
        }
    }

    private BackupVerifier() {
    }

    public static Result verify(Path folder, DbUrl devDb, Path toolDir) {
        Path abs = folder.toAbsolutePath().normalize();
        BackupManifest m = BackupManifest.read(abs);
        DialectKind kind = DialectKind.parse(m.engine());
        if (!Dialects.of(kind).embedded() && devDb == null) {
            throw DbAgentException.badInput("verifying a " + m.product() + " backup restores it into a scratch "
                    + "database: pass --dev-db URL (a " + kind + " server where dbagent may create and drop a database) "
                    + "or set DBAGENT_DEV_DB");
        }
        long t0 = System.nanoTime();
        List<Finding> findings = new ArrayList<>(checkFiles(abs, m));
        Map<String, String> skipped = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Double restoreSeconds = null;
        if (!findings.isEmpty()) {
            skipped.put("restore", "not attempted: the files do not match the manifest");
        } else {
            BackupEngine engine = BackupEngine.of(kind, new ToolLocator(toolDir));
            try (ScratchDatabase scratch = ScratchDatabase.create(kind, devDb, sourceUrl(m))) {
                notes.add("scratch: " + scratch.note());
                metrics.put("scratch", scratch.note());
                long r0 = System.nanoTime();
                try {
                    // the dump is untrusted too: the engine tool runs as the scratch identity (credentials in the
                    // tool's environment or a 0600 option file, never on its command line)
                    restoreAsScratch(engine, m, abs, scratch);
                    restoreSeconds = (System.nanoTime() - r0) / 1e9;
                    BackupEngine.ReadBack back = engine.readBack(scratch.url());
                    findings.addAll(compare(m, back, skipped));
                    metrics.put("restoreSeconds", BackupTimings.round(restoreSeconds));
                } catch (RestoreFailedException e) {
                    findings.add(Finding.builder("backup-restore-failed", Severity.CRITICAL)
                            .subject(m.dumpFile())
                            .message("restoring " + m.dumpFile() + " into a scratch database failed: " + e.getMessage())
                            .fix(newBackupFix(m))
                            .evidence("file", m.dumpFile()).build());
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.put("tables", m.tables().size());
        metrics.put("rows", m.totalRows());
        metrics.put("sizeBytes", m.sizeBytes());
        metrics.put("seconds", BackupTimings.round(seconds));
        Report<Void> report = new Report<>("backup verify", abs.toString(), m.product() + " " + m.serverVersion(), findings,
                skipped, metrics);
        List<String> warnings = new ArrayList<>(notes);
        new BackupTimings(abs.getParent()).record(BackupTimings.Entry.of(BackupTimings.Operation.verify, m, seconds,
                restoreSeconds, findings.isEmpty())).ifPresent(warnings::add);
        return new Result(abs, m, report, restoreSeconds, seconds, warnings);
    }

    /** The backed-up database's server (the manifest keeps its redacted URL), or null. */
    private static DbUrl sourceUrl(BackupManifest m) {
        try {
            return m.source() == null ? null : DbUrlParser.parse(m.source());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Restores into the scratch database. A MySQL dump names the original DEFINER of its views, triggers and routines,
     * which only a user with SUPER/SET USER may give; the temporary user restores a copy without those clauses (each
     * object then belongs to the temporary user, which does not change the schema model or the data compared).
     */
    static void restoreAsScratch(BackupEngine engine, BackupManifest m, Path folder, ScratchDatabase scratch) {
        if (!BackupEngine.of(scratch.url().dialect()).dumpNamesDefiners() || scratch.identity() != ScratchDatabase.Identity.TEMPORARY) {
            engine.restore(m, folder, scratch.url(), false);
            return;
        }
        Path copy = null;
        try {
            copy = Files.createTempDirectory("dbagent-verify-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            DefinerFilter.copyWithoutDefiners(folder.resolve(m.dumpFile()), copy.resolve(m.dumpFile()));
            engine.restore(m, copy, scratch.url(), false);
        } catch (IOException e) {
            throw new RestoreFailedException("cannot prepare " + m.dumpFile() + " for the scratch restore: "
                    + e.getMessage());
        } finally {
            if (copy != null) {
                try (var files = Files.walk(copy)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a private temp directory; nothing secret in it
                }
            }
        }
    }

    /** The manifest's own seal holds, and every file of the manifest exists with its size and SHA-256. */
    public static List<Finding> checkFiles(Path folder, BackupManifest m) {
        List<Finding> out = new ArrayList<>();
        java.util.Optional<String> seal = BackupManifest.sealProblem(folder);
        if (seal.isPresent()) {
            // nothing else in an untrusted manifest is worth checking: its file list and hashes may be the edit
            out.add(Finding.builder("backup-manifest-tampered", Severity.CRITICAL).subject(BackupManifest.FILE_NAME)
                    .message(seal.get()).fix(newBackupFix(m)).evidence("file", BackupManifest.FILE_NAME).build());
            return out;
        }
        for (String name : java.util.stream.Stream.concat(m.files().stream().map(BackupManifest.FileEntry::name),
                java.util.stream.Stream.of(m.dumpFile())).toList()) {
            if (name != null && !folder.resolve(name).normalize().startsWith(folder.normalize())) {
                out.add(Finding.builder("backup-manifest-tampered", Severity.CRITICAL).subject(BackupManifest.FILE_NAME)
                        .message(BackupManifest.FILE_NAME + " names a file outside the backup folder")
                        .fix(newBackupFix(m)).build());
                return out;
            }
        }
        for (BackupManifest.FileEntry f : m.files()) {
            Path p = folder.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                out.add(Finding.builder("backup-file-missing", Severity.CRITICAL).subject(f.name())
                        .message(f.name() + " is listed in the manifest (" + f.sizeBytes() + " bytes) but missing from "
                                + folder)
                        .fix(newBackupFix(m)).evidence("file", f.name()).build());
                continue;
            }
            try {
                long size = Files.size(p);
                String sha = Sha256.ofFile(p);
                if (size != f.sizeBytes() || !sha.equals(f.sha256())) {
                    out.add(Finding.builder("backup-file-corrupt", Severity.CRITICAL).subject(f.name())
                            .message(f.name() + " does not match the manifest: " + size + " bytes with SHA-256 "
                                    + sha.substring(0, 12) + "…, expected " + f.sizeBytes() + " bytes with "
                                    + f.sha256().substring(0, 12) + "… (changed, truncated or damaged after the backup)")
                            .fix(newBackupFix(m))
                            .evidence("file", f.name()).evidence("expectedSha256", f.sha256())
                            .evidence("actualSha256", sha).evidence("expectedBytes", f.sizeBytes())
                            .evidence("actualBytes", size).build());
                }
            } catch (IOException e) {
                out.add(Finding.builder("backup-file-missing", Severity.CRITICAL).subject(f.name())
                        .message(f.name() + " cannot be read: " + e.getMessage()).fix(newBackupFix(m)).build());
            }
        }
        return out;
    }

    /** Schema model, table list, row counts and checksums of a restored copy against the manifest. */
    static List<Finding> compare(BackupManifest m, BackupEngine.ReadBack back, Map<String, String> skipped) {
        List<Finding> out = new ArrayList<>();
        if (m.schema() != null) {
            for (String d : SchemaComparer.compare(m.schema(), back.schema())) {
                out.add(Finding.builder("backup-schema-differs", Severity.CRITICAL)
                        .subject(d.contains(":") ? d.substring(0, d.indexOf(':')) : d)
                        .message("restored schema differs from the backup's schema model: " + d)
                        .fix(newBackupFix(m)).build());
            }
        }
        Map<String, TableChecksums.TableSum> restored = new LinkedHashMap<>();
        back.sums().forEach(s -> restored.put(s.table(), s));
        for (BackupManifest.TableEntry t : m.tables()) {
            TableChecksums.TableSum r = restored.get(t.name());
            if (r == null) {
                out.add(Finding.builder("backup-table-missing", Severity.CRITICAL).subject(t.name())
                        .message("table " + t.name() + " (" + t.rows() + " rows at backup time) is missing after restore")
                        .fix(newBackupFix(m)).evidence("expectedRows", t.rows()).build());
            } else if (!t.consistent()) {
                skipped.put("table " + t.name(), "written while the dump ran; restored " + r.rows() + " rows");
            } else if (r.rows() != t.rows()) {
                out.add(Finding.builder("backup-row-count-differs", Severity.CRITICAL).subject(t.name())
                        .message("table " + t.name() + " has " + r.rows() + " rows after restore, " + t.rows()
                                + " in the backup")
                        .fix(newBackupFix(m)).evidence("expectedRows", t.rows()).evidence("actualRows", r.rows())
                        .build());
            } else if (!r.checksum().equals(t.checksum())) {
                out.add(Finding.builder("backup-table-checksum-differs", Severity.CRITICAL).subject(t.name())
                        .message("table " + t.name() + " has the same " + t.rows() + " rows but different content after "
                                + "restore (checksum " + r.checksum().substring(0, 12) + "…, backup "
                                + t.checksum().substring(0, 12) + "…)")
                        .fix(newBackupFix(m)).evidence("expectedChecksum", t.checksum())
                        .evidence("actualChecksum", r.checksum()).build());
            }
        }
        return out;
    }

    static String newBackupFix(BackupManifest m) {
        return "do not rely on backup " + m.id() + "; take a new one and verify it: dbagent backup create --db "
                + m.source() + " --dir DIR --verify";
    }
}

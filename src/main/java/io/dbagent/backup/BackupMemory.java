package io.dbagent.backup;

import io.dbagent.memory.MemoryRecorder;
import io.dbagent.memory.MemoryStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Records backup and restore timings as {@code benchmark} entries, so the runbook and the agent quote real numbers. */
public final class BackupMemory {

    private BackupMemory() {
    }

    public static void created(MemoryStore store, BackupService.CreateResult r) {
        BackupManifest m = r.manifest();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("sizeBytes", m.sizeBytes());
        evidence.put("seconds", m.seconds());
        evidence.put("tables", m.tables().size());
        evidence.put("rows", m.tables().stream().mapToLong(BackupManifest.TableEntry::rows).sum());
        String body = String.format(Locale.ROOT, "%s backup of %s with %s: %.1f MiB in %.1f s (%d tables).",
                m.product(), m.database(), m.tool() == null ? m.engine() : m.tool().name(),
                m.sizeBytes() / 1048576.0, m.seconds(), m.tables().size());
        if (r.verification() != null) {
            evidence.put("verified", r.verification().ok());
            if (r.verification().restoreSeconds() != null) {
                evidence.put("restoreSeconds", r.verification().restoreSeconds());
                body += String.format(Locale.ROOT, " Verified by a restore in %.1f s: %s.",
                        r.verification().restoreSeconds(), r.verification().ok() ? "identical" : "differences found");
            }
        }
        MemoryRecorder.record(store, "benchmark", "Backup of " + m.database() + " (" + m.engine() + "): "
                + String.format(Locale.ROOT, "%.1f s", m.seconds()), body, List.of("backup", m.engine(), "timing"),
                m.engine(), evidence, "backup");
    }

    public static void verified(MemoryStore store, BackupVerifier.Result r) {
        BackupManifest m = r.manifest();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("seconds", r.seconds());
        if (r.restoreSeconds() != null) {
            evidence.put("restoreSeconds", r.restoreSeconds());
        }
        evidence.put("sizeBytes", m.sizeBytes());
        evidence.put("ok", r.ok());
        MemoryRecorder.record(store, "benchmark", "Restore test of " + m.database() + " (" + m.engine() + "): "
                        + (r.ok() ? "identical" : r.report().findings().size() + " differences"),
                String.format(Locale.ROOT, "Verifying backup %s (%.1f MiB) took %.1f s%s.", m.id(),
                        m.sizeBytes() / 1048576.0, r.seconds(),
                        r.restoreSeconds() == null ? "" : String.format(Locale.ROOT, ", of which the restore %.1f s",
                                r.restoreSeconds())),
                List.of("backup", "restore", "verify", m.engine()), m.engine(), evidence, "backup");
    }
}

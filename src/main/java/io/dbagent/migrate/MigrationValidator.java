package io.dbagent.migrate;

import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code migrate validate}: the files against the history. A changed or missing applied file, or a half-applied
 * version, is a critical finding (exit 1); pending files are only counted.
 */
public final class MigrationValidator {

    private MigrationValidator() {
    }

    public static Report<Void> validate(List<MigrationStatus.Entry> status, Path dir, String target, String product) {
        List<Finding> findings = new ArrayList<>();
        for (MigrationStatus.Entry e : status) {
            switch (e.state()) {
                case CHECKSUM_MISMATCH -> findings.add(Finding.builder("migration-checksum-mismatch", Severity.CRITICAL)
                        .subject(e.script())
                        .message("version " + e.version() + " was applied on " + e.installedOn() + ", but " + e.detail())
                        .fix("restore the applied text of " + e.script() + " (e.g. git checkout of the version that ran); "
                                + "put the new change into a new migration: dbagent migrate new NAME")
                        .evidence("version", e.version()).build());
                case MISSING_FILE -> findings.add(Finding.builder("migration-file-missing", Severity.CRITICAL)
                        .subject(e.script())
                        .message("version " + e.version() + " was applied on " + e.installedOn() + " from " + e.script()
                                + ", which is not in " + dir)
                        .fix("restore " + e.script() + " into " + dir + " from version control")
                        .evidence("version", e.version()).build());
                case FAILED, DOWN_FAILED -> findings.add(Finding.builder("migration-failed", Severity.CRITICAL)
                        .subject(e.script())
                        .message(e.label() + (e.state() == MigrationStatus.State.FAILED
                                ? " failed half-way: " : " failed half-way while being reverted: ") + e.detail())
                        .fix("finish or undo the statements that ran by hand, then: dbagent migrate repair --db URL")
                        .evidence("version", e.version()).build());
                default -> {
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("applied", status.stream().filter(e -> e.state() == MigrationStatus.State.APPLIED).count());
        metrics.put("pending", status.stream().filter(e -> e.state() == MigrationStatus.State.PENDING).count());
        metrics.put("files", status.stream().filter(e -> e.state() != MigrationStatus.State.MISSING_FILE).count());
        return new Report<>("migrate validate", target, product, findings, Map.of(), metrics);
    }
}

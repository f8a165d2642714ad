package io.dbagent.backup;

import io.dbagent.report.ReportRenderer;

import java.util.Locale;

/** Text renderings of backup results for the terminal. */
public final class BackupText {

    private BackupText() {
    }

    public static String create(BackupService.CreateResult r) {
        BackupManifest m = r.manifest();
        StringBuilder sb = new StringBuilder();
        sb.append("backup ").append(m.id()).append(" of ").append(m.source()).append(" (").append(m.product())
                .append(' ').append(m.serverVersion()).append(")\n");
        sb.append("  folder  ").append(r.folder()).append('\n');
        sb.append("  dump    ").append(m.dumpFile()).append(", ").append(m.dumpFormat()).append(", ")
                .append(m.tool().name()).append(' ').append(m.tool().version()).append('\n');
        sb.append("  size    ").append(bytes(m.sizeBytes())).append(" in ").append(m.files().size())
                .append(" file(s), SHA-256 of each in manifest.json\n");
        sb.append("  tables  ").append(m.tables().size()).append(" tables, ")
                .append(String.format(Locale.ROOT, "%,d", m.totalRows())).append(" rows, a content checksum per table\n");
        sb.append("  took    ").append(seconds(m.seconds())).append('\n');
        m.notes().forEach(n -> sb.append("  note    ").append(n).append('\n'));
        if (r.verification() != null) {
            sb.append('\n').append(verify(r.verification()));
        }
        r.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }

    public static String verify(BackupVerifier.Result v) {
        BackupManifest m = v.manifest();
        StringBuilder sb = new StringBuilder();
        if (v.ok()) {
            sb.append("verify ").append(m.id()).append(": OK, restored into a scratch database in ")
                    .append(seconds(v.restoreSeconds() == null ? 0 : v.restoreSeconds()))
                    .append("; ").append(m.files().size()).append(" file hash(es), the schema model, ")
                    .append(m.tables().size()).append(" row counts and checksums match the manifest\n");
            v.report().skipped().forEach((k, why) -> sb.append("  not compared: ").append(k).append(": ").append(why)
                    .append('\n'));
        } else {
            sb.append("verify ").append(m.id()).append(": FAILED\n");
            sb.append(ReportRenderer.text(v.report()));
        }
        return sb.toString();
    }

    public static String restore(BackupRestorer.Result r) {
        StringBuilder sb = new StringBuilder();
        BackupManifest m = r.manifest();
        boolean ok = r.report().findings().isEmpty();
        sb.append("restored ").append(m.id()).append(" into ").append(r.target()).append(" in ")
                .append(seconds(r.seconds())).append(ok ? ": schema, " + m.tables().size()
                        + " row counts and checksums match the backup\n" : ": DIFFERENCES FOUND\n");
        if (!ok) {
            sb.append(ReportRenderer.text(r.report()));
        }
        r.warnings().forEach(w -> sb.append("warning: ").append(w).append('\n'));
        return sb.toString();
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1024.0 / 1024);
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / 1024.0 / 1024 / 1024);
    }

    public static String seconds(double s) {
        return s < 10 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.0f s", s);
    }
}

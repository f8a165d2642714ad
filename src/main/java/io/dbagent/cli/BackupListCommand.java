package io.dbagent.cli;

import io.dbagent.backup.BackupCatalog;
import io.dbagent.backup.BackupText;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "List the backups in a folder, newest first, with size, rows and the last verification.")
final class BackupListCommand implements Callable<Integer> {

    @ParentCommand
    BackupCommand parent;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder holding the backups.")
    Path dir;

    @Mixin
    TextOrJson output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("backup list");
        BackupCatalog.Listing l = parent.main.app(null).backups().list(dir);
        if (fmt == OutputFormat.JSON) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BackupCatalog.Entry e : l.backups()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("folder", e.folder().toString());
                m.put("manifest", e.manifest().withoutSchema());
                m.put("verified", e.verified());
                m.put("restoreSeconds", e.restoreSeconds());
                rows.add(m);
            }
            parent.print(Json.write(Map.of("dir", l.dir().toString(), "backups", rows, "partials", l.partials()))
                    + "\n");
            return 0;
        }
        TextTable t = new TextTable("backup", "engine", "started (UTC)", "size", "tables", "rows", "took", "verified",
                "restore");
        for (BackupCatalog.Entry e : l.backups()) {
            var m = e.manifest();
            t.row(m.id(), m.product(), m.startedAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"),
                    BackupText.bytes(m.sizeBytes()), m.tables().size(), String.format(Locale.ROOT, "%,d", m.totalRows()),
                    BackupText.seconds(m.seconds()), e.verified() == null ? "never" : e.verified() ? "ok" : "FAILED",
                    e.restoreSeconds() == null ? "" : BackupText.seconds(e.restoreSeconds()));
        }
        StringBuilder sb = new StringBuilder(l.backups().size() + " backup(s) in " + l.dir() + "\n");
        if (!t.isEmpty()) {
            sb.append(t.render(""));
        }
        l.partials().forEach(p -> sb.append("leftover of an interrupted backup (safe to delete): ").append(p)
                .append('\n'));
        parent.print(sb.toString());
        return 0;
    }
}

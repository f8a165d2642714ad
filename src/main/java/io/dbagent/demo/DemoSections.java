package io.dbagent.demo;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capability steps of the demo after inspect and lint. Each runs on the demo database and contributes a
 * section; a step that cannot run here (a missing tool, no privilege) says why instead of failing the demo.
 */
final class DemoSections {

    /** One step: its title and how to run it. */
    private interface Step {
        String run(DbUrl url, Path workDir) throws Exception;
    }

    private DemoSections() {
    }

    static List<DemoService.Section> run(DbUrl url, Path dir, String demoSchema, Map<String, Long> stepMillis) {
        Path workDir = workDir(url, dir);
        List<DemoService.Section> out = new ArrayList<>();
        add(out, stepMillis, "optimise", url, workDir, (u, w) -> {
            try (DbSession s = writableInDemoSchema(u, demoSchema)) {
                return ShopDemo.run(s).text();
            }
        });
        add(out, stepMillis, "design", url, workDir, (u, w) -> {
            try (DbSession s = ConnectionFactory.open(u)) {
                return DesignDemo.run(s, Dialects.of(u).embedded() ? null : demoSchema).text();
            }
        });
        add(out, stepMillis, "migration", url, workDir, (u, w) -> {
            try (DbSession s = writableInDemoSchema(u, demoSchema)) {
                return MigrationDemo.run(s, w.resolve("migrations-demo")).text();
            }
        });
        add(out, stepMillis, "health", url, workDir, (u, w) -> {
            try (DbSession s = ConnectionFactory.open(u)) {
                return HealthDemo.text(HealthDemo.report(s, demoSchema));
            }
        });
        add(out, stepMillis, "backup", url, workDir, (u, w) -> {
            try (DbSession s = ConnectionFactory.open(u)) {
                String note = Dialects.of(u).namesBySchema()
                        ? "  (on PostgreSQL the demo shares your database, so the backup covers all of it)\n" : "";
                return BackupDemo.run(s, w.resolve("backups"), null).text() + note;
            }
        });
        return out;
    }

    private static void add(List<DemoService.Section> out, Map<String, Long> stepMillis, String title, DbUrl url,
                            Path workDir, Step step) {
        long t0 = System.nanoTime();
        String text;
        try {
            text = step.run(url, workDir);
        } catch (Exception e) {
            text = "skipped: " + Redactor.redact(String.valueOf(e.getMessage())) + "\n";
        }
        stepMillis.put(title, (System.nanoTime() - t0) / 1_000_000);
        out.add(new DemoService.Section(title, text));
    }

    /** A writable session whose unqualified names resolve to the demo's tables (PostgreSQL: its own schema). */
    private static DbSession writableInDemoSchema(DbUrl url, String demoSchema) throws java.sql.SQLException {
        DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
        if (demoSchema != null) {
            try (var st = s.connection().createStatement()) {
                Dialects.of(s).demo().useSchemas(st, demoSchema);
            } catch (java.sql.SQLException e) {
                s.close();
                throw e;
            }
        }
        return s;
    }

    /** SQLite: next to shop.db; servers: a new temp directory. */
    private static Path workDir(DbUrl url, Path dir) {
        try {
            if (Dialects.of(url).embedded() && !url.inMemory()) {
                return Path.of(url.database()).toAbsolutePath().getParent();
            }
            return dir != null ? dir : Files.createTempDirectory("dbagent-demo-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a work directory for the demo: " + e.getMessage(), e);
        }
    }
}

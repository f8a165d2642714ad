package io.dbagent.demo;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.lint.SchemaLinter;
import io.dbagent.report.Report;
import io.dbagent.schema.Schema;
import io.dbagent.sql.ScriptSplitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo: builds a shop database with realistic volume, then runs what dbagent can do on it. SQLite by default
 * (a new file, kept so the user can explore it); on PostgreSQL it works in its own schema and on MySQL/MariaDB in
 * its own database, both dropped afterwards unless asked to keep them. It never touches existing objects.
 */
public final class DemoService {

    /** Default name of the schema (PG) or database (MySQL) the demo creates on a server. */
    public static final String DEMO_SCHEMA = "dbagent_demo";

    private DemoService() {
    }

    /** What the demo did, for rendering. */
    public record Result(String target, String product, boolean kept, String demoSchema, DemoData.Counts counts,
                         Map<String, Long> stepMillis, Schema schema, Report<Void> lint, List<Section> sections) {
    }

    /** One capability's part of the demo: its title and what it printed (or why it was skipped). */
    public record Section(String title, String text) {
    }

    /**
     * @param dir        SQLite only: directory for {@code shop.db}; a new temp directory when null
     * @param serverUrl  a PostgreSQL or MySQL URL to run on instead of SQLite; null for SQLite
     * @param orderItems how many order_items rows to generate
     * @param keep       keep the server schema/database afterwards
     * @param demoSchema name of the schema (PG) or database (MySQL) to create; null for {@link #DEMO_SCHEMA}
     */
    public static Result run(Path dir, DbUrl serverUrl, int orderItems, boolean keep, String demoSchema) {
        return run(dir, serverUrl, orderItems, keep, demoSchema, false);
    }

    /**
     * The whole demo: with {@code withSections} every capability adds its step (design, migration, health, backup)
     * after inspect and lint; without, only the database is built, inspected and linted (what tests of a single
     * capability start from).
     */
    public static Result run(Path dir, DbUrl serverUrl, int orderItems, boolean keep, String demoSchema,
                             boolean withSections) {
        if (orderItems < 100) {
            throw DbAgentException.badInput("--rows must be at least 100, got " + orderItems);
        }
        String name = demoSchema == null ? DEMO_SCHEMA : demoSchema;
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw DbAgentException.badInput("--schema must be a lower-case identifier, got '" + name + "'");
        }
        // a directory the demo made up itself is removed at the end unless --keep; one the user named stays. It is
        // made only when something is written there: SQLite's database file, or the sections' files on a server
        boolean embeddedUrl = serverUrl != null && Dialects.of(serverUrl).embedded();
        boolean needsDir = serverUrl == null || (embeddedUrl ? serverUrl.inMemory() : withSections);
        Path scratch = dir == null && needsDir ? newScratchDir() : null;
        DbUrl url = serverUrl == null ? sqliteTarget(scratch != null ? scratch : dir) : serverUrl;
        if (embeddedUrl) {
            url = sqliteTarget(serverUrl.inMemory() ? (scratch != null ? scratch : dir)
                    : Path.of(serverUrl.database()).toAbsolutePath().getParent());
        }
        Path workDir = dir != null ? dir : scratch;
        Map<String, Long> steps = new LinkedHashMap<>();
        DbUrl workUrl = url;
        boolean createdServerObject = false;
        try {
            long t0 = System.nanoTime();
            try (DbSession admin = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE)) {
                workUrl = prepare(admin, name);
                createdServerObject = !Dialects.of(admin).embedded();
            }
            DemoData.Counts counts;
            try (DbSession s = ConnectionFactory.open(workUrl, ConnectionFactory.Access.WRITE_CREATE);
                 Statement st = s.connection().createStatement()) {
                useDemoSchema(s, st, name);
                s.connection().setAutoCommit(false);
                for (String stmt : ScriptSplitter.split(Dialects.of(s).demo().shopDdl())) {
                    st.execute(stmt);
                }
                s.connection().commit();
                steps.put("create schema", ms(t0));
                long t1 = System.nanoTime();
                counts = new DemoData(orderItems).load(st);
                s.connection().commit();
                steps.put("load rows", ms(t1));
                long t2 = System.nanoTime();
                s.connection().setAutoCommit(true);
                analyze(s, st);
                steps.put("analyze", ms(t2));
            }
            Schema schema;
            Report<Void> lint;
            String product;
            long t3 = System.nanoTime();
            try (DbSession ro = ConnectionFactory.open(workUrl)) {
                product = ro.describe();
                schema = Dialects.inspect(ro).onlySchema(name);
                steps.put("inspect", ms(t3));
                long t4 = System.nanoTime();
                lint = SchemaLinter.lint(schema, ro, workUrl.redacted());
                steps.put("lint", ms(t4));
            }
            List<Section> sections = withSections ? DemoSections.run(workUrl, workDir, name, steps) : List.of();
            boolean embedded = Dialects.of(url).embedded();
            boolean kept = keep || (embedded && scratch == null);
            if (!kept && !embedded) {
                cleanup(url, name);
                createdServerObject = false;
            }
            return new Result(workUrl.redacted(), product, kept, name, counts, steps, schema, lint, sections);
        } catch (SQLException e) {
            if (createdServerObject && !keep) {
                cleanup(url, name);
            }
            throw Sql.failure("demo failed", e);
        } catch (RuntimeException e) {
            if (createdServerObject && !keep) {
                cleanup(url, name);
            }
            throw e;
        } finally {
            // --keep keeps SQLite's file with its folder; on a server it keeps the schema, and the files the sections
            // wrote into the scratch folder (named nowhere in the report) go
            if (scratch != null && !(keep && Dialects.of(url).embedded())) {
                deleteTree(scratch);
            }
        }
    }

    private static Path newScratchDir() {
        try {
            return Files.createTempDirectory("dbagent-demo-");
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot create demo directory: " + e.getMessage());
        }
    }

    /** Removes the demo's own scratch directory (the database, backups, migrations it wrote there). */
    public static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("dbagent: warning: could not remove the demo directory " + root + ": " + e.getMessage());
        }
    }

    private static DbUrl sqliteTarget(Path dir) {
        try {
            Path d = java.util.Objects.requireNonNull(dir, "the demo database needs a directory");
            Files.createDirectories(d);
            Path file = d.resolve("shop.db");
            if (Files.exists(file)) {
                throw DbAgentException.badInput("demo database " + file
                        + " already exists: remove it or pass another --dir (the demo never overwrites data)");
            }
            return DbUrlParser.parse("sqlite:" + file.toAbsolutePath());
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot create demo directory: " + e.getMessage());
        }
    }

    /** Creates the demo's own schema/database on a server; refuses if it exists already. */
    private static DbUrl prepare(DbSession admin, String name) throws SQLException {
        try (Statement st = admin.connection().createStatement()) {
            return Dialects.of(admin).demo().createArea(st, admin.url(), name);
        }
    }

    private static void useDemoSchema(DbSession s, Statement st, String name) throws SQLException {
        Dialects.of(s).demo().useSchemas(st, name);
    }

    private static void analyze(DbSession s, Statement st) throws SQLException {
        Dialects.of(s).demo().analyze(st);
    }

    private static void cleanup(DbUrl url, String name) {
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
             Statement st = s.connection().createStatement()) {
            Dialects.of(s).demo().dropArea(st, name);
        } catch (SQLException | RuntimeException e) {
            System.err.println("dbagent: warning: could not drop " + name + ": " + e.getMessage());
        }
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

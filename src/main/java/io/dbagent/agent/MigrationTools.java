package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.diff.DiffRenderer;
import io.dbagent.diff.DiffService;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.migrate.MigrationFormat;
import io.dbagent.migrate.MigrationGenerator;
import io.dbagent.report.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Migration tools. Diffing, linting and testing never touch the user's database (tests run on a scratch database);
 * generating writes migration files. Applying migrations is left to {@code dbagent migrate up}, which the user runs
 * after reading them: the runner keeps the history table and the lock.
 */
public final class MigrationTools {

    private final DatabaseTools core;

    MigrationTools(DatabaseTools core) {
        this.core = core;
    }

    @ToolHints(readOnly = true, idempotent = true) // .sql inputs go to a scratch database that is dropped
    @Tool(name = "diff_schemas", value = {
            "Compare two schemas and return the ordered changes (with their reverse) and the DDL to go from one to "
                    + "the other. Each side is a database URL, a .sql file or a migrations directory; 'current' means "
                    + "the connected database. .sql inputs are applied to a scratch database (PostgreSQL/MySQL need "
                    + "devDb). Destructive changes are flagged; when 'from' is a database, the rows there that would "
                    + "make the up script fail (NULLs, duplicates, orphans) are counted in 'preflight' with their data "
                    + "fix, and 'willFail' is true. A dropped and added column of the same type (or table with the same "
                    + "columns) is listed in 'possibleRenames' with its flag; pass renames (e.g. 'orders=purchases', "
                    + "'orders.note=remark') to rename instead of drop and add."})
    public String diffSchemas(
            @P("From: 'current', a database URL, a .sql file or a migrations directory") String from,
            @P("To: 'current', a database URL, a .sql file or a migrations directory") String to,
            @P(value = "Dialect of .sql inputs: postgres, mysql or sqlite (default: the connected database's)",
                    required = false) String dialect,
            @P(value = "Server for scratch databases (default $DBAGENT_DEV_DB)", required = false) String devDb,
            @P(value = "Renames, comma-separated: OLD=NEW for a table, TABLE.OLD=NEW for a column",
                    required = false) String renames) {
        return DatabaseTools.guarded(() -> {
            ScratchNotes.Collected<DiffService.Result> c = core.app().migrations().diff(from, to, dialect, devDb,
                    renameList(renames));
            return withScratch(DiffRenderer.json(c.value(), false,
                    core.app().migrations().diffPreflight(from, c.value(), false)), c.notes());
        });
    }

    @ToolHints(readOnly = false) // writes a new migration pair under a work directory
    @Tool(name = "generate_migration", value = {
            "Write a timestamped migration pair (V…__name.sql up, U…__name.sql down) into `dir` for a schema change; "
                    + "with `format` liquibase one formatted-SQL changelog (…__name.sql: a changeset and its --rollback) "
                    + "or alembic one revision module (…_name.py chained to the directory's head). "
                    + "Give either `change` (the statements that make it, e.g. 'ALTER TABLE orders ADD COLUMN "
                    + "shipped_at timestamp; CREATE INDEX ...': they are tried on a scratch copy, never on the "
                    + "database) or `target` (a .sql file or database URL with the desired schema). The down comes "
                    + "from the diff; the header lists hazards and breaking changes sized by the live tables. Nothing "
                    + "is applied. Returns the file paths and contents."})
    public String generateMigration(
            @P("Migration name, e.g. add_shipped_at") String name,
            @P(value = "The change statements (or use target)", required = false) String change,
            @P(value = "Target schema: a .sql file or a database URL (or use change)", required = false) String target,
            @P(value = "Migrations directory (default: migrations)", required = false) String dir,
            @P(value = "Server for scratch databases (default $DBAGENT_DEV_DB, else the database's own server)",
                    required = false) String devDb,
            @P(value = "File format: flyway (default), liquibase or alembic", required = false) String format,
            @P(value = "With target: renames, comma-separated: OLD=NEW for a table, TABLE.OLD=NEW for a column",
                    required = false) String renames) {
        return DatabaseTools.guarded(() -> {
            ScratchNotes.Collected<MigrationGenerator.Result> c =
                    core.app().migrations().generate(name, change, target, dir, devDb, format, renameList(renames));
            MigrationGenerator.Result r = c.value();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", r.pair().version());
            if (r.pair().up().equals(r.pair().down())) {
                out.put("format", MigrationFormat.parse(format).id());
                out.put("file", r.pair().up().toString());
                out.put("content", read(r.pair().up()));
            } else {
                out.put("up", r.pair().up().toString());
                out.put("down", r.pair().down().toString());
                out.put("upSql", read(r.pair().up()));
                out.put("downSql", read(r.pair().down()));
            }
            out.put("hazards", r.hazards());
            if (!r.plan().possibleRenames().isEmpty()) {
                out.put("possibleRenames", r.plan().possibleRenames());
            }
            if (r.willFail()) {
                out.put("willFail", "live rows make the up migration fail (preflight-* hazards): apply their data fix first");
            }
            if (!c.notes().isEmpty()) {
                out.put("scratch", c.notes());
            }
            out.put("next", "review the files, then `dbagent migrate test --dev-db URL` and `dbagent migrate up`");
            return Json.write(out);
        });
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "lint_migration", value = {
            "Lint the migrations in a directory for locking and breaking hazards (blocking index/FK/check creation, "
                    + "table rewrites, NOT NULL without default, drops and renames, missing down files, mixed "
                    + "transactional statements), severity scaled by the live table sizes. Returns findings with fixes."})
    public String lintMigration(@P(value = "Migrations directory (default: migrations)", required = false) String dir) {
        return DatabaseTools.guarded(() -> Json.write(core.app().migrations().lint(dir)));
    }

    @ToolHints(readOnly = false) // records the outcome in memory; the scratch database is dropped
    @Tool(name = "test_migrations", value = {
            "Test the migrations of a directory that the database has not applied yet, on a scratch copy of its "
                    + "current schema with seeded rows: up, integrity checks (orphans, constraints, row counts), down "
                    + "must restore the schema exactly, up again. Returns per-migration results. The database itself "
                    + "is only read."})
    public String testMigrations(
            @P(value = "Migrations directory (default: migrations)", required = false) String dir,
            @P(value = "Server for the scratch database (default $DBAGENT_DEV_DB, else the database's own server)",
                    required = false) String devDb,
            @P(value = "Sample rows per table (default 20)", required = false) Integer seedRows) {
        return DatabaseTools.guarded(() -> Json.write(core.app().migrations().testPending(dir, devDb, seedRows)));
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "migration_status", value = {
            "Where each migration of a directory stands on the connected database: applied, pending, failed, "
                    + "changed since applied, missing, baselined; then each repeatable R__ file (applied, pending, or "
                    + "outdated: changed, so `migrate up` runs it again). Reads dbagent's history or Flyway's "
                    + "(flyway_schema_history), detected or chosen with `history`. Also lists .sql files whose names "
                    + "are not migrations. Read-only; applying (`migrate up`) and `migrate baseline --version V` are "
                    + "left to the user on the command line."})
    public String migrationStatus(
            @P(value = "Migrations directory (default: migrations)", required = false) String dir,
            @P(value = "History table: flyway, dbagent or auto (default auto: Flyway's when only it exists)",
                    required = false) String history,
            @P(value = "Name of Flyway's history table (default flyway_schema_history)", required = false)
            String historyTable) {
        return DatabaseTools.guarded(() -> Json.write(core.app().migrations().status(
                Path.of(dir == null || dir.isBlank() ? "migrations" : dir),
                io.dbagent.migrate.HistoryOption.parse(history, historyTable))));
    }

    /** Adds where the scratch databases were (and as whom) to a JSON object answer. */
    private static String withScratch(String json, List<String> notes) {
        if (notes.isEmpty()) {
            return json;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scratch", notes);
        out.putAll(Json.read(json, Map.class));
        return Json.write(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static java.util.List<String> renameList(String renames) {
        return renames == null || renames.isBlank() ? java.util.List.of()
                : java.util.Arrays.stream(renames.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}

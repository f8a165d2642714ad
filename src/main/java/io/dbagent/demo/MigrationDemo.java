package io.dbagent.demo;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.diff.DiffModels;
import io.dbagent.diff.DiffPlan;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.migrate.Migration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.MigrationGenerator;
import io.dbagent.migrate.MigrationLinter;
import io.dbagent.migrate.MigrationRenderer;
import io.dbagent.migrate.MigrationRunner;
import io.dbagent.migrate.MigrationTester;
import io.dbagent.migrate.RunResult;
import io.dbagent.migrate.TableSizes;
import io.dbagent.migrate.TestResult;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.ScriptSplitter;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The migrations part of {@code dbagent demo}: on the demo shop database, generate the migration for a schema change
 * (orders get {@code shipped_at} and an index for "orders by status, newest first"), lint it against the live table
 * sizes, test it up/down/up on a scratch copy of the schema with sample rows, and apply it with the runner.
 */
public final class MigrationDemo {

    static final String NAME = "add_order_shipping";

    /** What happened, and {@link #text()} to print it. */
    public record Result(Path up, Path down, DiffPlan plan, Report<Void> lint, TestResult test, RunResult applied,
                         List<String> notes) {

        public String text() {
            StringBuilder out = new StringBuilder("== migration ==\n");
            out.append("generated ").append(up).append(" and ").append(down.getFileName()).append(": ")
                    .append(plan.changes().size()).append(" change(s)\n");
            plan.changes().forEach(c -> out.append("  ").append(c.kind()).append(' ').append(c.subject()).append('\n'));
            out.append("\n== migration lint ==\n").append(ReportRenderer.text(lint));
            out.append("\n== round trip on a scratch copy ==\n").append(MigrationRenderer.test(test,
                    io.dbagent.report.OutputFormat.TEXT));
            notes.forEach(n -> out.append("note: ").append(n).append('\n'));
            out.append("\n== applied ==\n");
            applied.steps().forEach(s -> out.append("  ").append(s.script()).append(": ").append(s.outcome())
                    .append(" in ").append(s.executionMs()).append(" ms, ").append(s.detail()).append('\n'));
            if (applied.failed()) {
                out.append("  FAILED: ").append(applied.failure()).append('\n');
            }
            return out.toString();
        }
    }

    private MigrationDemo() {
    }

    /**
     * @param session a writable session on the demo shop database (the runner applies the migration through it)
     * @param workDir where the {@code migrations/} directory is written
     */
    public static Result run(DbSession session, Path workDir) {
        if (session.readOnly()) {
            throw DbAgentException.badInput("the migration demo applies its migration: it needs a writable session");
        }
        Schema live = Dialects.inspect(session);
        Table orders = live.tables().stream().filter(t -> t.name().equals("orders")).findFirst()
                .orElseThrow(() -> DbAgentException.badInput("no orders table: the migration demo runs on the demo shop database"));
        Schema shop = live.onlySchema(orders.schema());
        Schema wanted = withShipping(shop, orders, session.dialect());
        Path dir = workDir.resolve("migrations");
        MigrationGenerator.Request request = new MigrationGenerator.Request(dir, NAME, session, null, null, false,
                Instant.now());
        MigrationGenerator.Result gen = MigrationGenerator.write(request, shop, wanted, session.url().redacted(),
                "the shop schema with orders.shipped_at and idx_orders_shipped_at", TableSizes.live(session, live));
        List<Migration> migrations = MigrationDirectory.read(dir);
        Migration ours = migrations.stream().filter(m -> m.version().equals(gen.pair().version())).findFirst().orElseThrow();
        Report<Void> lint = MigrationLinter.lint(MigrationLinter.inputs(List.of(ours)), session.dialect(),
                TableSizes.live(session, live), session.url().redacted(), session.describe(), java.util.Map.of());
        List<String> notes = new ArrayList<>();
        TestResult test = roundTrip(session, shop, ours, notes);
        RunResult applied = MigrationRunner.up(session, List.of(ours), null, 30);
        return new Result(gen.pair().up(), gen.pair().down(), gen.plan(), lint, test, applied, notes);
    }

    /** The shop schema on a scratch database of the same engine (on the same server), then the migration test. */
    private static TestResult roundTrip(DbSession session, Schema shop, Migration m, List<String> notes) {
        DialectKind d = session.dialect();
        Schema baseline = shop;
        if (!Dialects.of(d).demo().modelRecreatesTriggers() && !shop.triggers().isEmpty()) {
            // trigger functions are not part of the schema model, so the copy cannot recreate the triggers
            baseline = new Schema(shop.dialect(), shop.product(), shop.serverVersion(), shop.database(), shop.schemas(),
                    shop.tables(), shop.views(), List.of(), shop.sequences(), shop.enums(), shop.routines());
            notes.add("the scratch copy leaves out " + shop.triggers().size() + " trigger(s): their functions are not "
                    + "part of the schema model");
        }
        try (ScratchDatabase scratch = ScratchDatabase.create(d, Dialects.of(d).embedded() ? null : session.url(),
                session.url());
             DbSession s = scratch.openWritable()) {
            List<String> ddl = new ArrayList<>();
            if (Dialects.of(d).namesBySchema()) {
                shop.schemas().stream().filter(n -> !n.equals("public"))
                        .forEach(n -> ddl.add("CREATE SCHEMA IF NOT EXISTS " + io.dbagent.dialect.DdlWriter.of(d).ident(n)));
            }
            ddl.addAll(SchemaDiff.diff(DiffModels.empty(d), baseline).statements());
            List<ScriptSplitter.Statement> stmts = new ArrayList<>();
            ddl.forEach(q -> stmts.add(new ScriptSplitter.Statement(q, stmts.size() + 1)));
            // our own DDL from the model: it runs directly, as the scratch identity
            ScriptExecutor.run(s, stmts, true);
            if (Dialects.of(d).namesBySchema() && shop.schemas().size() == 1) {
                try (Statement st = s.connection().createStatement()) {
                    Dialects.of(d).demo().useSchemas(st, io.dbagent.dialect.DdlWriter.of(d).ident(shop.schemas().get(0)) + ", public");
                } catch (SQLException e) {
                    throw io.dbagent.dialect.Sql.failure("cannot set the scratch search path", e);
                }
            }
            return MigrationTester.test(s, List.of(m), 20, "a scratch copy of the shop schema");
        }
    }
    /** The change the demo makes: a nullable shipped_at column and an index on (status, created_at). */
    static Schema withShipping(Schema shop, Table orders, DialectKind d) {
        String type = Dialects.of(d).demo().timestampType();
        List<Column> cols = new ArrayList<>(orders.columns());
        cols.add(Column.of("shipped_at", type, true, null));
        List<Index> idx = new ArrayList<>(orders.indexes());
        // an index on the new column: one on existing columns could duplicate what the advisor step just built
        idx.add(new Index("idx_orders_shipped_at", List.of("shipped_at"), false, false, "btree", null, List.of(), -1));
        Table changed = new Table(orders.schema(), orders.name(), orders.rowEstimate(), orders.sizeBytes(), cols,
                orders.primaryKey(), orders.primaryKeyName(), orders.foreignKeys(), orders.uniques(), orders.checks(),
                idx, orders.comment());
        List<Table> tables = shop.tables().stream().map(t -> t == orders ? changed : t).toList();
        return shop.withTables(tables);
    }
}

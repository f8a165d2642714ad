package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.diff.DiffModels;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.guard.StatementFailure;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration from a change rather than from a target schema: "add column X, index Y" as the statements a person or
 * a model would write. The live schema is copied to a scratch database of the same engine, the change is applied
 * there, and the difference between the two models becomes the migration pair, so the down comes from the diff
 * (exact reverses), not from guessing, and the live database is never touched.
 */
public final class ChangeMigration {

    private ChangeMigration() {
    }

    /**
     * @param live      read-only session on the database the migration is for
     * @param changeSql the change statements, e.g. {@code ALTER TABLE orders ADD COLUMN shipped_at timestamp}
     * @param devServer PostgreSQL/MySQL server for the scratch copy (SQLite needs none)
     */
    public static MigrationGenerator.Result generate(DbSession live, Path dir, String name, String changeSql,
                                                     DbUrl devServer) {
        return generate(live, dir, name, changeSql, devServer, MigrationFormat.FLYWAY);
    }

    /** As {@link #generate(DbSession, Path, String, String, DbUrl)}, written in {@code format}. */
    public static MigrationGenerator.Result generate(DbSession live, Path dir, String name, String changeSql,
                                                     DbUrl devServer, MigrationFormat format) {
        if (changeSql == null || changeSql.isBlank()) {
            throw DbAgentException.badInput("the change is empty: give the statements that make it");
        }
        Schema current = Dialects.inspect(live);
        DialectKind d = live.dialect();
        Schema changed;
        try (ScratchDatabase scratch = scratchFor(live, devServer);
             DbSession s = scratch.openWritable()) {
            copySchema(s, current);
            try {
                ScratchRunner.run(s, changeSql, Dialects.of(d).transactionalDdl());
            } catch (StatementFailure e) {
                throw DbAgentException.badInput("the change does not apply to a copy of the current schema: "
                        + e.getMessage());
            } catch (DbAgentException e) {
                if (e.code() == DbAgentException.Code.BAD_INPUT) {
                    throw DbAgentException.badInput("the change: " + e.getMessage());
                }
                throw e;
            }
            changed = Dialects.inspect(s);
        }
        MigrationGenerator.Request request = new MigrationGenerator.Request(dir, MigrationWriter.name(name), live, null,
                devServer, false, Instant.now(), format);
        MigrationGenerator.Result r = MigrationGenerator.write(request, current, changed, live.url().redacted(),
                "the change", TableSizes.live(live, current));
        if (r.pair() == null) {
            throw DbAgentException.badInput("the change makes no difference to the schema");
        }
        return r;
    }

    /**
     * Tests the migrations the live database has not applied yet, on a scratch copy of its current schema (with
     * seeded rows): up, integrity checks, down back to the copy, up again. The live database is only read.
     */
    public static TestResult testPending(DbSession live, List<Migration> migrations, int seedRows, DbUrl devServer) {
        List<String> pendingVersions = MigrationRunner.status(live, migrations).stream()
                .filter(e -> e.state() == MigrationStatus.State.PENDING).map(MigrationStatus.Entry::version).toList();
        List<Migration> pending = migrations.stream().filter(m -> pendingVersions.contains(m.version())).toList();
        if (pending.isEmpty()) {
            throw DbAgentException.badInput("no pending migrations to test: every file is applied already");
        }
        try (ScratchDatabase scratch = scratchFor(live, devServer);
             DbSession s = scratch.openWritable()) {
            copySchema(s, Dialects.inspect(live));
            return MigrationTester.test(s, pending, seedRows, "a scratch copy of " + live.url().redacted() + ": "
                    + scratch.note());
        }
    }

    private static ScratchDatabase scratchFor(DbSession live, DbUrl devServer) {
        DialectKind d = live.dialect();
        return ScratchDatabase.create(d, Dialects.of(d).embedded() ? null : devServer != null ? devServer : live.url(),
                live.url());
    }

    /**
     * Creates the model's tables, indexes, views and triggers on an empty scratch database. This is DDL dbagent
     * wrote from the inspected model, so it runs directly, as the scratch identity.
     */
    private static void copySchema(DbSession scratch, Schema model) {
        DialectKind d = scratch.dialect();
        List<String> ddl = new ArrayList<>();
        if (io.dbagent.dialect.Dialects.of(d).namesBySchema()) {
            model.schemas().stream().filter(n -> !n.equals("public"))
                    .forEach(n -> ddl.add("CREATE SCHEMA IF NOT EXISTS " + io.dbagent.dialect.DdlWriter.of(d).ident(n)));
        }
        ddl.addAll(SchemaDiff.diff(DiffModels.empty(d), model).statements());
        ScriptExecutor.run(scratch, String.join(";\n", ddl), true);
    }
}

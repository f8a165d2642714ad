package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.diff.DiffService;
import io.dbagent.diff.SchemaSource;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.migrate.ChangeMigration;
import io.dbagent.migrate.Migration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.MigrationGenerator;
import io.dbagent.migrate.MigrationLinter;
import io.dbagent.migrate.MigrationMemory;
import io.dbagent.migrate.MigrationTester;
import io.dbagent.migrate.MigrationWriter;
import io.dbagent.migrate.SchemaSources;
import io.dbagent.migrate.TableSizes;
import io.dbagent.migrate.TestResult;
import io.dbagent.report.Report;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Migration use cases: diff two schemas, generate a migration pair, lint a directory and test migrations on a
 * scratch database. Work on scratch databases runs under the application's time limit; round-trip outcomes are
 * recorded in memory here, with the dialect they ran on, whichever face asked.
 */
public final class MigrationUseCases {

    /** The directory used when none is given. */
    public static final String DEFAULT_DIR = "migrations";

    private final App.Collaborators with;

    MigrationUseCases(App.Collaborators with) {
        this.with = with;
    }

    /**
     * The ordered changes from one schema to another. Each side is "current" (the application's database), a
     * database URL, a .sql file or a migrations directory; .sql inputs go to scratch databases on {@code devDb}
     * (null: $DBAGENT_DEV_DB). {@code dialect} null means the application database's engine.
     */
    public ScratchNotes.Collected<DiffService.Result> diff(String from, String to, String dialect, String devDb) {
        return ScratchRunner.withTimeout(with.timeout(), () -> {
            DialectKind d = dialect == null || dialect.isBlank() ? currentDialect() : DialectKind.parse(dialect);
            return ScratchNotes.collect(() -> DiffService.diff(source(from), source(to), d, devServer(devDb)));
        });
    }

    /**
     * Writes a migration pair into {@code dir} (which must lie under a work directory) from either {@code change}
     * statements, tried on a scratch copy, or a {@code target} schema; nothing is applied. A change that makes no
     * difference is bad input.
     */
    public ScratchNotes.Collected<MigrationGenerator.Result> generate(String name, String change, String target,
                                                                     String dir, String devDb) {
        return ScratchRunner.withTimeout(with.timeout(), () -> {
            Path d = with.writableDirs().checkWritable(orDefault(dir), "migrations directory");
            boolean hasChange = change != null && !change.isBlank();
            if (hasChange == (target != null && !target.isBlank())) {
                throw DbAgentException.badInput("give exactly one of change (statements) or target (schema)");
            }
            try (DbSession live = readOnly()) {
                ScratchNotes.Collected<MigrationGenerator.Result> c = ScratchNotes.collect(() -> hasChange
                        ? ChangeMigration.generate(live, d, name, change, devServer(devDb))
                        : MigrationGenerator.generate(MigrationGenerator.Request.builder().dir(d).name(name).live(live)
                        .to(SchemaSources.parse(target)).devServer(devServer(devDb)).build()));
                if (c.value().pair() == null) {
                    throw DbAgentException.badInput("no difference: the database already has that schema");
                }
                return c;
            }
        });
    }

    /** An empty up/down pair named for now by the application's clock. */
    public MigrationWriter.Pair newPair(Path dir, String name) {
        return MigrationWriter.newPair(dir, name, with.clock().instant());
    }

    /** Lints the migrations in {@code dir} (null: migrations) against the live table sizes. */
    public Report<Void> lint(String dir) {
        Path d = Path.of(orDefault(dir));
        try (DbSession s = readOnly()) {
            return MigrationLinter.lint(MigrationLinter.inputs(MigrationDirectory.read(d)), s.dialect(),
                    TableSizes.live(s), s.url().redacted(), s.describe(), new LinkedHashMap<>());
        }
    }

    /**
     * Tests the pending migrations of {@code dir} on a scratch copy of the application's database (up, down, up
     * with {@code seedRows} sample rows, see {@link Limits#seedRows}) and records the outcomes with its dialect.
     */
    public TestResult testPending(String dir, String devDb, Integer seedRows) {
        int rows = Limits.seedRows(seedRows);
        return ScratchRunner.withTimeout(with.timeout(), () -> {
            Path d = Path.of(orDefault(dir));
            try (DbSession live = readOnly()) {
                TestResult r = ChangeMigration.testPending(live, MigrationDirectory.read(d), rows, devServer(devDb));
                MigrationMemory.tested(with.memory(), r, live.dialect().id());
                return r;
            }
        });
    }

    /**
     * Tests every migration of {@code dir} on a fresh scratch database of {@code devDb}'s engine (a temporary SQLite
     * file when there is none), as {@code dbagent migrate test} does, and records the outcomes with that engine.
     */
    public TestResult testAll(Path dir, String devDb, Integer seedRows) {
        int rows = Limits.seedRows(seedRows);
        List<Migration> migrations = MigrationDirectory.read(dir);
        DbUrl server = devServer(devDb);
        TestResult r = ScratchRunner.withTimeout(with.timeout(), () -> MigrationTester.test(migrations, server, rows));
        MigrationMemory.tested(with.memory(), r, server == null ? DialectKind.SQLITE.id() : server.dialect().id());
        return r;
    }

    /** {@code devDb}, else $DBAGENT_DEV_DB of the application's environment; null when neither is set. */
    public DbUrl devServer(String devDb) {
        return ScratchDatabase.devServer(devDb, with.env());
    }

    private DialectKind currentDialect() {
        try (DbSession s = readOnly()) {
            return s.dialect();
        }
    }

    private SchemaSource source(String spec) {
        if ("current".equalsIgnoreCase(spec == null ? "" : spec.trim())) {
            return new SchemaSource.Database(with.requireUrl("'current' needs a database URL"));
        }
        return SchemaSources.parse(spec);
    }

    private DbSession readOnly() {
        return with.requireSessions().open(ConnectionFactory.Access.READ_ONLY);
    }

    private static String orDefault(String dir) {
        return dir == null || dir.isBlank() ? DEFAULT_DIR : dir;
    }
}

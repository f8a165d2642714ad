package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.diff.DiffService;
import io.dbagent.diff.Renames;
import io.dbagent.diff.SchemaSource;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.migrate.BreakingChanges;
import io.dbagent.migrate.ChangeMigration;
import io.dbagent.migrate.HistoryOption;
import io.dbagent.migrate.Migration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.MigrationFile;
import io.dbagent.migrate.MigrationFormat;
import io.dbagent.migrate.MigrationGenerator;
import io.dbagent.migrate.MigrationLinter;
import io.dbagent.migrate.MigrationMemory;
import io.dbagent.migrate.MigrationRunner;
import io.dbagent.migrate.MigrationStatus;
import io.dbagent.migrate.MigrationValidator;
import io.dbagent.migrate.Preflight;
import io.dbagent.migrate.RunResult;
import io.dbagent.migrate.MigrationTester;
import io.dbagent.migrate.MigrationWriter;
import io.dbagent.migrate.SchemaSources;
import io.dbagent.migrate.TableSizes;
import io.dbagent.migrate.TestResult;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return diff(from, to, dialect, devDb, List.of());
    }

    /**
     * As {@link #diff(String, String, String, String)}, with rename hints ({@code OLD=NEW} for a table,
     * {@code TABLE.OLD=NEW} for a column): the hinted objects are renamed rather than dropped and added.
     */
    public ScratchNotes.Collected<DiffService.Result> diff(String from, String to, String dialect, String devDb,
                                                           List<String> renames) {
        List<Renames.Hint> hints = Renames.Hint.parseAll(renames);
        return ScratchRunner.withTimeout(with.timeout(), () -> {
            DialectKind d = dialect == null || dialect.isBlank() ? currentDialect() : DialectKind.parse(dialect);
            return ScratchNotes.collect(() -> DiffService.diff(source(from), source(to), d, devServer(devDb), hints));
        });
    }

    /**
     * The ordered changes from one schema to another, as {@code dbagent diff} computes them: each side is a database
     * URL, a .sql file or a migrations directory; {@code dialect} (null: from the sides, the dev server, else SQLite)
     * is the engine of scripts when neither side is a database.
     */
    public ScratchNotes.Collected<DiffService.Result> diffSchemas(String from, String to, String dialect,
                                                                   String devDb) {
        return diffSchemas(from, to, dialect, devDb, List.of());
    }

    /** As {@link #diffSchemas(String, String, String, String)}, with rename hints (see {@link Renames}). */
    public ScratchNotes.Collected<DiffService.Result> diffSchemas(String from, String to, String dialect,
                                                                   String devDb, List<String> renames) {
        List<Renames.Hint> hints = Renames.Hint.parseAll(renames);
        return ScratchNotes.collect(() -> ScratchRunner.withTimeout(with.timeout(), () -> DiffService.diff(
                SchemaSources.parse(from), SchemaSources.parse(to), dialect == null ? null : DialectKind.parse(dialect),
                devServer(devDb), hints)));
    }

    /**
     * When the diff starts from a live database ({@code from} is a URL or {@code current}): the rows of that database
     * that make a statement of the up script fail (NULLs before NOT NULL, duplicate groups before UNIQUE, orphans
     * before a FOREIGN KEY, CHECK violations, values a narrower type cannot hold), counted in the guarded read context
     * as {@code migrate lint --db} does; empty for any other source.
     */
    public List<Finding> diffPreflight(String from, DiffService.Result r, boolean allowDestructive) {
        boolean current = "current".equalsIgnoreCase(from == null ? "" : from.trim());
        if (r.plan().isEmpty() || (!current && !(SchemaSources.parse(from) instanceof SchemaSource.Database))) {
            return List.of();
        }
        String up = io.dbagent.diff.DiffScript.up(r.plan(), allowDestructive, List.of());
        try (DbSession s = current ? readOnly() : ConnectionFactory.open(
                ((SchemaSource.Database) SchemaSources.parse(from)).url(), ConnectionFactory.Access.READ_ONLY)) {
            return Preflight.check(GuardedSession.read(s, with.timeout()),
                    List.of(new MigrationLinter.Input("the diff's up script", up, true)), TableSizes.live(s));
        }
    }

    /**
     * Writes a migration pair into {@code dir} (which must lie under a work directory) from either {@code change}
     * statements, tried on a scratch copy, or a {@code target} schema; nothing is applied. A change that makes no
     * difference is bad input.
     */
    public ScratchNotes.Collected<MigrationGenerator.Result> generate(String name, String change, String target,
                                                                     String dir, String devDb) {
        return generate(name, change, target, dir, devDb, null);
    }

    /**
     * As {@link #generate(String, String, String, String, String)}, written for {@code format}: flyway (a V/U pair,
     * the default when null), liquibase (a formatted-SQL changelog) or alembic (a revision module).
     */
    public ScratchNotes.Collected<MigrationGenerator.Result> generate(String name, String change, String target,
                                                                     String dir, String devDb, String format) {
        return generate(name, change, target, dir, devDb, format, List.of());
    }

    /**
     * As {@link #generate(String, String, String, String, String, String)}, with rename hints for a {@code target}
     * schema ({@code OLD=NEW} table, {@code TABLE.OLD=NEW} column).
     */
    public ScratchNotes.Collected<MigrationGenerator.Result> generate(String name, String change, String target,
                                                                     String dir, String devDb, String format,
                                                                     List<String> renames) {
        MigrationFormat f = MigrationFormat.parse(format);
        List<Renames.Hint> hints = Renames.Hint.parseAll(renames);
        return ScratchRunner.withTimeout(with.timeout(), () -> {
            Path d = with.writableDirs().checkWritable(orDefault(dir), "migrations directory");
            boolean hasChange = change != null && !change.isBlank();
            if (hasChange == (target != null && !target.isBlank())) {
                throw DbAgentException.badInput("give exactly one of change (statements) or target (schema)");
            }
            try (DbSession live = readOnly()) {
                ScratchNotes.Collected<MigrationGenerator.Result> c = ScratchNotes.collect(() -> hasChange
                        ? ChangeMigration.generate(live, d, name, change, devServer(devDb), f)
                        : toTarget(live, d, name, target, devDb, false, f, hints));
                if (c.value().pair() == null) {
                    throw DbAgentException.badInput("no difference: the database already has that schema");
                }
                return c;
            }
        });
    }

    /**
     * Writes a migration pair into {@code dir} that turns the application's database into the {@code target} schema,
     * as {@code dbagent migrate generate} does; nothing is applied. When the schemas already agree the result has no
     * pair. Destructive changes are written as comments unless {@code allowDestructive}.
     */
    public ScratchNotes.Collected<MigrationGenerator.Result> generateTo(Path dir, String name, String target,
                                                                       String devDb, boolean allowDestructive) {
        return generateTo(dir, name, target, devDb, allowDestructive, null);
    }

    /** As {@link #generateTo(Path, String, String, String, boolean)}, written for {@code format} (null: flyway). */
    public ScratchNotes.Collected<MigrationGenerator.Result> generateTo(Path dir, String name, String target,
                                                                       String devDb, boolean allowDestructive,
                                                                       String format) {
        return generateTo(dir, name, target, devDb, allowDestructive, format, List.of());
    }

    /** As {@link #generateTo(Path, String, String, String, boolean, String)}, with rename hints. */
    public ScratchNotes.Collected<MigrationGenerator.Result> generateTo(Path dir, String name, String target,
                                                                       String devDb, boolean allowDestructive,
                                                                       String format, List<String> renames) {
        MigrationFormat f = MigrationFormat.parse(format);
        List<Renames.Hint> hints = Renames.Hint.parseAll(renames);
        try (DbSession live = readOnly()) {
            return ScratchNotes.collect(() -> ScratchRunner.withTimeout(with.timeout(),
                    () -> toTarget(live, dir, name, target, devDb, allowDestructive, f, hints)));
        }
    }

    private MigrationGenerator.Result toTarget(DbSession live, Path dir, String name, String target, String devDb,
                                               boolean allowDestructive, MigrationFormat format,
                                               List<Renames.Hint> renames) {
        return MigrationGenerator.generate(MigrationGenerator.Request.builder().dir(dir).name(name).live(live)
                .to(SchemaSources.parse(target)).devServer(devServer(devDb)).allowDestructive(allowDestructive)
                .format(format).renames(renames).build());
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

    /**
     * Applies the pending migrations of {@code dir} in version order, up to {@code target} (null: all), then the
     * repeatable files that never ran or changed; recorded in the history {@code history} chooses.
     */
    public RunResult up(Path dir, String target, int lockTimeout, HistoryOption history) {
        MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.WRITE_CREATE)) {
            return MigrationRunner.up(s, scan, target, lockTimeout, history);
        }
    }

    /**
     * Reverts applied migrations of {@code dir}, latest first: the last {@code steps}, every one after {@code target},
     * or (neither given) the last one. Giving both, or fewer than one step, is bad input.
     */
    public RunResult down(Path dir, String target, Integer steps, int lockTimeout, HistoryOption history) {
        if (steps != null && target != null) {
            throw DbAgentException.badInput("give --steps or --target, not both");
        }
        if (steps != null && steps < 1) {
            throw DbAgentException.badInput("--steps must be at least 1, got " + steps);
        }
        MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.WRITE)) {
            return MigrationRunner.down(s, scan, target, steps, lockTimeout, history);
        }
    }

    /**
     * Marks every version up to {@code version} as applied without running it (a database that existed before its
     * migrations did), in the history {@code history} chooses; refused when that history already has rows.
     */
    public RunResult baseline(String version, String description, int lockTimeout, HistoryOption history) {
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.WRITE)) {
            return MigrationRunner.baseline(s, version, description, lockTimeout, history);
        }
    }

    /** The state of each version and repeatable file of {@code dir} on the application's database. */
    public Status status(Path dir, HistoryOption history) {
        MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
        try (DbSession s = readOnly()) {
            MigrationRunner.StatusResult r = MigrationRunner.status(s, scan, history);
            return new Status(r.entries(), s.url().redacted(), s.describe(), r.history(), r.notes());
        }
    }

    /** Findings for applied files that changed or are missing and versions that failed half-way. */
    public Report<Void> validate(Path dir, HistoryOption history) {
        MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
        try (DbSession s = readOnly()) {
            return MigrationValidator.validate(MigrationRunner.status(s, scan, history).entries(), dir,
                    s.url().redacted(), s.describe());
        }
    }

    /** Removes the history rows of versions that failed half-way; returns how many. */
    public int repair(int lockTimeout, HistoryOption history) {
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.WRITE)) {
            return MigrationRunner.repair(s, lockTimeout, history);
        }
    }

    /**
     * Lints {@code inputs} for {@code dialect} (null: the database's engine, else PostgreSQL). Without a database
     * the severities are not scaled by table size and {@code label} names the target; with one, a {@code dialect}
     * other than the database's is bad input and the pre-flight checks against the live schema are added.
     */
    public Report<Void> lint(List<MigrationLinter.Input> inputs, DialectKind dialect, String label) {
        Map<String, String> skipped = new LinkedHashMap<>();
        DialectKind d = dialect;
        if (with.sessions() == null) {
            if (d == null) {
                d = DialectKind.POSTGRES;
                skipped.put("dialect", "no --db or --dialect: the files were read as PostgreSQL");
            }
            skipped.put("table-sizes", "no --db: severities of blocking findings are not scaled by table size");
            return MigrationLinter.lint(inputs, d, TableSizes.none(), label, d.id(), skipped);
        }
        try (DbSession s = readOnly()) {
            if (d != null && d != s.dialect()) {
                throw DbAgentException.badInput("--dialect " + d + " does not match the " + s.dialect()
                        + " database given");
            }
            TableSizes sizes = TableSizes.live(s);
            Report<Void> r = MigrationLinter.lint(inputs, s.dialect(), sizes, s.url().redacted(), s.describe(), skipped);
            List<Finding> all = new ArrayList<>(r.findings());
            all.addAll(Preflight.check(GuardedSession.read(s, with.timeout()), inputs, sizes));
            return new Report<>(r.command(), r.target(), r.product(), all, r.skipped(), r.metrics());
        }
    }

    /**
     * What {@link #lint(List, DialectKind, String)} reads: the given migration files (a V file's down is looked for beside
     * it), else the V files of {@code dir} (null: migrations). Giving both, or a file that does not exist, is bad input.
     */
    public List<MigrationLinter.Input> lintInputs(List<Path> files, Path dir) {
        if (files != null && !files.isEmpty()) {
            if (dir != null) {
                throw DbAgentException.badInput("give FILE… or --dir, not both");
            }
            List<MigrationLinter.Input> out = new ArrayList<>();
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw DbAgentException.badInput("migration file not found: " + f);
                }
                String name = f.getFileName().toString();
                MigrationFile mf = MigrationDirectory.load(f, "", name, true);
                Boolean hasDown = name.matches("V.+__.+\\.sql") ? Files.exists(f.resolveSibling("U" + name.substring(1)))
                        : null;
                out.add(new MigrationLinter.Input(name, mf.sql(), hasDown));
            }
            return out;
        }
        return MigrationLinter.inputs(MigrationDirectory.read(dir == null ? Path.of(DEFAULT_DIR) : dir));
    }

    /**
     * Per migration of {@code dir}, what breaks for running applications; with a database its engine and live
     * column types, else {@code dialect} (null: PostgreSQL).
     */
    public List<BreakingChanges.MigrationBreaks> breakingChanges(Path dir, String dialect) {
        List<Migration> migrations = MigrationDirectory.read(dir);
        if (with.sessions() == null) {
            return BreakingChanges.report(migrations, dialect == null ? DialectKind.POSTGRES : DialectKind.parse(dialect),
                    TableSizes.none());
        }
        try (DbSession s = readOnly()) {
            return BreakingChanges.report(migrations, s.dialect(), TableSizes.live(s));
        }
    }

    /**
     * The state of each migration version (then each repeatable file), read on {@code target} ({@code product}) from
     * the {@code history} table, with one-line {@code notes} (history detection, file names not understood).
     */
    public record Status(List<MigrationStatus.Entry> entries, String target, String product, String history,
                         List<String> notes) {
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

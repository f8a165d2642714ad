package io.dbagent.cli;

import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.migrate.BreakingChanges;
import io.dbagent.migrate.MigrationLinter;
import io.dbagent.migrate.MigrationRenderer;
import io.dbagent.migrate.TestResult;
import io.dbagent.report.ExitCodes;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code migrate lint|test|report}: parse, call the migration use cases, render. */
final class MigrateCheckCommands {

    private MigrateCheckCommands() {
    }

    @Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Review migration files for locks, rewrites and changes that break running code (read-only).",
                    "With --db, blocking findings scale with the live table's row count (up to 10,000 rows info, up to "
                            + "1,000,000 warn, above critical). Exit 1 when a finding is at or above --fail-on."})
    static final class Lint implements Callable<Integer> {
        @ParentCommand
        MigrateCommand parent;

        @Parameters(arity = "0..*", paramLabel = "FILE", description = "Migration files (default: the V files of --dir).")
        List<Path> files;

        @Option(names = "--dir", paramLabel = "DIR", description = "Migrations directory (default: migrations, when no FILE is given).")
        Path dir;

        @Option(names = {"--db", "-d"}, paramLabel = "URL", description = "Live database: table sizes and column types scale the findings.")
        String db;

        @Option(names = "--dialect", paramLabel = "postgres|mysql|sqlite", description = "Engine the files are for (default: the --db engine, else postgres).")
        String dialect;

        @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown", description = "Output format. Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical", description = "Exit 1 at or above this severity. Default: ${DEFAULT-VALUE}.")
        String failOn;

        @picocli.CommandLine.Mixin
        TimeoutOption timeout;

        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("migrate lint", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
            Severity threshold = Severity.parse(failOn);
            List<MigrationLinter.Input> inputs = parent.main.app(null).migrations().lintInputs(files, dir);
            DialectKind d = dialect == null ? null : DialectKind.parse(dialect);
            String label = files != null && !files.isEmpty() ? files.size() + " file(s)"
                    : String.valueOf(dir == null ? Path.of("migrations") : dir);
            Report<Void> r = parent.main.app(db == null ? null : DbUrlParser.parse(db), timeout.value()).migrations()
                    .lint(inputs, d, label);
            return print(r, fmt, threshold);
        }

        private int print(Report<Void> r, OutputFormat fmt, Severity threshold) {
            parent.out().print(ReportRenderer.render(r, fmt));
            parent.out().flush();
            return r.exitCode(threshold);
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run every migration up, down and up again on a fresh scratch database, checking the data; "
                    + "with --db, only the pending ones, on a scratch copy of that live database's schema.",
                    "Per migration: seed empty tables, snapshot, up, check foreign keys (no orphans), checks, unique keys, "
                            + "NOT NULL and the row counts of tables it does not name, down, compare with the snapshot, "
                            + "up again. Exit 1 on any failure."})
    static final class Test implements Callable<Integer> {
        @ParentCommand
        MigrateCommand parent;

        @Option(names = "--dev-db", paramLabel = "URL", description = "Server for the scratch database (default: $DBAGENT_DEV_DB, else a temporary SQLite file; with --db, else the live database's own server).")
        String devDb;

        @Option(names = {"--db", "-d"}, paramLabel = "URL",
                description = "Test only the migrations this live database has not applied, on a scratch copy of its "
                        + "schema (the live database is only read).")
        String db;

        @Option(names = "--dir", defaultValue = "migrations", paramLabel = "DIR", description = "Migrations directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Option(names = "--seed-rows", defaultValue = "20", paramLabel = "N", description = "Sample rows put into each empty table before each migration. Default: ${DEFAULT-VALUE}.")
        int seedRows;

        @picocli.CommandLine.Mixin
        TimeoutOption timeout;

        @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown", description = "Output format. Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("migrate test", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
            TestResult r = db == null
                    ? parent.main.app(null, timeout.value()).migrations().testAll(dir, devDb, seedRows)
                    : parent.main.app(DbUrlParser.parse(db), timeout.value()).migrations()
                    .testPending(dir.toString(), devDb, seedRows);
            parent.out().print(MigrationRenderer.test(r, fmt));
            parent.out().flush();
            return r.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Per migration, what breaks for applications that keep running while it is applied, and the "
                    + "expand/contract sequence that avoids it (read-only)."})
    static final class BreakingReport implements Callable<Integer> {
        @ParentCommand
        MigrateCommand parent;

        @Option(names = "--dir", defaultValue = "migrations", paramLabel = "DIR", description = "Migrations directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Option(names = {"--db", "-d"}, paramLabel = "URL", description = "Live database: compares type changes with the live column types.")
        String db;

        @Option(names = "--dialect", paramLabel = "postgres|mysql|sqlite", description = "Engine the files are for (default: the --db engine, else postgres).")
        String dialect;

        @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown", description = "Output format. Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("migrate report", format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
            List<BreakingChanges.MigrationBreaks> r = parent.main.app(db == null ? null : DbUrlParser.parse(db))
                    .migrations().breakingChanges(dir, dialect);
            parent.out().print(MigrationRenderer.breaking(r, dir.toString(), fmt));
            parent.out().flush();
            return ExitCodes.OK;
        }
    }
}

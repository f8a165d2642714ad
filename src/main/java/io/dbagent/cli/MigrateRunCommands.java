package io.dbagent.cli;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.migrate.Migration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.MigrationRunner;
import io.dbagent.migrate.MigrationStatus;
import io.dbagent.migrate.MigrationValidator;
import io.dbagent.migrate.RunResult;
import io.dbagent.report.ExitCodes;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import io.dbagent.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code migrate up|down|status|validate|repair}: parse, call the runner, render. */
final class MigrateRunCommands {

    private MigrateRunCommands() {
    }

    /** Options every runner command takes. */
    static class Common {
        @ParentCommand
        MigrateCommand parent;

        @Mixin
        DbOptions db;

        @Option(names = "--dir", defaultValue = "migrations", paramLabel = "DIR", description = "Migrations directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json", description = "Output format. Default: ${DEFAULT-VALUE}.")
        String format;

        PrintWriter out() {
            return parent.out();
        }

        OutputFormat format(String command) {
            return Formats.require(command, format, OutputFormat.TEXT, OutputFormat.JSON);
        }

        int render(RunResult r, OutputFormat fmt) {
            PrintWriter out = out();
            if (fmt == OutputFormat.JSON) {
                out.println(Json.write(r));
            } else {
                out.println(r.command() + " on " + r.target() + " (" + r.product() + ")");
                if (r.steps().isEmpty() && !r.failed()) {
                    out.println(r.command().endsWith("up") ? "  schema is up to date: no pending migration"
                            : "  nothing to revert");
                } else {
                    TextTable t = new TextTable("version", "script", "outcome", "ms", "detail");
                    r.steps().forEach(s -> t.row(s.version(), s.script(), s.outcome(), s.executionMs(), s.detail()));
                    out.print(t.render("  "));
                }
            }
            out.flush();
            if (r.failed()) {
                parent.main.spec.commandLine().getErr().println("dbagent: " + r.failure());
                parent.main.spec.commandLine().getErr().flush();
                return ExitCodes.BAD_INPUT;
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Apply pending migrations in version order (writes; one runner at a time).")
    static final class Up extends Common implements Callable<Integer> {
        @Option(names = "--target", paramLabel = "VERSION", description = "Stop after this version.")
        String target;

        @Option(names = "--lock-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for another runner. Default: ${DEFAULT-VALUE}.")
        int lockTimeout;

        @Override
        public Integer call() {
            OutputFormat fmt = format("migrate up");
            List<Migration> migrations = MigrationDirectory.read(dir);
            try (DbSession s = ConnectionFactory.open(db.resolve(parent.main.env()), ConnectionFactory.Access.WRITE_CREATE)) {
                return render(MigrationRunner.up(s, migrations, target, lockTimeout), fmt);
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Revert applied migrations with their U files, latest first (writes). Default: the last one.")
    static final class Down extends Common implements Callable<Integer> {
        @Option(names = "--steps", paramLabel = "N", description = "Revert the last N applied migrations.")
        Integer steps;

        @Option(names = "--target", paramLabel = "VERSION", description = "Revert every applied migration after this version.")
        String target;

        @Option(names = "--lock-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for another runner. Default: ${DEFAULT-VALUE}.")
        int lockTimeout;

        @Override
        public Integer call() {
            OutputFormat fmt = format("migrate down");
            if (steps != null && target != null) {
                throw io.dbagent.DbAgentException.badInput("give --steps or --target, not both");
            }
            if (steps != null && steps < 1) {
                throw io.dbagent.DbAgentException.badInput("--steps must be at least 1, got " + steps);
            }
            List<Migration> migrations = MigrationDirectory.read(dir);
            try (DbSession s = ConnectionFactory.open(db.resolve(parent.main.env()), ConnectionFactory.Access.WRITE)) {
                return render(MigrationRunner.down(s, migrations, target, steps, lockTimeout), fmt);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each version: applied, pending, failed, changed or missing (read-only).")
    static final class Status extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            OutputFormat fmt = format("migrate status");
            List<Migration> migrations = MigrationDirectory.read(dir);
            try (DbSession s = ConnectionFactory.open(db.resolve(parent.main.env()))) {
                List<MigrationStatus.Entry> status = MigrationRunner.status(s, migrations);
                PrintWriter out = out();
                if (fmt == OutputFormat.JSON) {
                    out.println(Json.write(status));
                } else {
                    out.println("migrations in " + dir + " on " + s.url().redacted() + " (" + s.describe() + ")");
                    TextTable t = new TextTable("version", "description", "state", "installed on", "down", "detail");
                    status.forEach(e -> t.row(e.version(), e.description(), e.state().id(), e.installedOn(),
                            e.hasDown() ? "yes" : "no", e.detail()));
                    out.print(t.isEmpty() ? "  no migrations\n" : t.render("  "));
                }
                out.flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Fail (exit 1) when an applied file changed or is missing, or a version failed half-way (read-only).")
    static final class Validate extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("migrate validate", format, OutputFormat.TEXT, OutputFormat.JSON,
                    OutputFormat.MARKDOWN);
            List<Migration> migrations = MigrationDirectory.read(dir);
            try (DbSession s = ConnectionFactory.open(db.resolve(parent.main.env()))) {
                Report<Void> r = MigrationValidator.validate(MigrationRunner.status(s, migrations), dir,
                        s.url().redacted(), s.describe());
                out().print(ReportRenderer.render(r, fmt));
                out().flush();
                return r.exitCode(Severity.CRITICAL);
            }
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Remove the history rows of versions that failed half-way, after fixing the schema by hand (writes).")
    static final class Repair extends Common implements Callable<Integer> {
        @Option(names = "--lock-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for another runner. Default: ${DEFAULT-VALUE}.")
        int lockTimeout;

        @Override
        public Integer call() {
            try (DbSession s = ConnectionFactory.open(db.resolve(parent.main.env()), ConnectionFactory.Access.WRITE)) {
                int n = MigrationRunner.repair(s, lockTimeout);
                out().println("removed " + n + " failed entr" + (n == 1 ? "y" : "ies") + " from dbagent_schema_history");
                out().flush();
                return ExitCodes.OK;
            }
        }
    }
}

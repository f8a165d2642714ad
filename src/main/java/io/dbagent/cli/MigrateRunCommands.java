package io.dbagent.cli;

import io.dbagent.app.App;
import io.dbagent.app.MigrationUseCases;
import io.dbagent.migrate.HistoryOption;
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
import java.util.concurrent.Callable;

/** {@code migrate up|down|status|validate|repair|baseline}: parse, call the migration use cases, render. */
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

        @Option(names = "--history", defaultValue = "auto", paramLabel = "flyway|dbagent|auto",
                description = "History table to read and write: dbagent's own (dbagent_schema_history), Flyway's "
                        + "(flyway_schema_history, created as Flyway does when missing), or auto: Flyway's when it "
                        + "exists and dbagent's does not. Default: ${DEFAULT-VALUE}.")
        String history;

        @Option(names = "--history-table", paramLabel = "NAME",
                description = "Name of Flyway's history table (Flyway's 'table' setting). Default: flyway_schema_history.")
        String historyTable;

        HistoryOption historyOption() {
            return HistoryOption.parse(history, historyTable);
        }

        void printNotes(java.util.List<String> notes) {
            notes.forEach(n -> out().println("  note: " + n));
        }

        PrintWriter out() {
            return parent.out();
        }

        App app() {
            return parent.main.app(db.resolve(parent.main.env()));
        }

        OutputFormat format(String command) {
            return Formats.require(command, format, OutputFormat.TEXT, OutputFormat.JSON);
        }

        int render(RunResult r, OutputFormat fmt) {
            PrintWriter out = out();
            if (fmt == OutputFormat.JSON) {
                out.println(Json.write(r));
            } else {
                out.println(r.command() + " on " + r.target() + " (" + r.product() + ")"
                        + (r.history() == null ? "" : ", history in " + r.history()));
                printNotes(r.notes());
                if (r.steps().isEmpty() && !r.failed()) {
                    out.println(r.command().endsWith("up") ? "  schema is up to date: no pending migration"
                            : "  nothing to revert");
                } else {
                    TextTable t = new TextTable("version", "script", "outcome", "ms", "detail");
                    r.steps().forEach(s -> t.row(s.version() == null ? "R" : s.version(), s.script() == null ? "" : s.script(),
                            s.outcome(), s.executionMs(), s.detail()));
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
            return render(app().migrations().up(dir, target, lockTimeout, historyOption()), fmt);
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
            return render(app().migrations().down(dir, target, steps, lockTimeout, historyOption()), fmt);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each version: applied, pending, failed, changed, missing or baselined, then each repeatable R__ file (read-only).")
    static final class Status extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            OutputFormat fmt = format("migrate status");
            MigrationUseCases.Status status = app().migrations().status(dir, historyOption());
            PrintWriter out = out();
            if (fmt == OutputFormat.JSON) {
                out.println(Json.write(status.entries()));
            } else {
                out.println("migrations in " + dir + " on " + status.target() + " (" + status.product() + "), history in "
                        + status.history());
                printNotes(status.notes());
                TextTable t = new TextTable("version", "description", "state", "installed on", "down", "detail");
                status.entries().forEach(e -> t.row(e.isRepeatable() ? "R" : e.version(), e.description(),
                        e.state().id(), e.installedOn(), e.isRepeatable() ? "-" : e.hasDown() ? "yes" : "no",
                        e.detail()));
                out.print(t.isEmpty() ? "  no migrations\n" : t.render("  "));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Fail (exit 1) when an applied file changed or is missing, or a version failed half-way (read-only).")
    static final class Validate extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            OutputFormat fmt = Formats.require("migrate validate", format, OutputFormat.TEXT, OutputFormat.JSON,
                    OutputFormat.MARKDOWN);
            Report<Void> r = app().migrations().validate(dir, historyOption());
            out().print(ReportRenderer.render(r, fmt));
            out().flush();
            return r.exitCode(Severity.CRITICAL);
        }
    }

    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Remove the history rows of versions that failed half-way, after fixing the schema by hand (writes).")
    static final class Repair extends Common implements Callable<Integer> {
        @Option(names = "--lock-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for another runner. Default: ${DEFAULT-VALUE}.")
        int lockTimeout;

        @Override
        public Integer call() {
            int n = app().migrations().repair(lockTimeout, historyOption());
            out().println("removed " + n + " failed entr" + (n == 1 ? "y" : "ies") + " from the history table");
            out().flush();
            return ExitCodes.OK;
        }
    }

    // --version is the baseline's version here, so only the help option of the standard pair is mixed in
    @Command(name = "baseline", sortOptions = false,
            description = "Mark every version up to --version as applied without running it, for a database that "
                    + "existed before its migrations (writes one history row; refused when the history has rows).")
    static final class Baseline extends Common implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The last version the database already has, e.g. 3 or 1.2.")
        String version;

        @Option(names = "--description", paramLabel = "TEXT", description = "Text of the baseline row. Default: baseline (Flyway history: << Flyway Baseline >>).")
        String description;

        @Option(names = "--lock-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long to wait for another runner. Default: ${DEFAULT-VALUE}.")
        int lockTimeout;

        @Override
        public Integer call() {
            OutputFormat fmt = format("migrate baseline");
            return render(app().migrations().baseline(version, description, lockTimeout, historyOption()), fmt);
        }
    }
}

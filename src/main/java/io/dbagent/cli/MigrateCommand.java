package io.dbagent.cli;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.migrate.MigrationGenerator;
import io.dbagent.migrate.MigrationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Migration files (Flyway naming: V<version>__<name>.sql up, U<version>__<name>.sql down), "
                + "a runner with a history table and a lock, lint, round-trip tests and a breaking-change report.",
                "",
                "up and down change the database by design (one runner at a time; PostgreSQL and SQLite run each file in "
                        + "a transaction). status, validate, lint, report are read-only; test works on a scratch database."},
        subcommands = {MigrateCommand.New.class, MigrateCommand.Generate.class, MigrateRunCommands.Up.class,
                MigrateRunCommands.Down.class, MigrateRunCommands.Status.class, MigrateRunCommands.Validate.class,
                MigrateRunCommands.Repair.class, MigrateRunCommands.Baseline.class, MigrateCheckCommands.Lint.class, MigrateCheckCommands.Test.class,
                MigrateCheckCommands.BreakingReport.class})
final class MigrateCommand extends GroupCommand {

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Write an empty up/down pair with a header.")
    static final class New implements Callable<Integer> {
        @ParentCommand
        MigrateCommand parent;

        @Parameters(paramLabel = "NAME", description = "What the migration does, e.g. add_order_status.")
        String name;

        @Option(names = "--dir", defaultValue = "migrations", paramLabel = "DIR", description = "Migrations directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Override
        public Integer call() {
            MigrationWriter.Pair p = parent.main.app(null).migrations().newPair(dir, name);
            parent.out().println("created " + p.up());
            parent.out().println("created " + p.down());
            parent.out().flush();
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write an up/down pair that turns the --db schema into the --to schema "
                    + "(or, with --format, a Liquibase changelog or an Alembic revision).",
                    "The header lists destructive changes, lint hazards and what breaks for running applications. "
                            + "Destructive changes are written as comments unless --allow-destructive. Reads --db only.",
                    "Live rows that make the up fail (NULLs before NOT NULL, duplicates before UNIQUE, orphans before "
                            + "a foreign key) are counted, with their data fix, into the header; then the exit code is 1."})
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        MigrateCommand parent;

        @Parameters(paramLabel = "NAME", description = "What the migration does, e.g. add_order_status.")
        String name;

        @Mixin
        DbOptions db;

        @Option(names = "--to", required = true, paramLabel = "SCHEMA", description = "Wanted schema: a .sql file, a database URL or a migrations directory.")
        String to;

        @Option(names = "--dev-db", paramLabel = "URL", description = "Server for the scratch database a .sql file runs on (PostgreSQL/MySQL; default $DBAGENT_DEV_DB).")
        String devDb;

        @Option(names = "--dir", defaultValue = "migrations", paramLabel = "DIR", description = "Migrations directory. Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Option(names = "--allow-destructive", description = "Write destructive changes as statements, not comments.")
        boolean allowDestructive;

        @Option(names = "--rename", paramLabel = "OLD=NEW",
                description = {"Rename instead of drop + add (repeatable): OLD=NEW for a table, TABLE.OLD=NEW for a "
                        + "column (as in dbagent diff); without it a likely rename is listed as POSSIBLE RENAME."})
        java.util.List<String> renames = new java.util.ArrayList<>();

        @Option(names = {"--format", "-f"}, defaultValue = "flyway", paramLabel = "flyway|liquibase|alembic",
                description = {"Tool the files are for: flyway (V<version>__NAME.sql up + U<version>__NAME.sql down), "
                        + "liquibase (<version>__NAME.sql, a formatted-SQL changelog: one changeset, --rollback lines), "
                        + "alembic (<version>_NAME.py, a revision chained to the directory's head, op.execute() per "
                        + "statement). Default: ${DEFAULT-VALUE}."})
        String format;

        @Mixin
        TimeoutOption timeout;

        @Override
        public Integer call() {
            DbUrl url = db.resolve(parent.main.env());
            ScratchNotes.Collected<MigrationGenerator.Result> c = parent.main.app(url, timeout.value()).migrations()
                    .generateTo(dir, name, to, devDb, allowDestructive, format, renames);
            MigrationGenerator.Result r = c.value();
            PrintWriter out = parent.out();
            c.notes().forEach(n -> out.println("scratch: " + n));
            if (r.pair() == null) {
                out.println("no differences between " + url.redacted() + " and " + to + ": nothing written");
            } else {
                out.println("created " + r.pair().up() + " (" + r.plan().changes().size() + " change(s))");
                if (!r.pair().down().equals(r.pair().up())) {
                    out.println("created " + r.pair().down());
                }
                r.hazards().forEach(h -> out.println("hazard: " + h.message()
                        + (h.id().startsWith("preflight-") && h.severity() == io.dbagent.report.Severity.CRITICAL
                        ? "\n  data fix: " + h.fix() : "")));
            }
            r.plan().possibleRenames().forEach(pr -> out.println("possible rename: " + pr.kind() + " " + pr.from()
                    + " -> " + pr.to() + "; if so, rerun with " + pr.flag()));
            if (r.pendingFiles() > 0) {
                out.println("note: " + r.pendingFiles() + " migration file(s) in " + dir
                        + " are not applied to the database; the generated diff does not include them");
            }
            if (r.willFail()) {
                out.println("the migration will fail on the live rows counted above: fix the data first (exit 1)");
            }
            out.flush();
            return r.willFail() ? 1 : 0;
        }
    }
}

package io.dbagent.cli;

import io.dbagent.diff.DiffRenderer;
import io.dbagent.diff.DiffService;
import io.dbagent.jdbc.ScratchNotes;
import io.dbagent.report.ExitCodes;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Compare two schemas and print the DDL that turns the first into the second.",
                "",
                "SRC and DST are database URLs, .sql files or migration directories. Scripts are applied to a scratch "
                        + "database (SQLite: a temporary file; PostgreSQL/MySQL: a temporary database on --dev-db, "
                        + "dropped afterwards). Changes come in dependency order; SQLite changes its ALTER TABLE cannot "
                        + "make are written as the table rebuild. Destructive changes (drop table/column, narrowing "
                        + "types) are written as comments unless --allow-destructive. Read-only on both sides.",
                "",
                "Renames: without a hint a renamed table or column is a drop and an add; a dropped and an added column "
                        + "of the same type (or table with the same columns) is reported as a POSSIBLE RENAME with the "
                        + "--rename flag to paste. With --rename the object is renamed (its rows kept) and its other "
                        + "changes still apply.",
                "",
                "Exit codes: 0 no difference; 1 differences; 2 bad input."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--from", required = true, paramLabel = "SRC", description = "Current schema: URL, .sql file or migrations directory.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DST", description = "Wanted schema: URL, .sql file or migrations directory.")
    String to;

    @Option(names = "--dialect", paramLabel = "postgres|mysql|sqlite",
            description = "Engine for scripts when neither side is a database (default: the --dev-db engine, else sqlite).")
    String dialect;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "PostgreSQL/MySQL server for scratch databases (default: $DBAGENT_DEV_DB).")
    String devDb;

    @Option(names = {"--format", "-f"}, defaultValue = "sql", paramLabel = "sql|json",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--allow-destructive", description = "Emit destructive changes as statements, not comments.")
    boolean allowDestructive;

    @Option(names = "--down", description = "Print the reverse script (from DST back to SRC) instead.")
    boolean down;

    @Option(names = "--rename", paramLabel = "OLD=NEW",
            description = {"Rename instead of drop + add (repeatable): OLD=NEW for a table, TABLE.OLD=NEW for a "
                    + "column; on PostgreSQL SCHEMA.TABLE=NEW names a table when the from-side has it, else "
                    + "TABLE.COLUMN, and SCHEMA.TABLE.COLUMN=NEW a column. OLD is looked up in --from, NEW in --to."})
    java.util.List<String> renames = new java.util.ArrayList<>();

    @picocli.CommandLine.Mixin
    TimeoutOption timeout;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("diff", format, OutputFormat.SQL, OutputFormat.JSON);
        ScratchNotes.Collected<DiffService.Result> c = main.app(null, timeout.value()).migrations()
                .diffSchemas(from, to, dialect, devDb, renames);
        DiffService.Result r = c.value();
        // stdout is the script or the JSON; where the scratch databases were goes beside it
        c.notes().forEach(n -> main.spec.commandLine().getErr().println("dbagent: scratch: " + n));
        main.spec.commandLine().getErr().flush();
        // from a live database: count the rows that would make the up script fail there
        java.util.List<io.dbagent.report.Finding> preflight = down ? java.util.List.of()
                : main.app(null, timeout.value()).migrations().diffPreflight(from, r, allowDestructive);
        main.spec.commandLine().getOut().print(fmt == OutputFormat.JSON
                ? DiffRenderer.json(r, allowDestructive, preflight) + "\n"
                : DiffRenderer.sql(r, allowDestructive, down, preflight));
        main.spec.commandLine().getOut().flush();
        return r.plan().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}

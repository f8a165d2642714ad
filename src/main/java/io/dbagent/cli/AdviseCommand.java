package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.app.QueryUseCases;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Recommend indexes for a workload, costed without building them, chosen under a storage budget.",
                "",
                "What-if costing: hypopg on PostgreSQL when available (created inside a rolled-back transaction if "
                        + "it is not installed), else real CREATE INDEX inside rolled-back transactions (PostgreSQL, "
                        + "SQLite); scratch copies in session TEMPORARY tables on MySQL/MariaDB. Nothing is left "
                        + "behind unless --apply. With --apply (asks first unless --yes) the indexes are created "
                        + "(PG: CONCURRENTLY) and every statement is measured before and after; a new index that makes a "
                        + "statement above 1 %% of the workload weight slower is dropped again (--keep-slower keeps "
                        + "it)."})
final class AdviseCommand extends DatabaseCommand implements Callable<Integer> {

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--workload", paramLabel = "FILE",
            description = "SQL file: statements separated by ';', optional '-- weight: N' per statement.")
    Path workload;

    @Option(names = "--from-stats", description = "Take the workload from pg_stat_statements / performance_schema "
            + "digests, weighted by calls.")
    boolean fromStats;

    @Option(names = "--log", paramLabel = "FILE", description = "Query log (one statement per line, PostgreSQL "
            + "statement log or MySQL general log): its statement shapes become the workload, weighted by count, and "
            + "it is searched for N+1 loops, cache and materialized-view candidates.")
    Path log;

    @Option(names = "--max-input-mb", paramLabel = "N", defaultValue = "" + io.dbagent.advisor.InputFiles.DEFAULT_MAX_MB,
            description = "Largest --workload or --log file read, in MB. Default: ${DEFAULT-VALUE}.")
    int maxInputMb;

    @Option(names = "--partition-min-rows", paramLabel = "N", defaultValue = "1000000",
            description = "Tables from this many rows on are considered for partitioning. Default: ${DEFAULT-VALUE}.")
    long partitionMinRows;

    @Option(names = "--budget-mb", paramLabel = "N", description = "Storage budget for new indexes (default: no limit).")
    Double budgetMb;

    @Option(names = "--max-columns", paramLabel = "N", defaultValue = "3", description = "Longest index key. Default: ${DEFAULT-VALUE}.")
    int maxColumns;

    @Option(names = "--what-if", paramLabel = "auto|hypopg|rollback|scratch", defaultValue = "auto",
            description = "How candidates are costed. auto: hypopg where installed or installable (PostgreSQL), "
                    + "otherwise no index is built: the advice is uncosted, with a what-if-unavailable finding on "
                    + "installing hypopg; scratch: temporary copies of the tables (PostgreSQL, MySQL/MariaDB); "
                    + "rollback: real builds in rolled-back transactions, each blocking writes to its table "
                    + "(PostgreSQL; SQLite always). Default: ${DEFAULT-VALUE}.")
    String whatIf;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "MySQL/MariaDB: development server for the what-if scratch copies (a scratch database "
                    + "there, dropped afterwards; your server is only read). Default $DBAGENT_DEV_DB; without either "
                    + "the copies are session TEMPORARY tables on your own server.")
    String devDb;

    @Option(names = "--apply", description = "Create the recommended indexes and measure the workload before and after.")
    boolean apply;

    @Option(names = "--yes", description = "Do not ask before applying.")
    boolean yes;

    @Option(names = "--keep-slower", description = "With --apply: keep a new index even when a statement above 1 %% "
            + "of the workload weight is measurably slower with it (default: it is dropped again and reported as "
            + "excluded).")
    boolean keepSlower;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Executions per statement when measuring for --apply, after one discarded warm-up (median "
                    + "and interquartile range; a speed-up only where the ranges do not overlap). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Mixin
    TextOrJson output;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("advise");
        if ((workload != null ? 1 : 0) + (fromStats ? 1 : 0) + (log != null ? 1 : 0) != 1) {
            throw DbAgentException.badInput("give exactly one of --workload FILE, --log FILE or --from-stats");
        }
        if (yes && !apply) {
            throw DbAgentException.badInput("--yes only makes sense with --apply");
        }
        if (keepSlower && !apply) {
            throw DbAgentException.badInput("--keep-slower only makes sense with --apply");
        }
        QueryUseCases queries = main.app(dbOptions.resolve(main.env()), timeout.value()).queries();
        PrintWriter progress = main.spec.commandLine().getErr();
        QueryUseCases.WorkloadInput in = log != null ? queries.queryLogFile(log, maxInputMb, progress)
                : fromStats ? queries.fromStats() : queries.workloadFile(workload, maxInputMb, progress);
        AdviceOptions opts = AdviceOptions.builder(in.workload()).budgetMb(budgetMb).maxColumns(maxColumns)
                .whatIf(whatIf.toLowerCase(Locale.ROOT)).measureRuns(runs).log(in.log())
                .partitionMinRows(partitionMinRows).seen(in.seen()).timeout(timeout.value())
                .devServer(io.dbagent.jdbc.ScratchDatabase.devServer(devDb, main.env()))
                .progress(line -> {
                    progress.println(line);
                    progress.flush();
                }).build();
        Report<Advice> advice = queries.advise(opts);
        PrintWriter out = main.spec.commandLine().getOut();
        if (apply && !advice.payload().recommendations().isEmpty()) {
            if (!yes && !confirm(advice)) {
                out.print(ReportRenderer.render(advice, fmt));
                out.println(fmt == OutputFormat.TEXT ? "not applied (answer 'y' or pass --yes to apply)" : "");
                out.flush();
                return 0;
            }
            advice = queries.apply(advice, runs, keepSlower);
        }
        out.print(ReportRenderer.render(advice, fmt));
        out.flush();
        return 0;
    }

    private boolean confirm(Report<Advice> report) {
        Advice advice = report.payload();
        PrintWriter err = main.spec.commandLine().getErr();
        err.println("dbagent will run on " + report.target() + ":");
        advice.recommendations().forEach(r -> err.println("  " + r.ddl()));
        err.print("apply " + advice.recommendations().size() + " index(es)? [y/N] ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line != null && line.trim().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

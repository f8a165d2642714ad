package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainPayload;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show a statement's plan as one neutral tree, time it, and report what to fix.",
                "",
                "PostgreSQL: EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON); MariaDB: ANALYZE FORMAT=JSON; MySQL 8: EXPLAIN "
                        + "FORMAT=JSON + EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY PLAN + timed execution. "
                        + "INSERT/UPDATE/DELETE with --analyze or --runs run inside a transaction that is always "
                        + "rolled back. Parameters ($1, ?) are planned generically (PG) or take sample values from "
                        + "the column they are compared with; --param gives them yourself.",
                "",
                "Every index a fix proposes is first checked to be used by the planner for the statement (PostgreSQL: "
                        + "hypopg; SQLite: a private copy; MySQL/MariaDB: a scratch copy on --dev-db); one it would "
                        + "not use is not proposed, an unchecked one is marked 'not verified'. Nothing is built on "
                        + "your database."})
final class ExplainCommand extends DatabaseCommand implements Callable<Integer> {

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--analyze", description = "Execute the statement and report actual rows, loops and time.")
    boolean analyze;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0",
            description = "Execute N times and report p50/p95/max wall time.")
    int runs;

    @Option(names = "--param", paramLabel = "VALUE", description = "Value for the next parameter ($1, ? …), in order.")
    List<String> params;

    @Option(names = "--hypothetical", paramLabel = "INDEX",
            description = "Plan as if this index existed: a CREATE INDEX statement or table(col, …); repeatable. "
                    + "PostgreSQL with hypopg only (nothing is built; the indexes live in this session and are removed "
                    + "afterwards); planning only, so not with --analyze or --runs.")
    List<String> hypothetical;

    @Option(names = "--dev-db", paramLabel = "URL",
            description = "MySQL/MariaDB: development server where an index a fix proposes is checked on a scratch "
                    + "copy of the table before it is proposed (default $DBAGENT_DEV_DB; without it such fixes are "
                    + "marked not verified). PostgreSQL checks with hypopg, SQLite on a private copy.")
    String devDb;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the statement from a file.")
    Path file;

    @Mixin
    TextOrJson output;

    @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical",
            description = "Exit 1 when a finding has at least this severity. Default: ${DEFAULT-VALUE}.")
    String failOn;

    @Parameters(arity = "0..1", paramLabel = "SQL", description = "The statement (or use --file).")
    String sql;

    @Override
    public Integer call() {
        OutputFormat fmt = output.format("explain");
        Severity threshold = Severity.parse(failOn);
        String text = readSql(sql, file);
        ExplainOptions opts = ExplainOptions.builder(text).analyze(analyze).runs(runs).params(params)
                .timeout(timeout.value()).devServer(io.dbagent.jdbc.ScratchDatabase.devServer(devDb, main.env()))
                .build();
        Report<ExplainPayload> r = main.app(dbOptions.resolve(main.env()), timeout.value()).queries().explain(opts,
                hypothetical);
        main.spec.commandLine().getOut().print(ReportRenderer.render(r, fmt));
        main.spec.commandLine().getOut().flush();
        return r.exitCode(threshold);
    }

    static String readSql(String inline, Path file) {
        if (inline != null && file != null) {
            throw DbAgentException.badInput("give the statement either as an argument or with --file, not both");
        }
        if (file == null) {
            return inline;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}

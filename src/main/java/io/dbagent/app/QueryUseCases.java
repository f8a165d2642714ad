package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceApplier;
import io.dbagent.advisor.AdviceMemory;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.advisor.IndexAdvisor;
import io.dbagent.advisor.InputFiles;
import io.dbagent.advisor.QueryLog;
import io.dbagent.advisor.Workload;
import io.dbagent.advisor.WorkloadSources;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainPayload;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Query use cases: explain a statement and advise indexes for a workload. The advise workflow lives here whole:
 * reading the workload (a file, a query log, the engine's statement statistics or text a model gave), costing the
 * candidates, proposing the DDL as a plan, and after {@code --apply} measuring and recording the speed-ups in memory.
 */
public final class QueryUseCases {

    /** A workload statement a model may hand over: queries and DML only, after any leading comments. */
    private static final Pattern WORKLOAD_STATEMENT = Pattern.compile(
            "(?is)^\\s*(--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*(select|with|insert|update|delete|values)\\b.*");

    private final App.Collaborators with;
    private final PlanUseCases proposals;

    QueryUseCases(App.Collaborators with, PlanUseCases proposals) {
        this.with = with;
        this.proposals = proposals;
    }

    /** The advice and, when it recommends indexes, the plan that would create them (null otherwise). */
    public record Proposal(Report<Advice> advice, PlanStore.Plan plan) {
    }

    /**
     * A workload ready for the advisor, with the query log it came from or the statements the engine saw (each
     * null when the workload came from elsewhere).
     */
    public record WorkloadInput(Workload workload, QueryLog log, List<WorkloadSources.SeenStatement> seen) {
    }

    /**
     * Explains as {@code dbagent explain} does: DML that is executed (or any DML on MySQL) gets a writable session
     * whose transaction is rolled back, everything else a read-only one.
     */
    public Report<ExplainPayload> explain(ExplainOptions options) {
        return ExplainService.explain(with.requireUrl("explain needs a database URL"), withDevServer(options));
    }

    /** Index fixes are checked on a scratch copy on the development server: the option's, else $DBAGENT_DEV_DB. */
    private ExplainOptions withDevServer(ExplainOptions o) {
        if (o.devServer() != null) {
            return o;
        }
        io.dbagent.jdbc.DbUrl dev = io.dbagent.jdbc.ScratchDatabase.devServer(null, with.env());
        return dev == null ? o : new ExplainOptions(o.sql(), o.analyze(), o.runs(), o.params(), o.schema(),
                o.timeout(), dev);
    }

    /** The advisor's scratch copies go to the development server: the option's, else $DBAGENT_DEV_DB. */
    private AdviceOptions withDevServer(AdviceOptions o) {
        if (o.devServer() != null) {
            return o;
        }
        io.dbagent.jdbc.DbUrl dev = io.dbagent.jdbc.ScratchDatabase.devServer(null, with.env());
        return dev == null ? o : o.withDevServer(dev);
    }

    /**
     * Explains on a read-only session, so that ANALYZE of a write is refused: what the agent, the MCP server and the
     * REPL offer. {@code analyze} null means true; {@code runs} see {@link Limits#explainRuns}.
     */
    public Report<ExplainPayload> explainReadOnly(String sql, Boolean analyze, Integer runs, List<String> params) {
        return explainReadOnly(sql, analyze, runs, params, null);
    }

    /**
     * {@code dbagent explain --hypothetical}: plans the statement as if {@code hypothetical} indexes existed (each a
     * CREATE INDEX statement or {@code table(columns)}; PostgreSQL with hypopg, on this session only, removed
     * afterwards). Null or empty: a plain explain.
     */
    public Report<ExplainPayload> explain(ExplainOptions options, List<String> hypothetical) {
        return ExplainService.explain(with.requireUrl("explain needs a database URL"), withDevServer(options),
                hypothetical);
    }

    /**
     * {@link #explainReadOnly(String, Boolean, Integer, List)} with hypothetical indexes; with any, planning only:
     * {@code analyze} and {@code runs} null mean off, and asking for either is bad input.
     */
    public Report<ExplainPayload> explainReadOnly(String sql, Boolean analyze, Integer runs, List<String> params,
                                                  List<String> hypothetical) {
        boolean hypo = hypothetical != null && !hypothetical.isEmpty();
        if (hypo) {
            ExplainOptions o = ExplainOptions.builder(sql).analyze(analyze != null && analyze)
                    .runs(runs == null ? 0 : runs).params(params == null ? List.of() : params)
                    .timeout(with.timeout()).build();
            try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
                return ExplainService.explain(s, withDevServer(o), hypothetical);
            }
        }
        ExplainOptions o = ExplainOptions.builder(sql).analyze(analyze == null || analyze)
                .runs(Limits.explainRuns(runs)).params(params == null ? List.of() : params)
                .timeout(with.timeout()).build();
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            return ExplainService.explain(s, withDevServer(o));
        }
    }

    /** A workload file ({@code --workload}): statements separated by ';', optional weights; progress on stderr. */
    public WorkloadInput workloadFile(Path file, int maxMb, PrintWriter progress) {
        return new WorkloadInput(InputFiles.parse(file, "workload", maxMb, progress,
                text -> Workload.parse(file.toString(), text), w -> w.statements().size()), null, null);
    }

    /** A query log file ({@code --log}): its statement shapes weighted by count, and the log for N+1 detection. */
    public WorkloadInput queryLogFile(Path file, int maxMb, PrintWriter progress) {
        QueryLog log = InputFiles.parse(file, "query log", maxMb, progress,
                text -> QueryLog.parse(file.toString(), text), q -> q.entries().size());
        Workload shapes = log.asWorkload();
        progress.println(String.format(Locale.ROOT, "query log: %,d statement(s) grouped into %,d shape(s) "
                + "(literals and IN-lists normalised)", log.entries().size(), shapes.statements().size()));
        progress.flush();
        return new WorkloadInput(shapes, log, null);
    }

    /**
     * The {@code limit} (1–500, default 20) statements the server spent the most time on, from pg_stat_statements or
     * performance_schema; when those are off, bad input naming the exact setup steps.
     */
    public io.dbagent.advisor.TopQueries topQueries(Integer limit) {
        int n = limit == null ? 20 : limit;
        if (n < 1 || n > 500) {
            throw DbAgentException.badInput("--limit must be between 1 and 500, got " + n);
        }
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            return WorkloadSources.top(s, n, "top_queries");
        }
    }

    /** The 50 heaviest statements the engine has seen (pg_stat_statements, performance_schema digests). */
    public WorkloadInput fromStats() {
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            List<WorkloadSources.SeenStatement> seen = WorkloadSources.seen(s, 50);
            return new WorkloadInput(WorkloadSources.workloadOf(s.dialect(), seen), null, seen);
        }
    }

    /**
     * Workload text a model or the REPL handed over (a query log when {@code isLog}): no larger than a workload file
     * may be, and every statement a query or DML.
     */
    public WorkloadInput workloadText(String text, boolean isLog) {
        Limits.workloadText(text);
        QueryLog log = isLog ? QueryLog.parse("agent", text) : null;
        Workload wl = isLog ? log.asWorkload() : Workload.parse("agent", text);
        for (Workload.Statement st : wl.statements()) {
            if (!WORKLOAD_STATEMENT.matcher(st.sql()).matches()) {
                throw DbAgentException.badInput("workload statement " + st.id() + " is not a query or DML "
                        + "(SELECT, WITH, INSERT, UPDATE, DELETE): " + first(st.sql()));
            }
        }
        return new WorkloadInput(wl, log, null);
    }

    /** Costs the candidates for {@code options} on the application's database URL (the command line's path). */
    public Report<Advice> advise(AdviceOptions options) {
        return IndexAdvisor.advise(with.requireUrl("advise needs a database URL"), withDevServer(options));
    }

    /**
     * Advises on workload text and proposes the recommended DDL as a plan a human approves (agent, MCP, REPL).
     * What-if costing never builds an index on the database's tables unless {@code rollback} is asked for (it
     * then builds them inside transactions it rolls back); nothing is kept and the workload statements are only
     * explained, never executed.
     */
    public Proposal proposeIndexes(String workloadText, Double budgetMb, boolean isLog) {
        return proposeIndexes(workloadText, budgetMb, isLog, null);
    }

    /**
     * The same with the what-if method: {@code auto} (null), {@code hypopg}, {@code scratch} or {@code rollback}
     * (PostgreSQL: real builds on the tables, each blocking writes to its table, only when asked).
     */
    public Proposal proposeIndexes(String workloadText, Double budgetMb, boolean isLog, String whatIf) {
        WorkloadInput in = workloadText(workloadText, isLog);
        AdviceOptions o = AdviceOptions.builder(in.workload()).budgetMb(budgetMb).log(in.log())
                .whatIf(whatIf == null || whatIf.isBlank() ? "auto" : whatIf.strip().toLowerCase(Locale.ROOT))
                .timeout(with.timeout()).build();
        Report<Advice> report;
        try (DbSession ro = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY);
             DbSession rw = with.requireSessions().open(ConnectionFactory.Access.WRITE)) {
            report = IndexAdvisor.advise(ro, rw, withDevServer(o));
        }
        Advice advice = report.payload();
        PlanStore.Plan plan = null;
        if (!advice.recommendations().isEmpty()) {
            plan = proposals.propose("create " + advice.recommendations().size() + " recommended index(es)",
                    advice.recommendations().stream().map(Advice.Recommendation::ddl).toList(),
                    String.format(Locale.ROOT, "index advisor: workload cost %.1f → %.1f (%s)",
                            advice.workloadCostBefore(), advice.workloadCostAfter(), advice.costUnit()));
        }
        return new Proposal(report, plan);
    }

    /**
     * Creates the recommended indexes, measures every statement before and after ({@code runs} executions each,
     * median) and records the measured speed-ups in memory with the engine's dialect.
     */
    public Report<Advice> apply(Report<Advice> advice, int runs) {
        return apply(advice, runs, false);
    }

    /**
     * The same; a new index that makes a statement above 1 % of the workload weight measurably slower is dropped
     * again unless {@code keepSlower}.
     */
    public Report<Advice> apply(Report<Advice> advice, int runs, boolean keepSlower) {
        try (DbSession rw = with.requireSessions().open(ConnectionFactory.Access.WRITE)) {
            Report<Advice> applied = AdviceApplier.apply(rw, advice, runs, with.timeout(), keepSlower);
            AdviceMemory.applied(with.memory(), applied, rw.dialect().id());
            return applied;
        }
    }

    private static String first(String sql) {
        String s = sql.strip();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}

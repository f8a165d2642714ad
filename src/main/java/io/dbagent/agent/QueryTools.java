package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.DbAgentException;
import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.advisor.IndexAdvisor;
import io.dbagent.advisor.QueryLog;
import io.dbagent.advisor.Workload;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Json;
import io.dbagent.report.Report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Query optimisation tools. explain runs on a read-only session (so EXPLAIN ANALYZE of a write is refused), through
 * the statement guard and under the tools' time limit;
 * the index advisor costs candidates without keeping them (hypothetical indexes, or builds inside transactions that
 * are rolled back, or session temporary tables) and its recommendations come back as a plan for a human to approve.
 */
public final class QueryTools {

    private static final Pattern WORKLOAD_STATEMENT = Pattern.compile(
            "(?is)^\\s*(--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*(select|with|insert|update|delete|values)\\b.*");

    private final DatabaseTools core;

    QueryTools(DatabaseTools core) {
        this.core = core;
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "explain_query", value = {
            "Explain a query: the plan as a tree (node, relation, index, estimated and actual rows, loops, cost, time), "
                    + "timing p50/p95/max over several runs, and findings with fixes (seq scan on a table over 10K "
                    + "rows with the filter columns, row estimates off, sort spills, nested loops, slow query p95 >= "
                    + "100 ms, function on an indexed column, leading-wildcard LIKE, implicit casts, SELECT *, OFFSET "
                    + "pagination, NOT IN, correlated subqueries). Use first for 'why is this query slow'. Bind "
                    + "parameters ($1, ?) get sample values from the data. Read-only: ANALYZE of writes is refused, and "
                    + "so are functions with side effects outside the transaction; each statement is cancelled "
                    + "after the timeout (default 30 s)."})
    public String explainQuery(
            @P("The SQL statement") String sql,
            @P(value = "Run it to get actual rows and times (default true)", required = false) Boolean analyze,
            @P(value = "Timed runs for p50/p95 (default 3)", required = false) Integer runs,
            @P(value = "Values for bind parameters, in order", required = false) List<String> params) {
        return DatabaseTools.guarded(() -> {
            try (DbSession s = core.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
                ExplainOptions o = ExplainOptions.builder(sql).analyze(analyze == null || analyze)
                        .runs(runs == null ? 3 : Math.max(1, Math.min(runs, 50)))
                        .params(params == null ? List.of() : params).timeout(core.timeout()).build();
                return Json.write(ExplainService.explain(s, o));
            }
        });
    }

    @ToolHints(readOnly = true) // trial indexes are rolled back; the advice is recorded as a plan
    @Tool(name = "advise_indexes", value = {
            "Recommend indexes for a workload (SQL statements separated by ';', optionally '-- weight: N' before each): "
                    + "candidates from filters, joins, ORDER BY/GROUP BY, costed without keeping them, chosen under a "
                    + "storage budget; also indexes to drop. Returns each recommendation's DDL, size, benefit and the "
                    + "statements it speeds up, plus workload cost before/after; the DDL is proposed as a plan id that "
                    + "a human approves. Also reports N+1, cache, matview and partition candidates when a query log "
                    + "is given."})
    public String adviseIndexes(
            @P("The workload: SQL statements separated by semicolons") String workload,
            @P(value = "Storage budget in MB for new indexes (default: no limit)", required = false) Double budgetMb,
            @P(value = "Treat the text as a query log (one statement per line, repeated as it ran) to find N+1, "
                    + "cache and matview candidates (default false)", required = false) Boolean isLog) {
        return DatabaseTools.guarded(() -> {
            Proposal p = advise(workload, budgetMb, isLog != null && isLog);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("advice", p.advice());
            if (p.plan() != null) {
                out.put("plan", p.plan());
            }
            return Json.write(out);
        });
    }

    /** The advice and, when it recommends indexes, the plan that would create them. */
    public record Proposal(Report<Advice> advice, PlanStore.Plan plan) {
    }

    /** Runs the advisor on a workload (or query log) text and proposes its DDL as a plan. */
    public Proposal advise(String workload, Double budgetMb, boolean isLog) {
        long bytes = workload == null ? 0 : workload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > io.dbagent.advisor.InputFiles.DEFAULT_MAX_MB * 1024L * 1024L) {
            // the same limit as workload files on the command line: a call this large is a mistake or an attack
            throw DbAgentException.badInput(String.format(Locale.ROOT, "the workload is %.1f MB, over the limit of %d MB:"
                    + " give a smaller sample of it", bytes / 1048576.0, io.dbagent.advisor.InputFiles.DEFAULT_MAX_MB));
        }
        QueryLog queryLog = isLog ? QueryLog.parse("agent", workload) : null;
        Workload wl = isLog ? queryLog.asWorkload() : Workload.parse("agent", workload);
        for (Workload.Statement st : wl.statements()) {
            if (!WORKLOAD_STATEMENT.matcher(st.sql()).matches()) {
                throw DbAgentException.badInput("workload statement " + st.id() + " is not a query or DML "
                        + "(SELECT, WITH, INSERT, UPDATE, DELETE): " + first(st.sql()));
            }
        }
        AdviceOptions o = AdviceOptions.builder(wl).budgetMb(budgetMb).log(queryLog).timeout(core.timeout()).build();
        Report<Advice> report;
        // what-if costing may build indexes inside transactions it rolls back; nothing is kept and the workload
        // statements are only explained, never executed
        try (DbSession ro = core.sessions().open(ConnectionFactory.Access.READ_ONLY);
             DbSession rw = core.sessions().open(ConnectionFactory.Access.WRITE)) {
            report = IndexAdvisor.advise(ro, rw, o);
        }
        Advice advice = report.payload();
        PlanStore.Plan plan = null;
        if (!advice.recommendations().isEmpty()) {
            plan = core.plans().propose("create " + advice.recommendations().size() + " recommended index(es)",
                    core.sessions().describe(), advice.recommendations().stream().map(Advice.Recommendation::ddl).toList(),
                    String.format(Locale.ROOT, "index advisor: workload cost %.1f → %.1f (%s)",
                            advice.workloadCostBefore(), advice.workloadCostAfter(), advice.costUnit()));
        }
        return new Proposal(report, plan);
    }

    private static String first(String sql) {
        String s = sql.strip();
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}

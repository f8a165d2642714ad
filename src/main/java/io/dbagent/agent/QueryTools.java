package io.dbagent.agent;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.app.QueryUseCases;
import io.dbagent.report.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Query optimisation tools. explain runs on a read-only session (so EXPLAIN ANALYZE of a write is refused), through
 * the statement guard and under the tools' time limit;
 * the index advisor costs candidates without keeping them (hypothetical indexes, or builds inside transactions that
 * are rolled back, or session temporary tables) and its recommendations come back as a plan for a human to approve.
 */
public final class QueryTools {

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
                    + "after the timeout (default 30 s). With hypotheticalIndexes (PostgreSQL with hypopg) the plan is "
                    + "made as if those indexes existed, without building them: use it to check that an index you "
                    + "are about to propose would be used (planning only: analyze and runs are off)."})
    public String explainQuery(
            @P("The SQL statement") String sql,
            @P(value = "Run it to get actual rows and times (default true)", required = false) Boolean analyze,
            @P(value = "Timed runs for p50/p95 (default 3)", required = false) Integer runs,
            @P(value = "Values for bind parameters, in order", required = false) List<String> params,
            @P(value = "Indexes to plan with as if they existed, each a CREATE INDEX statement or table(col, ...) "
                    + "(PostgreSQL with hypopg; nothing is built)", required = false)
            List<String> hypotheticalIndexes) {
        return DatabaseTools.guarded(() -> Json.write(core.app().queries().explainReadOnly(sql, analyze, runs, params,
                hypotheticalIndexes)));
    }

    /** {@code explain_query} without hypothetical indexes. */
    public String explainQuery(String sql, Boolean analyze, Integer runs, List<String> params) {
        return explainQuery(sql, analyze, runs, params, null);
    }

    @ToolHints(readOnly = true, idempotent = true)
    @Tool(name = "top_queries", value = {
            "The statements the server spent the most time on, from pg_stat_statements (PostgreSQL) or "
                    + "performance_schema digests (MySQL/MariaDB): calls, total and mean ms, rows, share of the time. "
                    + "Use it first for 'the database is slow' when you do not know which query; then explain_query "
                    + "the heaviest ones and advise_indexes with them as the workload. When the statistics are off "
                    + "the error says exactly how to turn them on; tell the user."})
    public String topQueries(
            @P(value = "How many statements (default 20, at most 500)", required = false) Integer limit) {
        return DatabaseTools.guarded(() -> Json.write(core.app().queries().topQueries(limit)));
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
                    + "cache and matview candidates (default false)", required = false) Boolean isLog,
            @P(value = "How candidates are costed: auto (default; PostgreSQL: hypopg, else no costing and a note on "
                    + "installing it), hypopg, scratch (temporary copies of the tables), rollback (PostgreSQL: real "
                    + "builds in rolled-back transactions that block writes; only when the user asks)",
                    required = false) String whatIf) {
        return DatabaseTools.guarded(() -> {
            QueryUseCases.Proposal p = core.app().queries().proposeIndexes(workload, budgetMb, isLog != null && isLog,
                    whatIf);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("advice", p.advice());
            if (p.plan() != null) {
                out.put("plan", p.plan());
            }
            return Json.write(out);
        });
    }
}

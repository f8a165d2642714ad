package io.dbagent.advisor;

import io.dbagent.dialect.Dialects;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For the benchmark: the same candidate set and cost model, selected three ways (plain greedy, the advisor, an
 * exhaustive branch-and-bound search) at several budgets; each chosen set is then costed together by the what-if
 * method, so the comparison is on the engine's own cost, not only on the model. Only {@code bench/AdvisorBench} uses
 * it, so it is a test source; it sits in the advisor's package because it reaches the package-private selection parts.
 */
public final class StrategyComparison {

    /** One strategy at one budget. */
    public record Pick(String strategy, double modelCost, double whatIfCost, long bytes, List<String> ddl,
                       boolean optimal, long selectMs) {
    }

    /** All strategies at one budget. */
    public record AtBudget(Long budgetBytes, Pick greedy, Pick advisor, Pick exhaustive) {
    }

    /**
     * @param noIndexCost  weighted workload cost with today's indexes
     * @param candidates   candidate count
     * @param useful       candidates that save anything on their own
     * @param costingMs    time to cost every candidate once (what-if)
     */
    public record Result(String method, String costUnit, double noIndexCost, int candidates, int useful,
                         long costingMs, List<AtBudget> budgets) {
    }

    private StrategyComparison() {
    }

    public static Result compare(DbSession ro, DbSession rw, AdviceOptions o, List<Long> budgets, long exhaustiveNodes)
            throws SQLException {
        Schema schema = Dialects.inspect(ro);
        GuardedSession gro = GuardedSession.measure(ro, o.timeout());
        GuardedSession grw = rw == null ? null : rw == ro ? gro : GuardedSession.measure(rw, o.timeout());
        List<WhatIf.Stmt> stmts = IndexAdvisor.prepare(gro, schema, o.workload());
        try (WhatIf w = IndexAdvisor.open(gro, grw, schema, o.whatIf(), new ArrayList<>())) {
            Set<String> tables = new LinkedHashSet<>();
            stmts.forEach(st -> tables.addAll(st.analysis().tableNames()));
            w.prepare(tables);
            long t0 = System.nanoTime();
            Map<String, Double> base = w.costs(List.of(), stmts);
            Map<String, SqlAnalysis> analyses = new LinkedHashMap<>();
            stmts.forEach(st -> analyses.put(st.id(), st.analysis()));
            List<Candidate> cands = new CandidateGenerator(ro.dialect(), schema, o.maxColumns(), ro.connection())
                    .generate(o.workload().statements(), analyses);
            CostModel model = IndexAdvisor.model(w, ro.dialect(), stmts, base, cands);
            long costingMs = (System.nanoTime() - t0) / 1_000_000;
            Selector sel = new Selector(model);
            List<AtBudget> out = new ArrayList<>();
            for (Long b : budgets) {
                long budget = b == null ? Long.MAX_VALUE : b;
                out.add(new AtBudget(b,
                        pick(w, ro, stmts, cands, model, "greedy", () -> sel.greedy(budget)),
                        pick(w, ro, stmts, cands, model, "advisor", () -> sel.select(budget)),
                        pick(w, ro, stmts, cands, model, "exhaustive", () -> sel.exact(budget, exhaustiveNodes))));
            }
            return new Result(w.method(), w.costUnit(), IndexAdvisor.weighted(stmts, base), cands.size(),
                    sel.useful().size(), costingMs, out);
        }
    }

    private static Pick pick(WhatIf w, DbSession s, List<WhatIf.Stmt> stmts, List<Candidate> cands, CostModel m,
                             String name, java.util.function.Supplier<Selector.Choice> how) throws SQLException {
        long t0 = System.nanoTime();
        Selector.Choice c = how.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        List<Candidate> chosen = new ArrayList<>();
        BitSet bits = c.chosen();
        bits.stream().forEach(i -> chosen.add(cands.get(i)));
        double verified = IndexAdvisor.weighted(stmts, chosen.isEmpty() ? w.costs(List.of(), stmts) : w.costs(chosen, stmts));
        return new Pick(name, c.cost(), verified, c.bytes(), chosen.stream().map(x -> x.ddl(s.dialect())).toList(),
                c.optimal(), ms);
    }
}

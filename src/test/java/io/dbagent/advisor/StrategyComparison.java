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
                         long costingMs, List<AtBudget> budgets, List<String> subsetDdl, List<AtBudget> subset) {
    }

    private StrategyComparison() {
    }

    public static Result compare(DbSession ro, DbSession rw, AdviceOptions o, List<Long> budgets, long exhaustiveNodes)
            throws SQLException {
        return compare(ro, rw, o, budgets, exhaustiveNodes, 0);
    }

    /**
     * The same, and with {@code subsetSize > 0} also the three strategies on the subset of the {@code subsetSize}
     * candidates with the largest saving on their own (ties to the lower candidate number), where the exhaustive
     * search always finishes.
     */
    public static Result compare(DbSession ro, DbSession rw, AdviceOptions o, List<Long> budgets, long exhaustiveNodes,
                                 int subsetSize) throws SQLException {
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
            // the advisor's order, so ties go to the same candidates as in IndexAdvisor
            cands = new ArrayList<>(cands);
            cands.sort(java.util.Comparator.comparing(Candidate::key));
            CostModel model = IndexAdvisor.model(w, ro.dialect(), stmts, base, cands);
            long costingMs = (System.nanoTime() - t0) / 1_000_000;
            Selector sel = new Selector(model);
            List<AtBudget> out = new ArrayList<>();
            for (Long b : budgets) {
                long budget = b == null ? Long.MAX_VALUE : b;
                out.add(new AtBudget(b,
                        pick(w, ro, stmts, cands, model, "greedy", () -> sel.greedy(budget)),
                        advisorPick(w, ro, stmts, cands, model, budget),
                        pick(w, ro, stmts, cands, model, "exhaustive", () -> sel.exact(budget, exhaustiveNodes))));
            }
            List<AtBudget> sub = new ArrayList<>();
            List<String> subDdl = new ArrayList<>();
            if (subsetSize > 0) {
                int[] keep = top(model, subsetSize);
                CostModel sm = restrict(model, keep);
                List<Candidate> sc = new ArrayList<>();
                for (int k : keep) {
                    sc.add(cands.get(k));
                    subDdl.add(cands.get(k).ddl(ro.dialect()));
                }
                Selector ss = new Selector(sm);
                for (Long b : budgets) {
                    long budget = b == null ? Long.MAX_VALUE : b;
                    sub.add(new AtBudget(b,
                            pick(w, ro, stmts, sc, sm, "greedy", () -> ss.greedy(budget)),
                            advisorPick(w, ro, stmts, sc, sm, budget),
                            pick(w, ro, stmts, sc, sm, "exhaustive", () -> ss.exact(budget, Long.MAX_VALUE))));
                }
            }
            return new Result(w.method(), w.costUnit(), IndexAdvisor.weighted(stmts, base), cands.size(),
                    sel.useful().size(), costingMs, out, subDdl, sub);
        }
    }

    /** The {@code n} candidates with the largest saving on their own, in candidate order. */
    static int[] top(CostModel m, int n) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < m.candidates(); c++) {
            all.add(c);
        }
        all.sort(java.util.Comparator.<Integer>comparingDouble(c -> -m.soloGain(c)).thenComparingInt(c -> c));
        return all.subList(0, Math.min(n, all.size())).stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The model over the candidates {@code keep} only (renumbered 0..keep.length-1). */
    static CostModel restrict(CostModel m, int[] keep) {
        long[] size = new long[keep.length];
        int[] tableOf = new int[keep.length];
        double[] penalty = new double[keep.length];
        double[][] benefit = new double[m.base.length][keep.length];
        for (int i = 0; i < keep.length; i++) {
            size[i] = m.size[keep[i]];
            tableOf[i] = m.tableOf[keep[i]];
            penalty[i] = m.penalty[keep[i]];
            for (int q = 0; q < m.base.length; q++) {
                benefit[q][i] = m.benefit[q][keep[i]];
            }
        }
        return new CostModel(m.weight, m.base, size, tableOf, benefit, penalty);
    }

    /** The advisor's selection as {@code advise} makes it: the model's choice, then the engine's fill. */
    private static Pick advisorPick(WhatIf w, DbSession s, List<WhatIf.Stmt> stmts, List<Candidate> cands, CostModel m,
                                    long budget) throws SQLException {
        IndexAdvisor.Selection[] sel = new IndexAdvisor.Selection[1];
        long t0 = System.nanoTime();
        sel[0] = IndexAdvisor.select(w, s.dialect(), cands, m, stmts, budget);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        BitSet b = sel[0].picked();
        Pick p = pick(w, s, stmts, cands, m, "advisor",
                () -> new Selector.Choice(b, m.cost(b), m.size(b), sel[0].strategy(), false));
        return new Pick(p.strategy(), p.modelCost(), p.whatIfCost(), p.bytes(), p.ddl(), p.optimal(), ms);
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

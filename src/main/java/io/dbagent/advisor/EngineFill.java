package io.dbagent.advisor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's word on the indexes the cost model set aside. The model credits a statement with one index per table
 * access, each measured alone; the engine may combine indexes (a bitmap AND, both sides of a self-join, a filter on
 * one index and a sort on another), so an index the model found worthless next to the chosen ones can still pay. After
 * the model's selection and pruning, each candidate the search chose but pruning set aside is costed once more, by
 * the what-if method, together with the chosen indexes on its table, on the statements it makes cheaper on its own
 * (where the model measured a saving above noise; that keeps the check to a few costings per index); it is given
 * back when, within the budget, it passes the same test as in {@link Selector#prune}: its weighted saving exceeds its
 * write penalty, and it removes {@link Selector#MIN_STATEMENT_BENEFIT} (at least the method's noise) of one statement's
 * cost or {@link Selector#MIN_BENEFIT} of the workload. It is never given back beside an index it is a prefix of or
 * that is a prefix of it ({@link PrefixPairs#covers}). The order is fixed (largest model saving first, ties to the
 * lower candidate number), so the same inputs give the same set.
 */
final class EngineFill {

    /** An index given back: its weighted saving as the engine measured it, and the statements it makes cheaper. */
    record Added(int candidate, double saving, List<String> statements) {
    }

    /** The set after the fill, what was given back, and how many what-if costings it took. */
    record Result(BitSet chosen, Map<Integer, Added> added, int costings) {
    }

    private EngineFill() {
    }

    /**
     * @param chosen   the pruned selection (within the budget)
     * @param setAside candidates the search chose and pruning dropped
     * @param noise    the share of a statement's cost below which a what-if saving is noise
     */
    static Result fill(CandidateCosts w, List<Candidate> cands, CostModel m, List<WhatIf.Stmt> stmts, BitSet chosen,
                       BitSet setAside, long budget, double noise) throws SQLException {
        BitSet cur = (BitSet) chosen.clone();
        Map<Integer, Added> added = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>();
        setAside.stream().filter(c -> !chosen.get(c)).forEach(order::add);
        double base = m.cost(chosen);
        Map<Integer, Double> gain = new LinkedHashMap<>();
        for (int c : order) {
            BitSet with = (BitSet) chosen.clone();
            with.set(c);
            gain.put(c, base - m.cost(with));
        }
        order.sort(Comparator.<Integer>comparingDouble(c -> -gain.get(c)).thenComparingInt(c -> c));
        double workload = m.baseCost();
        int costings = 0;
        Map<String, Map<String, Double>> known = new java.util.HashMap<>();
        for (int c : order) {
            Candidate cand = cands.get(c);
            if (m.size(cur) + m.size[c] > budget || prefixRelated(cur, c, cands)) {
                continue;
            }
            List<WhatIf.Stmt> relevant = new ArrayList<>();
            for (int q = 0; q < stmts.size(); q++) {
                if (m.benefit[q][c] > 0) {
                    relevant.add(stmts.get(q));
                }
            }
            if (relevant.isEmpty()) {
                continue;
            }
            List<Candidate> same = new ArrayList<>();
            for (int o = cur.nextSetBit(0); o >= 0; o = cur.nextSetBit(o + 1)) {
                if (cands.get(o).table().equalsIgnoreCase(cand.table())) {
                    same.add(cands.get(o));
                }
            }
            String key = same.stream().map(Candidate::key).toList() + " " + relevant.stream().map(WhatIf.Stmt::id).toList();
            Map<String, Double> without = known.get(key);
            if (without == null) {
                without = w.costs(same, relevant);
                known.put(key, without);
                costings++;
            }
            List<Candidate> plus = new ArrayList<>(same);
            plus.add(cand);
            Map<String, Double> with = w.costs(plus, relevant);
            costings++;
            Measured r = measure(relevant, without, with, noise);
            if (pays(r, m.penalty[c], workload)) {
                cur.set(c);
                added.put(c, new Added(c, r.saving(), r.helped()));
            }
        }
        return new Result(cur, added, costings);
    }

    /** What an index saves on {@code relevant}: costs without and with it, as the engine measured them. */
    record Measured(double saving, boolean helpsOne, List<String> helped) {
    }

    /**
     * The weighted saving over the statements where it exceeds the noise share of the cost without the index, and
     * whether one statement loses {@link Selector#MIN_STATEMENT_BENEFIT} (at least the noise) of its cost.
     */
    static Measured measure(List<WhatIf.Stmt> relevant, Map<String, Double> without, Map<String, Double> with,
                            double noise) {
        double share = Math.max(Selector.MIN_STATEMENT_BENEFIT, noise);
        double saving = 0;
        boolean helpsOne = false;
        List<String> helped = new ArrayList<>();
        for (WhatIf.Stmt st : relevant) {
            double b = without.get(st.id());
            double d = b - with.get(st.id());
            if (b <= 0 || d <= noise * b) {
                continue;
            }
            saving += st.weight() * d;
            helped.add(st.id());
            helpsOne |= d >= share * b;
        }
        return new Measured(saving, helpsOne, helped);
    }

    /** The rule of {@link Selector#prune} on the engine's numbers: out-saves its writes and visibly helps. */
    static boolean pays(Measured r, double penalty, double workload) {
        return r.saving() - penalty > 0 && (r.helpsOne() || r.saving() >= Selector.MIN_BENEFIT * workload);
    }

    private static boolean prefixRelated(BitSet cur, int c, List<Candidate> cands) {
        for (int o = cur.nextSetBit(0); o >= 0; o = cur.nextSetBit(o + 1)) {
            if (PrefixPairs.covers(cands.get(o), cands.get(c)) || PrefixPairs.covers(cands.get(c), cands.get(o))) {
                return true;
            }
        }
        return false;
    }
}

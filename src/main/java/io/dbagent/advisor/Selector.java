package io.dbagent.advisor;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the index set under a storage budget. Three strategies, so the benchmark can compare them on the same model:
 * plain greedy (add the biggest saving that fits, repeat), the advisor's own (greedy by saving and by saving per
 * byte, the better of both, then swap/add/drop improvement steps until none helps, then branch and bound from that
 * set: exact up to {@link #EXACT_LIMIT} useful candidates, bounded by {@link #SEARCH_NODES} above and never worse
 * than greedy), and an exact branch-and-bound search.
 */
public final class Selector {

    /** Up to this many useful candidates the advisor searches exactly. */
    static final int EXACT_LIMIT = 16;
    /** Branch-and-bound gives up after this many nodes and reports that the optimum was not proven. */
    static final long NODE_LIMIT = 20_000_000;
    /**
     * Above {@link #EXACT_LIMIT} useful candidates the search after greedy and swaps stops after this many nodes
     * (a fixed count, not a time, so the result does not depend on the machine).
     */
    static final long SEARCH_NODES = 250_000;
    /** A change must save at least this share of the workload cost to count (ties go to smaller sets). */
    static final double EPSILON = 1e-9;
    /**
     * An index that removes this share of the workload cost is relevant whatever it does to single statements (it must
     * still cover its write cost, see {@link #prune}).
     */
    static final double MIN_BENEFIT = 0.002;
    /**
     * An index is also relevant when it makes one statement at least this much cheaper than that statement would be
     * without it (its cost with the rest of the set): a dominant statement must not hide what helps the others, and a
     * few per cent of a statement is beyond the planner's noise. It must still cover its write cost.
     */
    static final double MIN_STATEMENT_BENEFIT = 0.02;

    /** A chosen set and how it was found. */
    public record Choice(BitSet chosen, double cost, long bytes, String strategy, boolean optimal) {
    }

    private final CostModel m;

    public Selector(CostModel m) {
        this.m = m;
    }

    public Choice greedy(long budget) {
        return climb(budget, false, "greedy");
    }

    /** Greedy by saving per byte: better when a big index crowds out two small ones that together save more. */
    Choice greedyPerByte(long budget) {
        return climb(budget, true, "greedy-per-byte");
    }

    /**
     * Adds one index at a time while one fits the budget and lowers the cost: the one that lowers it most, or with
     * {@code perByte} the one with the largest saving per byte.
     */
    private Choice climb(long budget, boolean perByte, String strategy) {
        BitSet s = new BitSet();
        double cost = m.cost(s);
        while (true) {
            int best = -1;
            double bestRatio = 0;
            double bestCost = cost;
            for (int c = 0; c < m.candidates(); c++) {
                if (s.get(c) || m.size(s) + m.size[c] > budget) {
                    continue;
                }
                s.set(c);
                double x = m.cost(s);
                s.clear(c);
                if (perByte) {
                    double ratio = (cost - x) / Math.max(1, m.size[c]);
                    if (x < cost - EPSILON * Math.max(1, cost) && ratio > bestRatio) {
                        best = c;
                        bestRatio = ratio;
                        bestCost = x;
                    }
                } else if (x < bestCost - EPSILON * Math.max(1, cost)) {
                    best = c;
                    bestCost = x;
                }
            }
            if (best < 0) {
                return new Choice(s, cost, m.size(s), strategy, false);
            }
            s.set(best);
            cost = bestCost;
        }
    }

    /**
     * The advisor's choice: {@link #search} then {@link #prune}. Before pruning, the set never costs more in the model
     * than plain greedy's.
     */
    public Choice select(long budget) {
        return prune(search(budget));
    }

    /**
     * The best set the search finds, before pruning: greedy by saving and by saving per byte, the better one improved
     * by swap/add/drop steps, then a branch-and-bound search that starts from that set as its incumbent: up to
     * {@link #EXACT_LIMIT} useful candidates it always finishes (the model's optimum, {@code exact}); above, it stops
     * after {@link #SEARCH_NODES} nodes and keeps the best set found, which is never worse than the improved greedy
     * set ({@code exact} when the search still finished, else {@code greedy+swap+search}).
     */
    Choice search(long budget) {
        Choice a = greedy(budget);
        Choice b = greedyPerByte(budget);
        Choice h = improve((a.cost() <= b.cost() ? a : b).chosen(), budget);
        long limit = useful().size() <= EXACT_LIMIT ? NODE_LIMIT : SEARCH_NODES;
        Choice e = exact(budget, limit, h.chosen());
        return e.optimal() ? new Choice(e.chosen(), e.cost(), e.bytes(), "exact", true)
                : e.cost() < h.cost() - EPSILON * Math.max(1, h.cost())
                ? new Choice(e.chosen(), e.cost(), e.bytes(), "greedy+swap+search", false) : h;
    }

    /**
     * Drops members that do not pay for themselves. A member pays when, with the rest of the set in place, (1) its
     * weighted saving exceeds the maintenance it adds to the workload's writes on its table (the model's write
     * penalty: {@code cost(set without it) - cost(set) > 0}), and (2) the saving is relevant: at least
     * {@link #MIN_STATEMENT_BENEFIT} of one statement's cost without it, or {@link #MIN_BENEFIT} of the workload. An
     * index on a table the workload does not write to thus stays when it visibly helps one statement; one on a
     * write-heavy table must out-save its upkeep. The weakest goes first, ties to the higher candidate number, so the
     * result depends on the model only.
     */
    Choice prune(Choice c) {
        BitSet s = (BitSet) c.chosen().clone();
        double floor = MIN_BENEFIT * m.baseCost();
        boolean changed = true;
        while (changed) {
            changed = false;
            double cost = m.cost(s);
            int weakest = -1;
            double weakestGain = Double.MAX_VALUE;
            for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
                s.clear(i);
                double without = m.cost(s);
                double gain = without - cost;
                boolean pays = gain > EPSILON * Math.max(1, cost) && (gain >= floor || helpsAStatement(s, i));
                s.set(i);
                if (!pays && gain <= weakestGain) {
                    weakest = i;
                    weakestGain = gain;
                }
            }
            if (weakest >= 0) {
                s.clear(weakest);
                changed = true;
            }
        }
        return new Choice(s, m.cost(s), m.size(s), c.strategy(), c.optimal() && s.equals(c.chosen()));
    }

    /** Whether adding {@code i} to {@code without} removes {@link #MIN_STATEMENT_BENEFIT} of some statement's cost. */
    private boolean helpsAStatement(BitSet without, int i) {
        BitSet with = (BitSet) without.clone();
        with.set(i);
        for (int q = 0; q < m.base.length; q++) {
            double before = m.statementCost(q, without);
            if (m.weight[q] > 0 && before > 0 && before - m.statementCost(q, with) >= MIN_STATEMENT_BENEFIT * before) {
                return true;
            }
        }
        return false;
    }

    /**
     * Local search: try dropping one, adding one, and swapping one for one or two, until nothing improves. The first
     * improving move in candidate order is taken, so the result depends on the model only. Moves are evaluated
     * incrementally ({@link Partial}): O(statements) per tried candidate instead of re-costing the whole set.
     */
    Choice improve(BitSet start, long budget) {
        BitSet s = (BitSet) start.clone();
        double cost = m.cost(s);
        List<Integer> useful = useful();
        boolean changed = true;
        int rounds = 0;
        while (changed && rounds++ < 200) {
            changed = false;
            double tol = EPSILON * Math.max(1, cost);
            for (int out = -1; out < m.candidates() && !changed; out++) {
                if (out >= 0 && !s.get(out)) {
                    continue;
                }
                BitSet base = (BitSet) s.clone();
                if (out >= 0) {
                    base.clear(out);
                    double x = m.cost(base);
                    if (x < cost - tol) {
                        s = base;
                        cost = x;
                        changed = true;
                        break;
                    }
                }
                Partial p = new Partial(base);
                long baseBytes = m.size(base);
                for (int in : useful) {
                    if (base.get(in) || in == out || baseBytes + m.size[in] > budget) {
                        continue;
                    }
                    double x = p.costWith(in);
                    if (x < cost - tol) {
                        s = (BitSet) base.clone();
                        s.set(in);
                        cost = m.cost(s);
                        changed = true;
                        break;
                    }
                    Partial p1 = null;
                    for (int in2 : useful) {
                        if (in2 <= in || base.get(in2) || baseBytes + m.size[in] + m.size[in2] > budget) {
                            continue;
                        }
                        if (p1 == null) {
                            BitSet with = (BitSet) base.clone();
                            with.set(in);
                            p1 = new Partial(with);
                        }
                        double y = p1.costWith(in2);
                        if (y < cost - tol) {
                            s = (BitSet) base.clone();
                            s.set(in);
                            s.set(in2);
                            cost = m.cost(s);
                            changed = true;
                            break;
                        }
                    }
                    if (changed) {
                        break;
                    }
                }
            }
        }
        return new Choice(s, cost, m.size(s), "greedy+swap", false);
    }

    /** A set's per-statement, per-table best savings, so the cost of adding one candidate is O(statements). */
    private final class Partial {
        final double[][] best;
        final double[] saved;
        final double cost;

        Partial(BitSet set) {
            int nt = Math.max(1, m.tables);
            best = new double[m.base.length][nt];
            saved = new double[m.base.length];
            for (int c = set.nextSetBit(0); c >= 0; c = set.nextSetBit(c + 1)) {
                for (int q = 0; q < m.base.length; q++) {
                    best[q][m.tableOf[c]] = Math.max(best[q][m.tableOf[c]], m.benefit[q][c]);
                }
            }
            for (int q = 0; q < m.base.length; q++) {
                for (double b : best[q]) {
                    saved[q] += b;
                }
            }
            cost = m.cost(set);
        }

        /** The model cost of the set plus candidate c (not in the set). */
        double costWith(int c) {
            double x = cost + m.penalty[c];
            int t = m.tableOf[c];
            for (int q = 0; q < m.base.length; q++) {
                double gain = m.benefit[q][c] - best[q][t];
                if (gain > 0) {
                    x -= m.weight[q] * (Math.max(0, m.base[q] - saved[q]) - Math.max(0, m.base[q] - saved[q] - gain));
                }
            }
            return x;
        }
    }

    /**
     * Exact optimum by branch and bound over the useful candidates; {@code optimal} is false if the node limit hit.
     * Along the search it keeps, per statement and table, the best saving chosen so far, so a node costs O(statements);
     * the bound is, per statement and table, the best saving any remaining candidate could still add.
     */
    public Choice exact(long budget, long nodeLimit) {
        return exact(budget, nodeLimit, new BitSet());
    }

    /**
     * The same, starting from {@code incumbent} (a set within the budget) as the best known: the search only explores
     * what could beat it, and returns it when nothing does (or the node limit hits first).
     */
    Choice exact(long budget, long nodeLimit, BitSet incumbent) {
        List<Integer> order = useful();
        order.sort(Comparator.comparingDouble(c -> -m.soloGain(c)));
        int nq = m.base.length;
        int nt = Math.max(1, m.tables);
        double[][][] sufMax = new double[order.size() + 1][nq][nt];
        for (int i = order.size() - 1; i >= 0; i--) {
            int c = order.get(i);
            for (int q = 0; q < nq; q++) {
                System.arraycopy(sufMax[i + 1][q], 0, sufMax[i][q], 0, nt);
                sufMax[i][q][m.tableOf[c]] = Math.max(sufMax[i][q][m.tableOf[c]], m.benefit[q][c]);
            }
        }
        Search s = new Search(order, sufMax, budget, nodeLimit);
        s.best = (BitSet) incumbent.clone();
        s.bestCost = m.cost(s.best);
        s.bestBytes = m.size(s.best);
        s.dfs(0, new BitSet(), 0, new double[nq][nt], new double[nq], m.cost(new BitSet()));
        return new Choice(s.best, m.cost(s.best), m.size(s.best), "exhaustive", s.nodes < nodeLimit);
    }

    private final class Search {
        final List<Integer> order;
        final double[][][] sufMax;
        final long budget;
        final long limit;
        long nodes;
        BitSet best;
        double bestCost;
        long bestBytes;

        Search(List<Integer> order, double[][][] sufMax, long budget, long limit) {
            this.order = order;
            this.sufMax = sufMax;
            this.budget = budget;
            this.limit = limit;
        }

        /** saved[q]: sum over tables of best[q][t]; cost: the model cost of cur. */
        void dfs(int i, BitSet cur, long bytes, double[][] bestSave, double[] saved, double cost) {
            if (++nodes >= limit) {
                return;
            }
            double tol = EPSILON * Math.max(1, bestCost);
            if (cost < bestCost - tol || cost <= bestCost + tol && bytes < bestBytes) {
                bestCost = Math.min(cost, bestCost);
                best = (BitSet) cur.clone();
                bestBytes = bytes;
            }
            if (i >= order.size()) {
                return;
            }
            double potential = 0;
            for (int q = 0; q < m.base.length; q++) {
                double extra = 0;
                for (int t = 0; t < bestSave[q].length; t++) {
                    extra += Math.max(0, sufMax[i][q][t] - bestSave[q][t]);
                }
                double now = Math.max(0, m.base[q] - saved[q]);
                potential += m.weight[q] * Math.min(now, extra);
            }
            if (cost - potential >= bestCost - tol) {
                return;
            }
            int c = order.get(i);
            if (bytes + m.size[c] <= budget) {
                int t = m.tableOf[c];
                double[][] nb = new double[bestSave.length][];
                double[] ns = saved.clone();
                double nc = cost + m.penalty[c];
                for (int q = 0; q < m.base.length; q++) {
                    double gain = m.benefit[q][c] - bestSave[q][t];
                    if (gain > 0) {
                        nb[q] = bestSave[q].clone();
                        nb[q][t] = m.benefit[q][c];
                        nc -= m.weight[q] * (Math.max(0, m.base[q] - ns[q]) - Math.max(0, m.base[q] - ns[q] - gain));
                        ns[q] += gain;
                    } else {
                        nb[q] = bestSave[q];
                    }
                }
                cur.set(c);
                dfs(i + 1, cur, bytes + m.size[c], nb, ns, nc);
                cur.clear(c);
            }
            dfs(i + 1, cur, bytes, bestSave, saved, cost);
        }
    }

    /** Candidates that save anything at all on their own. */
    List<Integer> useful() {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < m.candidates(); c++) {
            if (m.soloGain(c) > 0) {
                out.add(c);
            }
        }
        return out;
    }
}

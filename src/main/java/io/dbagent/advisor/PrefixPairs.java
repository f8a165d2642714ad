package io.dbagent.advisor;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a chosen set free of prefix pairs that do not both pay: where one chosen index's key is a left prefix of
 * another chosen index on the same table (same partial predicate, INCLUDE columns contained), the shorter one is
 * dropped when the longer one serves every statement it serves and dropping it costs, in the cost model, less than
 * {@link IndexAdvisor#WIDER_MUST_SAVE} of those statements' weighted cost.
 */
final class PrefixPairs {

    private PrefixPairs() {
    }

    static BitSet prune(BitSet chosen, List<Candidate> cands, CostModel m) {
        BitSet out = (BitSet) chosen.clone();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int n = out.nextSetBit(0); n >= 0 && !changed; n = out.nextSetBit(n + 1)) {
                for (int w = out.nextSetBit(0); w >= 0; w = out.nextSetBit(w + 1)) {
                    if (w != n && covers(cands.get(w), cands.get(n)) && servesSame(m, w, n)) {
                        BitSet without = (BitSet) out.clone();
                        without.clear(n);
                        if (m.cost(without) - m.cost(out) <= IndexAdvisor.WIDER_MUST_SAVE * served(m, n)) {
                            out = without;
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code wide} provides the access path {@code narrow} gives: its key starts with narrow's key. */
    static boolean covers(Candidate wide, Candidate narrow) {
        return wide.table().equalsIgnoreCase(narrow.table()) && Objects.equals(wide.where(), narrow.where())
                && ExistingIndexFilter.isPrefix(narrow.columns().stream().map(ExistingIndexFilter::part).toList(),
                wide.columns().stream().map(ExistingIndexFilter::part).toList())
                && wide.include().containsAll(narrow.include())
                && (wide.columns().size() > narrow.columns().size() || wide.include().size() > narrow.include().size());
    }

    private static boolean servesSame(CostModel m, int w, int n) {
        for (int q = 0; q < m.base.length; q++) {
            if (m.benefit[q][n] > 0 && m.benefit[q][w] <= 0) {
                return false;
            }
        }
        return true;
    }

    private static double served(CostModel m, int n) {
        double s = 0;
        for (int q = 0; q < m.base.length; q++) {
            if (m.benefit[q][n] > 0) {
                s += m.weight[q] * m.base[q];
            }
        }
        return s;
    }
}

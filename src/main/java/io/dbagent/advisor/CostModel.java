package io.dbagent.advisor;

import java.util.BitSet;

/**
 * The workload's cost under any set of candidate indexes, from one what-if measurement per candidate: a statement's
 * cost is its base cost minus, for each table it reads, the largest single-index saving among the chosen indexes on
 * that table (a plan uses one index per table access), plus the maintenance the chosen indexes add to writes.
 */
public final class CostModel {

    final double[] weight;
    final double[] base;
    final long[] size;
    final int[] tableOf;
    /** benefit[q][c]: how much cheaper statement q is with candidate c alone (unweighted, ≥ 0). */
    final double[][] benefit;
    /** Weighted write cost candidate c adds. */
    final double[] penalty;
    final int tables;

    public CostModel(double[] weight, double[] base, long[] size, int[] tableOf, double[][] benefit, double[] penalty) {
        this.weight = weight;
        this.base = base;
        this.size = size;
        this.tableOf = tableOf;
        this.benefit = benefit;
        this.penalty = penalty;
        int t = 0;
        for (int x : tableOf) {
            t = Math.max(t, x + 1);
        }
        this.tables = t;
    }

    public int candidates() {
        return size.length;
    }

    public double baseCost() {
        double s = 0;
        for (int q = 0; q < base.length; q++) {
            s += weight[q] * base[q];
        }
        return s;
    }

    public double cost(BitSet chosen) {
        double total = 0;
        double[] best = new double[tables];
        for (int q = 0; q < base.length; q++) {
            java.util.Arrays.fill(best, 0);
            for (int c = chosen.nextSetBit(0); c >= 0; c = chosen.nextSetBit(c + 1)) {
                best[tableOf[c]] = Math.max(best[tableOf[c]], benefit[q][c]);
            }
            double saved = 0;
            for (double b : best) {
                saved += b;
            }
            total += weight[q] * Math.max(0, base[q] - saved);
        }
        for (int c = chosen.nextSetBit(0); c >= 0; c = chosen.nextSetBit(c + 1)) {
            total += penalty[c];
        }
        return total;
    }

    /** Statement q's unweighted cost under {@code chosen} (its write penalty not included). */
    public double statementCost(int q, BitSet chosen) {
        double[] best = new double[tables];
        for (int c = chosen.nextSetBit(0); c >= 0; c = chosen.nextSetBit(c + 1)) {
            best[tableOf[c]] = Math.max(best[tableOf[c]], benefit[q][c]);
        }
        double saved = 0;
        for (double b : best) {
            saved += b;
        }
        return Math.max(0, base[q] - saved);
    }

    public long size(BitSet chosen) {
        long s = 0;
        for (int c = chosen.nextSetBit(0); c >= 0; c = chosen.nextSetBit(c + 1)) {
            s += size[c];
        }
        return s;
    }

    /** Weighted saving of candidate c on its own, minus its write penalty. */
    double soloGain(int c) {
        double g = 0;
        for (int q = 0; q < base.length; q++) {
            g += weight[q] * benefit[q][c];
        }
        return g - penalty[c];
    }
}

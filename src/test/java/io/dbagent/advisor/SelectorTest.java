package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {

    /**
     * Three statements on three tables. A (10 bytes) saves 10 on q0; B and C (5 bytes each) save 6 on q1 and q2.
     * With a budget of 10, greedy takes A and is stuck at a saving of 10; B + C save 12.
     */
    private static CostModel knapsackTrap() {
        double[][] benefit = {
                {10, 0, 0},
                {0, 6, 0},
                {0, 0, 6}};
        return new CostModel(new double[] {1, 1, 1}, new double[] {20, 20, 20}, new long[] {10, 5, 5},
                new int[] {0, 1, 2}, benefit, new double[3]);
    }

    @Test
    void advisorBeatsPlainGreedyWhereGreedyIsStuck() {
        Selector s = new Selector(knapsackTrap());
        Selector.Choice greedy = s.greedy(10);
        assertThat(greedy.chosen()).isEqualTo(bits(0));
        assertThat(greedy.cost()).isEqualTo(50);
        Selector.Choice advisor = s.select(10);
        assertThat(advisor.chosen()).isEqualTo(bits(1, 2));
        assertThat(advisor.cost()).isEqualTo(48);
        assertThat(advisor.strategy()).isEqualTo("exact");
        // the heuristic path (used above EXACT_LIMIT candidates) gets there by a 1-for-2 swap
        assertThat(s.improve(greedy.chosen(), 10).chosen()).isEqualTo(bits(1, 2));
        assertThat(s.exact(10, 1_000).chosen()).isEqualTo(bits(1, 2));
    }

    @Test
    void branchAndBoundMatchesBruteForceOnRandomModels() {
        java.util.Random r = new java.util.Random(42);
        for (int round = 0; round < 40; round++) {
            int nq = 1 + r.nextInt(6);
            int nc = 1 + r.nextInt(11);
            double[][] benefit = new double[nq][nc];
            double[] base = new double[nq];
            double[] weight = new double[nq];
            for (int q = 0; q < nq; q++) {
                base[q] = 50 + r.nextInt(100);
                weight[q] = 1 + r.nextInt(5);
                for (int c = 0; c < nc; c++) {
                    benefit[q][c] = r.nextInt(3) == 0 ? 0 : r.nextInt((int) base[q]);
                }
            }
            long[] size = new long[nc];
            int[] table = new int[nc];
            double[] penalty = new double[nc];
            for (int c = 0; c < nc; c++) {
                size[c] = 1 + r.nextInt(20);
                table[c] = r.nextInt(3);
                penalty[c] = r.nextInt(30);
            }
            CostModel m = new CostModel(weight, base, size, table, benefit, penalty);
            long budget = 5 + r.nextInt(40);
            double brute = Double.MAX_VALUE;
            for (int mask = 0; mask < (1 << nc); mask++) {
                BitSet b = BitSet.valueOf(new long[] {mask});
                if (m.size(b) <= budget) {
                    brute = Math.min(brute, m.cost(b));
                }
            }
            Selector.Choice exact = new Selector(m).exact(budget, 10_000_000);
            assertThat(exact.optimal()).isTrue();
            assertThat(exact.cost()).as("round " + round).isCloseTo(brute, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(exact.bytes()).isLessThanOrEqualTo(budget);
            // the advisor without pruning is never worse than plain greedy
            Selector s = new Selector(m);
            assertThat(s.improve(s.greedy(budget).chosen(), budget).cost()).isLessThanOrEqualTo(s.greedy(budget).cost() + 1e-9);
        }
    }

    @Test
    void aDominantStatementDoesNotHideIndexesThatHelpTheOthers() {
        // q0 holds 99.98 % of the workload and no candidate helps it; c0 removes 90 % of q1, c1 only 5 % of q2
        double[][] benefit = {{0, 0}, {90, 0}, {0, 5}};
        CostModel m = new CostModel(new double[] {1, 1, 1}, new double[] {1_000_000, 100, 100}, new long[] {1, 1},
                new int[] {0, 1}, benefit, new double[] {0, 0});
        assertThat(90.0).as("c0 is below the workload floor on its own").isLessThan(Selector.MIN_BENEFIT * m.baseCost());
        Selector.Choice c = new Selector(m).select(Long.MAX_VALUE);
        assertThat(c.chosen()).as("c0 stays: it removes 90 % of q1").contains(0);
        // c1 saves 5 % of one statement and 0.0005 % of the workload: below both floors, but plain greedy takes it,
        // and pruning never leaves the advice costlier than greedy's
        assertThat(c.chosen()).isEqualTo(bits(0, 1));
        assertThat(c.cost()).isLessThanOrEqualTo(new Selector(m).greedy(Long.MAX_VALUE).cost());
        // an index that helps one statement a lot but costs more in writes than it saves still stays out
        CostModel costly = new CostModel(new double[] {1, 1}, new double[] {1_000_000, 100}, new long[] {1},
                new int[] {0}, new double[][] {{0}, {90}}, new double[] {95});
        assertThat(new Selector(costly).select(Long.MAX_VALUE).chosen().isEmpty()).isTrue();
    }

    @Test
    void equalCandidatesAlwaysGiveTheSameChoice() {
        // two candidates with identical effect and size: the choice is the same on every run, by candidate order
        double[][] benefit = {{50, 50}};
        CostModel m = new CostModel(new double[] {1}, new double[] {100}, new long[] {10, 10}, new int[] {0, 0},
                benefit, new double[] {0, 0});
        BitSet first = new Selector(m).select(Long.MAX_VALUE).chosen();
        for (int i = 0; i < 5; i++) {
            assertThat(new Selector(m).select(Long.MAX_VALUE).chosen()).isEqualTo(first);
        }
        assertThat(first).isEqualTo(bits(0));
    }

    @Test
    void oneIndexPerTableAccessAndWritePenalty() {
        // two candidates on the same table serving the same statement: only the better one counts
        double[][] benefit = {{8, 9}};
        CostModel m = new CostModel(new double[] {2}, new double[] {10}, new long[] {1, 1}, new int[] {0, 0},
                benefit, new double[] {0, 0});
        assertThat(m.cost(bits(0, 1))).isEqualTo(2);
        Selector.Choice c = new Selector(m).select(Long.MAX_VALUE);
        assertThat(c.chosen()).isEqualTo(bits(1));
        // a write penalty larger than the saving keeps an index out
        CostModel costly = new CostModel(new double[] {1}, new double[] {10}, new long[] {1}, new int[] {0},
                new double[][] {{3}}, new double[] {5});
        assertThat(new Selector(costly).select(Long.MAX_VALUE).chosen().isEmpty()).isTrue();
    }

    @Test
    void workloadFilesCarryWeightsAndRejectEmptiness() {
        Workload w = Workload.parse("w.sql", """
                -- the hot one
                -- weight: 25
                SELECT * FROM t WHERE a = 1;

                SELECT count(*) FROM t;
                /* trailing comment only */
                """);
        assertThat(w.statements()).hasSize(2);
        assertThat(w.statements().get(0).weight()).isEqualTo(25);
        assertThat(w.statements().get(0).sql()).isEqualTo("SELECT * FROM t WHERE a = 1");
        assertThat(w.statements().get(0).line()).isEqualTo(3);
        assertThat(w.statements().get(1).id()).isEqualTo("q2");
        assertThatThrownBy(() -> Workload.parse("e.sql", "-- nothing here\n;\n"))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("workload e.sql has no statements");
        assertThatThrownBy(() -> Workload.parse("z.sql", "-- weight: 0\nSELECT 1"))
                .hasMessageContaining("weights must be positive");
    }

    private static BitSet bits(int... on) {
        BitSet b = new BitSet();
        for (int i : on) {
            b.set(i);
        }
        return b;
    }
}

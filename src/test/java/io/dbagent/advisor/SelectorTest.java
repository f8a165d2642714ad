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

    private static CostModel random(java.util.Random r, int nq, int nc, int tables) {
        double[][] benefit = new double[nq][nc];
        double[] base = new double[nq];
        double[] weight = new double[nq];
        for (int q = 0; q < nq; q++) {
            base[q] = 50 + r.nextInt(1000);
            weight[q] = 1 + r.nextInt(5);
            for (int c = 0; c < nc; c++) {
                benefit[q][c] = r.nextInt(3) == 0 ? r.nextInt((int) base[q]) : 0;
            }
        }
        long[] size = new long[nc];
        int[] table = new int[nc];
        double[] penalty = new double[nc];
        for (int c = 0; c < nc; c++) {
            size[c] = 1 + r.nextInt(50);
            table[c] = r.nextInt(tables);
            penalty[c] = r.nextInt(20);
        }
        return new CostModel(weight, base, size, table, benefit, penalty);
    }

    @Test
    void onManyCandidatesTheSearchIsNeverCostlierThanGreedyAndTheAdviceStaysInTheBudget() {
        java.util.Random r = new java.util.Random(7);
        int beatGreedy = 0;
        for (int round = 0; round < 30; round++) {
            CostModel m = random(r, 4 + r.nextInt(12), 30 + r.nextInt(40), 2 + r.nextInt(6));
            long budget = 20 + r.nextInt(200);
            Selector s = new Selector(m);
            assertThat(s.useful().size()).isGreaterThan(Selector.EXACT_LIMIT);
            Selector.Choice greedy = s.greedy(budget);
            Selector.Choice advisor = s.select(budget);
            // the search before pruning (pruning drops what saves under 0.2 % of the workload on purpose)
            Selector.Choice b = s.greedyPerByte(budget);
            Selector.Choice h = s.improve((greedy.cost() <= b.cost() ? greedy : b).chosen(), budget);
            Selector.Choice searched = s.exact(budget, Selector.SEARCH_NODES, h.chosen());
            assertThat(searched.cost()).as("round " + round).isLessThanOrEqualTo(greedy.cost() + 1e-9 * greedy.cost());
            assertThat(searched.cost()).isLessThanOrEqualTo(h.cost() + 1e-9 * h.cost());
            assertThat(advisor.bytes()).isLessThanOrEqualTo(budget);
            assertThat(advisor.cost()).isEqualTo(m.cost(advisor.chosen()));
            if (searched.cost() < greedy.cost() - 1e-6) {
                beatGreedy++;
            }
            // the same model gives the same choice
            assertThat(new Selector(m).select(budget).chosen()).isEqualTo(advisor.chosen());
        }
        assertThat(beatGreedy).as("rounds where greedy was beaten").isGreaterThan(0);
    }

    @Test
    void theSearchFromAnIncumbentNeverReturnsSomethingWorseAndFindsTheOptimumWhenItFinishes() {
        java.util.Random r = new java.util.Random(11);
        for (int round = 0; round < 30; round++) {
            CostModel m = random(r, 1 + r.nextInt(6), 2 + r.nextInt(10), 3);
            long budget = 10 + r.nextInt(60);
            Selector s = new Selector(m);
            Selector.Choice greedy = s.greedy(budget);
            Selector.Choice exact = s.exact(budget, 10_000_000);
            Selector.Choice seeded = s.exact(budget, 10_000_000, greedy.chosen());
            assertThat(seeded.optimal()).isTrue();
            assertThat(seeded.cost()).as("round " + round).isCloseTo(exact.cost(), org.assertj.core.data.Offset.offset(1e-6));
            // cut off after one node: the incumbent comes back unchanged
            Selector.Choice cut = s.exact(budget, 1, greedy.chosen());
            assertThat(cut.optimal()).isFalse();
            assertThat(cut.chosen()).isEqualTo(greedy.chosen());
        }
    }

    @Test
    void pruningDropsAWeakIndexTheSwapSearchKept() {
        // knapsack trap plus c3, a 1-byte index saving 1 on a huge q3: greedy takes A (and c3); the advisor takes
        // B + C, 2 cheaper than greedy, so dropping c3 (worth 1, far below the workload floor) keeps it ahead
        double[][] benefit = {
                {10, 0, 0, 0},
                {0, 6, 0, 0},
                {0, 0, 6, 0},
                {0, 0, 0, 1}};
        CostModel m = new CostModel(new double[] {1, 1, 1, 1}, new double[] {20, 20, 20, 100_000},
                new long[] {10, 5, 5, 1}, new int[] {0, 1, 2, 3}, benefit, new double[4]);
        Selector s = new Selector(m);
        assertThat(s.greedy(11).chosen()).isEqualTo(bits(0, 3));
        Selector.Choice c = s.select(11);
        assertThat(c.chosen()).isEqualTo(bits(1, 2));
        assertThat(c.cost()).isLessThan(s.greedy(11).cost());
    }

    @Test
    void costingSkipsStatementsThatNameNoneOfACandidatesColumns() {
        Candidate c = new Candidate("public", "f_sales", java.util.List.of("customer_id"), java.util.List.of("amount"), null);
        assertThat(IndexAdvisor.mentions("SELECT sum(amount) FROM f_sales WHERE store_id = 1", c)).isTrue();
        assertThat(IndexAdvisor.mentions("SELECT * FROM f_sales s WHERE s.CUSTOMER_ID = 1", c)).isTrue();
        assertThat(IndexAdvisor.mentions("SELECT count(*) FROM f_sales WHERE store_id = 1", c)).isFalse();
        // a longer identifier that contains the column name is not a mention
        assertThat(IndexAdvisor.mentions("SELECT id FROM f_sales WHERE customer_id2 = 1", c)).isFalse();
        Candidate expr = new Candidate("public", "d_customer", java.util.List.of("lower(email)"), java.util.List.of(), null);
        assertThat(IndexAdvisor.mentions("SELECT id FROM d_customer WHERE lower(email) = 'a'", expr)).isTrue();
        Candidate partial = new Candidate("public", "f_sales", java.util.List.of("date_id"), java.util.List.of(),
                "channel = 'web'");
        assertThat(IndexAdvisor.mentions("SELECT count(*) FROM f_sales WHERE channel = 'web'", partial)).isTrue();
    }

    @Test
    void aDominantStatementDoesNotHideIndexesThatHelpTheOthers() {
        // q0 holds 99.98 % of the workload and no candidate helps it; c0 removes 90 % of q1, c1 only 1 % of q2
        // (below MIN_STATEMENT_BENEFIT: within what a planner estimate moves by, not worth an index)
        double[][] benefit = {{0, 0}, {90, 0}, {0, 1}};
        CostModel m = new CostModel(new double[] {1, 1, 1}, new double[] {1_000_000, 100, 100}, new long[] {1, 1},
                new int[] {0, 1}, benefit, new double[] {0, 0});
        assertThat(90.0).as("c0 is below the workload floor on its own").isLessThan(Selector.MIN_BENEFIT * m.baseCost());
        Selector.Choice c = new Selector(m).select(Long.MAX_VALUE);
        assertThat(c.chosen()).isEqualTo(bits(0));
        // 5 % of one statement on a table nothing writes to is a visible saving at no upkeep: kept
        CostModel visible = new CostModel(new double[] {1, 1}, new double[] {1_000_000, 100}, new long[] {1},
                new int[] {0}, new double[][] {{0}, {5}}, new double[] {0});
        assertThat(new Selector(visible).select(Long.MAX_VALUE).chosen()).isEqualTo(bits(0));
        // the same saving where the workload's writes to the table cost the index more than that: left out
        CostModel upkeep = new CostModel(new double[] {1, 1}, new double[] {1_000_000, 100}, new long[] {1},
                new int[] {0}, new double[][] {{0}, {5}}, new double[] {6});
        assertThat(new Selector(upkeep).select(Long.MAX_VALUE).chosen().isEmpty()).isTrue();
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

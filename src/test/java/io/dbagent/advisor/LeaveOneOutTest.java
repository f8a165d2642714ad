package io.dbagent.advisor;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leave-one-out check of the finished selection on the what-if engine, without a database: the engine's costs are
 * a function of the set of candidate keys in place.
 */
class LeaveOneOutTest {

    private static final Candidate STORE_DATE = new Candidate(null, "f_sales", List.of("store_id", "date_id"),
            List.of("amount"), null);
    private static final Candidate STORE_EMP_DATE = new Candidate(null, "f_sales",
            List.of("store_id", "employee_id", "date_id"), List.of("amount"), null);
    private static final Candidate BRAND = new Candidate(null, "d_product", List.of("brand"), null, null);

    private static final class Engine implements CandidateCosts {
        final Function<TreeSet<String>, Map<String, Double>> costs;
        final boolean builds;
        int calls;

        Engine(boolean builds, Function<TreeSet<String>, Map<String, Double>> costs) {
            this.builds = builds;
            this.costs = costs;
        }

        @Override
        public Map<String, Double> costs(List<Candidate> config, List<WhatIf.Stmt> statements) {
            calls++;
            TreeSet<String> keys = new TreeSet<>();
            config.forEach(c -> keys.add(c.key()));
            Map<String, Double> all = costs.apply(keys);
            Map<String, Double> out = new HashMap<>();
            statements.forEach(s -> out.put(s.id(), all.get(s.id())));
            return out;
        }

        @Override
        public boolean buildsIndexes() {
            return builds;
        }

        @Override
        public long sizeOf(Candidate c) {
            return 10;
        }
    }

    private static final List<WhatIf.Stmt> STMTS = List.of(
            new WhatIf.Stmt("q1", "SELECT sum(amount) FROM f_sales WHERE store_id = 1 AND date_id = 2", 10,
                    SqlAnalysis.of("SELECT sum(amount) FROM f_sales WHERE store_id = 1 AND date_id = 2")),
            new WhatIf.Stmt("q2", "SELECT id FROM d_product WHERE brand = 'b'", 1,
                    SqlAnalysis.of("SELECT id FROM d_product WHERE brand = 'b'")));

    /**
     * The engine: q1 costs 100 with no index on f_sales and 10 with either of the two (the wider one serves it as
     * well, so next to each other one of them is idle); q2 costs 50, 5 with brand.
     */
    private static Engine engine(boolean builds) {
        return new Engine(builds, keys -> Map.of(
                "q1", keys.contains(STORE_DATE.key()) || keys.contains(STORE_EMP_DATE.key()) ? 10.0 : 100.0,
                "q2", keys.contains(BRAND.key()) ? 5.0 : 50.0));
    }

    /** The model credits each index with its saving alone, both f_sales indexes with 90 on q1. */
    private static CostModel model(double penaltyEach) {
        return new CostModel(new double[] {10, 1}, new double[] {100, 50}, new long[] {10, 12, 10},
                new int[] {0, 0, 1}, new double[][] {{90, 90, 0}, {0, 0, 45}},
                new double[] {penaltyEach, penaltyEach, 0});
    }

    private static BitSet bits(int... on) {
        BitSet b = new BitSet();
        for (int i : on) {
            b.set(i);
        }
        return b;
    }

    private static final List<Candidate> CANDS = List.of(STORE_DATE, STORE_EMP_DATE, BRAND);

    @Test
    void anIndexTheEngineDoesNotUseBesideTheRestIsLeftOutAndTheOneThatServesStays() throws Exception {
        Engine w = engine(false);
        LeaveOneOut.Result r = LeaveOneOut.check(w, CANDS, model(0), STMTS, bits(0, 1, 2), 0.001);
        // of the two idle-beside-each-other twins the higher-numbered goes; then the other one pays on its own
        assertThat(r.chosen()).isEqualTo(bits(0, 2));
        assertThat(r.dropped()).containsOnlyKeys(1);
        assertThat(r.skipped()).isNull();
        assertThat(r.costings()).isEqualTo(w.calls).isPositive();
        // the same inputs, the same answer
        assertThat(LeaveOneOut.check(engine(false), CANDS, model(0), STMTS, bits(0, 1, 2), 0.001))
                .isEqualTo(r);
    }

    @Test
    void aMemberThatSavesLessThanItsWritesIsLeftOutAndOneThatPaysIsKept() throws Exception {
        // brand saves 45 on q2; its penalty of 50 outweighs that
        CostModel m = new CostModel(new double[] {10, 1}, new double[] {100, 50}, new long[] {10, 12, 10},
                new int[] {0, 0, 1}, new double[][] {{90, 90, 0}, {0, 0, 45}}, new double[] {0, 0, 50});
        LeaveOneOut.Result r = LeaveOneOut.check(engine(false), CANDS, m, STMTS, bits(0, 2), 0.001);
        assertThat(r.chosen()).isEqualTo(bits(0));
        assertThat(r.dropped()).containsOnlyKeys(2);
        assertThat(r.dropped().get(2)).isEqualTo(-5.0);
        // with a penalty of 40 it out-saves its writes and stays
        CostModel cheap = new CostModel(new double[] {10, 1}, new double[] {100, 50}, new long[] {10, 12, 10},
                new int[] {0, 0, 1}, new double[][] {{90, 90, 0}, {0, 0, 45}}, new double[] {0, 0, 40});
        assertThat(LeaveOneOut.check(engine(false), CANDS, cheap, STMTS, bits(0, 2), 0.001).chosen())
                .isEqualTo(bits(0, 2));
    }

    @Test
    void aSavingWithinTheNoiseFloorDoesNotKeepAnIndexOneAboveItDoes() throws Exception {
        // the wider index shaves 0.005 of q1's 10 beside the narrow one: 0.05 %, below the planner's noise (0.1 %)
        LeaveOneOut.Result r = LeaveOneOut.check(widerShaves(9.995), CANDS, model(0), STMTS, bits(0, 1), 0.001);
        assertThat(r.chosen()).isEqualTo(bits(0));
        assertThat(r.dropped()).containsOnlyKeys(1);
        // 0.5 % of the statement is above the noise and, with no writes to pay for, keeps it
        assertThat(LeaveOneOut.check(widerShaves(9.95), CANDS, model(0), STMTS, bits(0, 1), 0.001).chosen())
                .isEqualTo(bits(0, 1));
        // with timed costs (10 % noise) the same saving is noise
        assertThat(LeaveOneOut.check(widerShaves(9.95), CANDS, model(0), STMTS, bits(0, 1), 0.10).chosen())
                .isEqualTo(bits(0));
    }

    /** q1 costs {@code both} with the two f_sales indexes, 10 with one of them, 100 with none. */
    private static Engine widerShaves(double both) {
        return new Engine(false, keys -> Map.of(
                "q1", keys.contains(STORE_EMP_DATE.key()) ? keys.contains(STORE_DATE.key()) ? both : 10.0
                        : keys.contains(STORE_DATE.key()) ? 10.0 : 100.0,
                "q2", 50.0));
    }

    @Test
    void methodsThatBuildRealIndexesCheckOnlySmallSetsAndATimeLimitStopsTheCheck() throws Exception {
        Engine small = engine(true);
        assertThat(LeaveOneOut.check(small, CANDS, model(0), STMTS, bits(0, 1, 2), 0.001).chosen())
                .isEqualTo(bits(0, 2));
        assertThat(small.calls).isPositive();
        // more than REAL_BUILD_LIMIT members: not costed at all, and said so
        int n = LeaveOneOut.REAL_BUILD_LIMIT + 1;
        List<Candidate> many = new java.util.ArrayList<>();
        double[][] benefit = new double[2][n];
        for (int i = 0; i < n; i++) {
            many.add(new Candidate(null, "f_sales", List.of("c" + i), null, null));
            benefit[0][i] = 1;
        }
        CostModel big = new CostModel(new double[] {10, 1}, new double[] {100, 50}, new long[n], new int[n], benefit,
                new double[n]);
        BitSet all = new BitSet();
        all.set(0, n);
        Engine built = engine(true);
        LeaveOneOut.Result r = LeaveOneOut.check(built, many, big, STMTS, all, 0.001);
        assertThat(r.chosen()).isEqualTo(all);
        assertThat(built.calls).isZero();
        assertThat(r.skipped()).contains("builds real indexes").contains(String.valueOf(n));
        // a time limit already passed: nothing dropped, and the result says why
        LeaveOneOut.Result late = LeaveOneOut.check(engine(false), CANDS, model(0), STMTS, bits(0, 1, 2), 0.001, -1);
        assertThat(late.chosen()).isEqualTo(bits(0, 1, 2));
        assertThat(late.skipped()).contains("time limit");
    }

    @Test
    void theAdvisorSelectionRunsTheCheckAndLabelsIt() throws Exception {
        // the model credits the narrow index with 95 on q1, the wider one with 90 there and with 40 on q3 (it leads with store_id, the statement filters on
        // employee_id); the engine finds it useless there, and beside the narrow one useless on q1 too
        String q3 = "SELECT sum(amount) FROM f_sales WHERE store_id = 1 AND employee_id = 3";
        List<WhatIf.Stmt> stmts = List.of(STMTS.get(0), STMTS.get(1),
                new WhatIf.Stmt("q3", q3, 1, SqlAnalysis.of(q3)));
        CostModel m = new CostModel(new double[] {10, 1, 1}, new double[] {100, 50, 100}, new long[] {10, 12, 10},
                new int[] {0, 0, 1}, new double[][] {{95, 90, 0}, {0, 0, 45}, {0, 40, 0}}, new double[] {0, 0, 0});
        Engine w = new Engine(false, keys -> Map.of(
                "q1", keys.contains(STORE_DATE.key()) || keys.contains(STORE_EMP_DATE.key()) ? 10.0 : 100.0,
                "q2", keys.contains(BRAND.key()) ? 5.0 : 50.0,
                "q3", 100.0));
        assertThat(new Selector(m).prune(new Selector(m).search(Long.MAX_VALUE)).chosen())
                .as("the model keeps both").isEqualTo(bits(0, 1, 2));
        IndexAdvisor.Selection s = IndexAdvisor.select(w, DialectKind.POSTGRES, CANDS, m, stmts, Long.MAX_VALUE);
        assertThat(s.picked()).isEqualTo(bits(0, 2));
        assertThat(s.strategy()).endsWith("+engine check");
        assertThat(IndexAdvisor.checkNotes(s.check(), CANDS)).singleElement().asString()
                .contains("1 index(es)").contains("f_sales (store_id, employee_id, date_id) INCLUDE (amount)");
    }

    @Test
    void whenTheEnginePricesPlainGreedyBelowTheSearchGreedyIsTheAnswer() throws Exception {
        // the model: X serves q1 (saving 70), Y too (60), Z serves q2 (20); a budget of 20 holds X alone or Y and Z,
        // so the search takes {Y, Z} (80) and greedy takes X (70 first). The engine finds Z useless on q2, so the
        // check leaves the advisor with {Y} (60), which the engine prices above greedy's {X} (70)
        Candidate x = STORE_DATE;
        Candidate y = new Candidate(null, "f_sales", List.of("store_id"), null, null);
        List<Candidate> cands = List.of(x, y, BRAND);
        CostModel m = new CostModel(new double[] {1, 1}, new double[] {100, 50}, new long[] {20, 10, 10},
                new int[] {0, 0, 1}, new double[][] {{70, 60, 0}, {0, 0, 20}}, new double[] {0, 0, 0});
        Function<TreeSet<String>, Map<String, Double>> truth = keys -> Map.of(
                "q1", keys.contains(x.key()) ? 30.0 : keys.contains(y.key()) ? 40.0 : 100.0,
                "q2", 50.0);
        assertThat(new Selector(m).search(20).chosen()).as("the model's search").isEqualTo(bits(1, 2));
        assertThat(new Selector(m).greedy(20).chosen()).as("plain greedy").isEqualTo(bits(0));

        IndexAdvisor.Selection planner = IndexAdvisor.select(new Engine(false, truth), DialectKind.POSTGRES, cands, m,
                STMTS, 20);
        assertThat(planner.picked()).isEqualTo(bits(0));
        assertThat(planner.strategy()).startsWith("greedy").contains("priced below the search's set by the engine");

        // a method that builds real indexes is not asked twice more: the check's answer stands
        IndexAdvisor.Selection built = IndexAdvisor.select(new Engine(true, truth), DialectKind.POSTGRES, cands, m,
                STMTS, 20);
        assertThat(built.picked()).isEqualTo(bits(1));
        assertThat(built.strategy()).doesNotContain("priced below");
    }
}

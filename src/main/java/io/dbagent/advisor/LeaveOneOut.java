package io.dbagent.advisor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's word on the finished selection. The model credits each index with its saving measured alone; beside
 * the other chosen indexes the engine may not use it at all (a wider index on the same leading columns serves the
 * same statements). Each member is costed by the what-if method with the whole set in place and with the set without
 * it, on the statements that read its table (only indexes on the tables those statements read are put in place: the
 * others cannot change their plans), and it stays when it pays for itself as in {@link Selector#prune} and
 * {@link EngineFill}: its weighted saving, counted on the statements where it exceeds the method's noise share of the
 * cost, exceeds the write penalty it adds to its table. The relevance bars those two apply before adding an index
 * ({@link Selector#MIN_STATEMENT_BENEFIT} of a statement, {@link Selector#MIN_BENEFIT} of the workload) are not
 * applied again: the model found the member relevant, and a small index the engine confirms above noise (a
 * dimension's key lookup) is worth its few pages. Of the members that fail, the weakest (lowest saving minus penalty,
 * ties to the higher candidate number) is dropped, and the check repeats until every member pays: the same inputs
 * give the same set. Methods that build real indexes (rolled back or on scratch copies) pay a build per costing, so
 * there the check runs only on small sets; a time limit bounds it everywhere.
 */
final class LeaveOneOut {

    /** Where the method builds real indexes, the check runs on sets of at most this many indexes. */
    static final int REAL_BUILD_LIMIT = 6;
    /** The check stops (keeping what it dropped so far) after this long. */
    static final long TIME_LIMIT_MS = 30_000;

    /** The set after the check, what was dropped (candidate → engine saving minus penalty), and how it ended. */
    record Result(BitSet chosen, Map<Integer, Double> dropped, int costings, String skipped) {
    }

    private LeaveOneOut() {
    }

    static Result check(CandidateCosts w, List<Candidate> cands, CostModel m, List<WhatIf.Stmt> stmts, BitSet chosen,
                        double noise) throws SQLException {
        return check(w, cands, m, stmts, chosen, noise, TIME_LIMIT_MS);
    }

    static Result check(CandidateCosts w, List<Candidate> cands, CostModel m, List<WhatIf.Stmt> stmts, BitSet chosen,
                        double noise, long timeLimitMs) throws SQLException {
        BitSet cur = (BitSet) chosen.clone();
        Map<Integer, Double> dropped = new java.util.LinkedHashMap<>();
        if (cur.isEmpty()) {
            return new Result(cur, dropped, 0, null);
        }
        if (w.buildsIndexes() && cur.cardinality() > REAL_BUILD_LIMIT) {
            return new Result(cur, dropped, 0, String.format(Locale.ROOT, "the what-if method builds real indexes and "
                    + "the set has %d (checked up to %d)", cur.cardinality(), REAL_BUILD_LIMIT));
        }
        long deadline = System.nanoTime() + timeLimitMs * 1_000_000;
        Map<String, Map<String, Double>> known = new HashMap<>();
        int[] costings = {0};
        while (true) {
            int weakest = -1;
            double weakestNet = Double.MAX_VALUE;
            for (int i = cur.nextSetBit(0); i >= 0; i = cur.nextSetBit(i + 1)) {
                if (System.nanoTime() > deadline) {
                    return new Result(cur, dropped, costings[0], "time limit of " + timeLimitMs / 1000
                            + " s reached");
                }
                String table = cands.get(i).table().toLowerCase(Locale.ROOT);
                List<WhatIf.Stmt> relevant = new ArrayList<>();
                Set<String> read = new LinkedHashSet<>();
                for (WhatIf.Stmt st : stmts) {
                    if (st.weight() > 0 && st.analysis().tableNames().contains(table)) {
                        relevant.add(st);
                        read.addAll(st.analysis().tableNames());
                    }
                }
                List<Candidate> with = new ArrayList<>();
                List<Candidate> without = new ArrayList<>();
                for (int o = cur.nextSetBit(0); o >= 0; o = cur.nextSetBit(o + 1)) {
                    if (read.contains(cands.get(o).table().toLowerCase(Locale.ROOT))) {
                        with.add(cands.get(o));
                        if (o != i) {
                            without.add(cands.get(o));
                        }
                    }
                }
                double net = -m.penalty[i];
                boolean pays = false;
                if (!relevant.isEmpty()) {
                    EngineFill.Measured r = EngineFill.measure(relevant, cost(w, without, relevant, known, costings),
                            cost(w, with, relevant, known, costings), noise);
                    net = r.saving() - m.penalty[i];
                    pays = net > 0;
                }
                if (!pays && net <= weakestNet) {
                    weakest = i;
                    weakestNet = net;
                }
            }
            if (weakest < 0) {
                return new Result(cur, dropped, costings[0], null);
            }
            cur.clear(weakest);
            dropped.put(weakest, weakestNet);
        }
    }

    private static Map<String, Double> cost(CandidateCosts w, List<Candidate> config, List<WhatIf.Stmt> stmts,
                                            Map<String, Map<String, Double>> known, int[] costings)
            throws SQLException {
        String key = config.stream().map(Candidate::key).toList() + " " + stmts.stream().map(WhatIf.Stmt::id).toList();
        Map<String, Double> out = known.get(key);
        if (out == null) {
            out = w.costs(config, stmts);
            known.put(key, out);
            costings[0]++;
        }
        return out;
    }
}

package io.dbagent.explain;

import io.dbagent.guard.GuardedSession;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Wall-clock timing of repeated executions, as the client sees it (statement sent, every row fetched).
 *
 * @param runs  how many executions were timed
 * @param p50Ms median
 * @param p95Ms 95th percentile (nearest rank)
 * @param maxMs slowest
 * @param minMs fastest
 * @param p25Ms first quartile: with {@code p75Ms} the interquartile range, the spread two timings are compared by
 * @param p75Ms third quartile
 */
public record Timing(int runs, double p50Ms, double p95Ms, double maxMs, double minMs, double p25Ms, double p75Ms) {

    /** Whether this interquartile range lies wholly below {@code other}'s: measurably faster, not noise. */
    public boolean whollyBelow(Timing other) {
        return p75Ms < other.p25Ms;
    }

    public static Timing of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Timing(sorted.size(), round(percentile(sorted, 50)), round(percentile(sorted, 95)),
                round(sorted.get(sorted.size() - 1)), round(sorted.get(0)), round(percentile(sorted, 25)),
                round(percentile(sorted, 75)));
    }

    /** Nearest-rank percentile of an ascending list. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    /** Wall time of one execution with every row fetched, in ms; {@code rowCount[0]} gets the rows. */
    public static double once(GuardedSession g, String sql, long[] rowCount) throws SQLException {
        long t0 = System.nanoTime();
        executeAll(g, sql, rowCount);
        return Timing.round((System.nanoTime() - t0) / 1e6);
    }

    /** Executes a statement and fetches everything it returns (the client pays for that too). */
    public static void executeAll(GuardedSession g, String sql, long[] rowCount) throws SQLException {
        g.withStatement(st -> {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        rowCount[0]++;
                    }
                }
            } else {
                rowCount[0] = st.getUpdateCount();
            }
            return null;
        });
    }
}

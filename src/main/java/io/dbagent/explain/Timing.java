package io.dbagent.explain;

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
 */
public record Timing(int runs, double p50Ms, double p95Ms, double maxMs, double minMs) {

    public static Timing of(List<Double> millis) {
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new Timing(sorted.size(), round(percentile(sorted, 50)), round(percentile(sorted, 95)),
                round(sorted.get(sorted.size() - 1)), round(sorted.get(0)));
    }

    /** Nearest-rank percentile of an ascending list. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}

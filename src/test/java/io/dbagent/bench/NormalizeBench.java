package io.dbagent.bench;

import io.dbagent.design.normalize.Fd;
import io.dbagent.design.normalize.FdTheory;
import io.dbagent.design.normalize.NormalizationAnalyzer;
import io.dbagent.design.normalize.Relation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark for {@code bench/normalize.sh}: candidate keys and the full analysis (cover, normal form, 3NF synthesis,
 * BCNF decomposition, chase) of random relations with A attributes and F FDs, after a JIT warm-up. Prints one
 * Markdown table row per size: median and maximum over the seeds, and the largest number of keys seen.
 */
public final class NormalizeBench {

    private NormalizeBench() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int[][] sizes = {{10, 15}, {20, 30}, {30, 45}, {40, 60}};
        run(20, 30, 20, false);
        for (int[] size : sizes) {
            run(size[0], size[1], seeds, true);
        }
    }

    private static void run(int attrs, int fdCount, int seeds, boolean print) {
        long[] keyTimes = new long[seeds];
        long[] fullTimes = new long[seeds];
        int maxKeys = 0;
        for (int seed = 0; seed < seeds; seed++) {
            Relation r = random(attrs, fdCount, seed);
            long t0 = System.nanoTime();
            List<Long> keys = FdTheory.candidateKeys(r.all(), FdTheory.minimalCover(r.fds()));
            long t1 = System.nanoTime();
            NormalizationAnalyzer.analyze(r);
            long t2 = System.nanoTime();
            keyTimes[seed] = t1 - t0;
            fullTimes[seed] = t2 - t1;
            maxKeys = Math.max(maxKeys, keys.size());
        }
        if (print) {
            Arrays.sort(keyTimes);
            Arrays.sort(fullTimes);
            System.out.printf("| %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %d |%n", attrs, fdCount, seeds,
                    keyTimes[seeds / 2] / 1e6, keyTimes[seeds - 1] / 1e6, fullTimes[seeds / 2] / 1e6,
                    fullTimes[seeds - 1] / 1e6, maxKeys);
        }
    }

    /** Left sides of 1–3 attributes, right sides of 1–2, uniformly over the attributes. */
    public static Relation random(int attrs, int fdCount, long seed) {
        Random rnd = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < attrs; i++) {
            names.add("a" + i);
        }
        List<Fd> fds = new ArrayList<>();
        for (int i = 0; i < fdCount; i++) {
            long lhs = 0;
            int lhsSize = 1 + rnd.nextInt(3);
            while (Long.bitCount(lhs) < lhsSize) {
                lhs |= 1L << rnd.nextInt(attrs);
            }
            long rhs = 0;
            int rhsSize = 1 + rnd.nextInt(2);
            while (Long.bitCount(rhs & ~lhs) < rhsSize) {
                rhs |= 1L << rnd.nextInt(attrs);
            }
            fds.add(new Fd(lhs, rhs & ~lhs));
        }
        return new Relation("R", names, fds);
    }
}

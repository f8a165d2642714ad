package io.dbagent.design.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovers the minimal functional dependencies that hold in a table's rows with TANE (Huhtala, Kärkkäinen, Porkka,
 * Toivonen 1999): a level-wise walk of the attribute-set lattice over stripped partitions, with the right-hand-side
 * candidate sets C+ pruning FDs that cannot be minimal and superkeys pruning their supersets. With a g3 error
 * threshold above 0 it finds approximate FDs (those that hold after deleting at most that fraction of rows).
 */
public final class Tane {

    /** A discovered FD {@code lhs -> rhs} (one attribute) and its g3 error (0 when exact). */
    public record Found(long lhs, int rhs, double error) {
    }

    private final int n;
    private final int attributes;
    private final long all;
    private final double maxError;
    private final int maxLhs;
    private final int[] mark;
    private final int[] scratch;
    private final List<Found> found = new ArrayList<>();

    private Tane(int rows, int attributes, double maxError, int maxLhs) {
        this.n = rows;
        this.attributes = attributes;
        this.all = attributes == 64 ? -1L : (1L << attributes) - 1;
        this.maxError = maxError;
        this.maxLhs = maxLhs <= 0 ? attributes : maxLhs;
        this.mark = new int[rows];
        java.util.Arrays.fill(mark, -1);
        this.scratch = new int[rows];
    }

    /**
     * @param codes    per attribute, the value code of each row (equal values, NULL included, share a code)
     * @param distinct per attribute, the number of codes
     * @param maxError largest accepted g3 error, as a fraction of rows; 0 for exact FDs
     * @param maxLhs   longest left-hand side to search, 0 for no limit
     */
    public static List<Found> discover(int[][] codes, int[] distinct, int rows, double maxError, int maxLhs) {
        Tane t = new Tane(rows, codes.length, maxError, maxLhs);
        t.run(codes, distinct);
        return t.found;
    }

    private void run(int[][] codes, int[] distinct) {
        Map<Long, Partition> previous = new HashMap<>();
        previous.put(0L, Partition.whole(n));
        Map<Long, Long> cplusPrevious = new HashMap<>();
        cplusPrevious.put(0L, all);
        Map<Long, Partition> level = new LinkedHashMap<>();
        for (int a = 0; a < attributes; a++) {
            level.put(1L << a, Partition.of(codes[a], distinct[a]));
        }
        int size = 1;
        while (!level.isEmpty()) {
            Map<Long, Long> cplus = computeDependencies(level, previous, cplusPrevious);
            prune(level, cplus);
            if (size > maxLhs) {
                break;
            }
            Map<Long, Partition> next = nextLevel(level);
            previous = level;
            cplusPrevious = cplus;
            level = next;
            size++;
        }
    }

    private Map<Long, Long> computeDependencies(Map<Long, Partition> level, Map<Long, Partition> previous,
                                                Map<Long, Long> cplusPrevious) {
        Map<Long, Long> cplus = new HashMap<>();
        for (long x : level.keySet()) {
            long c = all;
            for (long rest = x; rest != 0; rest &= rest - 1) {
                long a = Long.lowestOneBit(rest);
                c &= cplusPrevious.getOrDefault(x & ~a, 0L);
            }
            cplus.put(x, c);
        }
        for (Map.Entry<Long, Partition> e : level.entrySet()) {
            long x = e.getKey();
            long c = cplus.get(x);
            for (long candidates = x & c; candidates != 0; candidates &= candidates - 1) {
                long a = Long.lowestOneBit(candidates);
                Partition lhs = previous.get(x & ~a);
                if (lhs == null) {
                    continue;
                }
                boolean exact = lhs.error() == e.getValue().error();
                double err = exact ? 0 : maxError > 0 ? (double) lhs.g3(e.getValue(), scratch) / n : 1;
                if (exact || err <= maxError) {
                    found.add(new Found(x & ~a, Long.numberOfTrailingZeros(a), err));
                    c &= ~a;
                    if (exact) {
                        c &= x;
                    }
                }
            }
            cplus.put(x, c);
        }
        return cplus;
    }

    private void prune(Map<Long, Partition> level, Map<Long, Long> cplus) {
        List<Long> drop = new ArrayList<>();
        for (Map.Entry<Long, Partition> e : level.entrySet()) {
            long x = e.getKey();
            long c = cplus.get(x);
            if (c == 0) {
                drop.add(x);
                continue;
            }
            if (e.getValue().error() == 0) {
                for (long rest = c & ~x; rest != 0; rest &= rest - 1) {
                    long a = Long.lowestOneBit(rest);
                    long inAll = all;
                    for (long bs = x; bs != 0; bs &= bs - 1) {
                        long b = Long.lowestOneBit(bs);
                        inAll &= cplus.getOrDefault((x | a) & ~b, 0L);
                    }
                    if ((inAll & a) != 0) {
                        found.add(new Found(x, Long.numberOfTrailingZeros(a), 0));
                    }
                }
                if (maxError == 0) {
                    drop.add(x);
                } else {
                    // an approximate FD may still need this superkey's supersets (its left side is no exact key),
                    // so keep it, but as X -> everything holds exactly, only attributes of X stay candidates
                    cplus.put(x, c & x);
                    if ((c & x) == 0) {
                        drop.add(x);
                    }
                }
            }
        }
        drop.forEach(level::remove);
    }

    /** Joins sets that differ only in their highest attribute, keeping those whose every subset survived. */
    private Map<Long, Partition> nextLevel(Map<Long, Partition> level) {
        Map<Long, List<Long>> blocks = new LinkedHashMap<>();
        for (long x : level.keySet()) {
            blocks.computeIfAbsent(x & ~Long.highestOneBit(x), k -> new ArrayList<>()).add(x);
        }
        Map<Long, Partition> next = new LinkedHashMap<>();
        for (List<Long> block : blocks.values()) {
            for (int i = 0; i < block.size(); i++) {
                for (int j = i + 1; j < block.size(); j++) {
                    long y = block.get(i);
                    long z = block.get(j);
                    long x = y | z;
                    boolean subsetsPresent = true;
                    for (long rest = x; rest != 0 && subsetsPresent; rest &= rest - 1) {
                        subsetsPresent = level.containsKey(x & ~Long.lowestOneBit(rest));
                    }
                    if (subsetsPresent) {
                        next.put(x, level.get(y).product(level.get(z), mark));
                    }
                }
            }
        }
        return next;
    }
}

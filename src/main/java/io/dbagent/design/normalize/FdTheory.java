package io.dbagent.design.normalize;

import io.dbagent.DbAgentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The algorithms of dependency theory on bit-set attribute sets: closure, candidate keys, minimal cover, the chase,
 * dependency preservation and BCNF tests of projections. Everything is exact; where a problem is exponential in the
 * worst case (all keys, BCNF of a projection) the search is pruned so ordinary relations answer in milliseconds.
 */
public final class FdTheory {

    /** Guard against relations with astronomically many keys; real schemas have a handful. */
    static final int MAX_KEYS = 100_000;

    private FdTheory() {
    }

    /** The attribute closure X+ under {@code fds}. */
    public static long closure(long x, List<Fd> fds) {
        long c = x;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Fd fd : fds) {
                if ((fd.lhs() & ~c) == 0 && (fd.rhs() & ~c) != 0) {
                    c |= fd.rhs();
                    changed = true;
                }
            }
        }
        return c;
    }

    public static boolean implies(List<Fd> fds, Fd fd) {
        return (fd.rhs() & ~closure(fd.lhs(), fds)) == 0;
    }

    /**
     * Shrinks {@code superkey} to a minimal set whose closure still covers {@code target}, never dropping the
     * attributes in {@code keep} (those that are in every key anyway). Drops attributes from the highest bit down,
     * so the result is deterministic.
     */
    public static long minimize(long superkey, long target, long keep, List<Fd> fds) {
        long k = superkey;
        for (int i = 63; i >= 0; i--) {
            long bit = 1L << i;
            if ((k & bit) != 0 && (keep & bit) == 0 && (target & ~closure(k & ~bit, fds)) == 0) {
                k &= ~bit;
            }
        }
        return k;
    }

    /**
     * All candidate keys of a relation whose attributes are {@code all}, by Lucchesi and Osborn's algorithm: from one
     * key K, every FD X -> Y gives the superkey X ∪ (K − Y); minimising those that contain no known key finds every
     * key, in time polynomial in the number of keys. Attributes on no right-hand side are in every key and attributes
     * only on right-hand sides are in none, which keeps the minimisations short.
     */
    public static List<Long> candidateKeys(long all, List<Fd> fds) {
        long onRight = 0;
        long onLeft = 0;
        for (Fd fd : fds) {
            onRight |= fd.rhs() & ~fd.lhs();
            onLeft |= fd.lhs();
        }
        long core = all & ~onRight;
        if ((all & ~closure(core, fds)) == 0) {
            return List.of(core);
        }
        long never = onRight & ~onLeft;
        List<Long> keys = new ArrayList<>();
        keys.add(minimize(all & ~never, all, core, fds));
        for (int i = 0; i < keys.size(); i++) {
            long k = keys.get(i);
            for (Fd fd : fds) {
                long s = (fd.lhs() | (k & ~fd.rhs())) & all;
                if (!containsKey(keys, s)) {
                    keys.add(minimize(s, all, core, fds));
                    if (keys.size() > MAX_KEYS) {
                        throw DbAgentException.badInput("relation has more than " + MAX_KEYS
                                + " candidate keys; refusing to list them all");
                    }
                }
            }
        }
        keys.sort(Comparator.comparingInt(Long::bitCount).thenComparing(Long::compareUnsigned));
        return keys;
    }

    private static boolean containsKey(List<Long> keys, long s) {
        for (long k : keys) {
            if ((k & ~s) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A minimal cover: single-attribute right-hand sides, no extraneous left-hand attribute, no redundant FD. The
     * result depends on the input order only in which of several equivalent covers is chosen; it is deterministic.
     */
    public static List<Fd> minimalCover(List<Fd> fds) {
        List<Fd> g = new ArrayList<>();
        for (Fd fd : fds) {
            long rhs = fd.rhs() & ~fd.lhs();
            for (int i = 0; i < 64; i++) {
                long bit = 1L << i;
                if ((rhs & bit) != 0) {
                    Fd single = new Fd(fd.lhs(), bit);
                    if (!g.contains(single)) {
                        g.add(single);
                    }
                }
            }
        }
        for (int j = 0; j < g.size(); j++) {
            Fd fd = g.get(j);
            long lhs = fd.lhs();
            for (int i = 63; i >= 0; i--) {
                long bit = 1L << i;
                if ((lhs & bit) != 0 && Long.bitCount(lhs) > 1 && (fd.rhs() & ~closure(lhs & ~bit, g)) == 0) {
                    lhs &= ~bit;
                }
            }
            g.set(j, new Fd(lhs, fd.rhs()));
        }
        List<Fd> distinct = new ArrayList<>();
        for (Fd fd : g) {
            if (!distinct.contains(fd)) {
                distinct.add(fd);
            }
        }
        g = distinct;
        for (int j = g.size() - 1; j >= 0; j--) {
            Fd fd = g.remove(j);
            if (!implies(g, fd)) {
                g.add(j, fd);
            }
        }
        g.sort(Comparator.comparing(Fd::lhs, Long::compareUnsigned).thenComparing(Fd::rhs, Long::compareUnsigned));
        return g;
    }

    /** The canonical cover: a minimal cover with the FDs that share a left-hand side merged. */
    public static List<Fd> canonical(List<Fd> minimalCover) {
        Map<Long, Long> byLhs = new LinkedHashMap<>();
        for (Fd fd : minimalCover) {
            byLhs.merge(fd.lhs(), fd.rhs(), (a, b) -> a | b);
        }
        List<Fd> out = new ArrayList<>();
        byLhs.forEach((l, r) -> out.add(new Fd(l, r)));
        return out;
    }

    /**
     * The chase test for a lossless join: a tableau row per component, distinguished symbol 0 where the component
     * has the attribute; equate symbols while an FD's left side agrees; lossless iff a row becomes all distinguished.
     */
    public static boolean losslessByChase(int attributeCount, List<Long> components, List<Fd> fds) {
        int rows = components.size();
        int[][] t = new int[rows][attributeCount];
        for (int r = 0; r < rows; r++) {
            for (int a = 0; a < attributeCount; a++) {
                t[r][a] = (components.get(r) & (1L << a)) != 0 ? 0 : 1 + r * attributeCount + a;
            }
        }
        List<Fd> singles = minimalCover(fds);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Fd fd : singles) {
                int a = Long.numberOfTrailingZeros(fd.rhs());
                for (int r1 = 0; r1 < rows; r1++) {
                    for (int r2 = r1 + 1; r2 < rows; r2++) {
                        if (t[r1][a] != t[r2][a] && agree(t[r1], t[r2], fd.lhs(), attributeCount)) {
                            int keep = Math.min(t[r1][a], t[r2][a]);
                            int drop = Math.max(t[r1][a], t[r2][a]);
                            for (int[] row : t) {
                                if (row[a] == drop) {
                                    row[a] = keep;
                                }
                            }
                            changed = true;
                        }
                    }
                }
            }
        }
        for (int[] row : t) {
            boolean allDistinguished = true;
            for (int v : row) {
                allDistinguished &= v == 0;
            }
            if (allDistinguished) {
                return true;
            }
        }
        return false;
    }

    private static boolean agree(int[] r1, int[] r2, long lhs, int n) {
        for (int a = 0; a < n; a++) {
            if ((lhs & (1L << a)) != 0 && r1[a] != r2[a]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code fd} follows from the FDs that hold within the components, without computing those projections:
     * grow Z = X by (Z ∩ Ri)+ ∩ Ri over every component until it stops changing.
     */
    public static boolean preserved(Fd fd, List<Long> components, List<Fd> fds) {
        long z = fd.lhs();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (long ri : components) {
                long add = closure(z & ri, fds) & ri & ~z;
                if (add != 0) {
                    z |= add;
                    changed = true;
                }
            }
        }
        return (fd.rhs() & ~z) == 0;
    }

    /**
     * A BCNF violation within the projection of the relation onto {@code component}: a set X ⊆ component whose
     * closure adds attributes of the component without covering it. Closures within a projection equal closures
     * under F intersected with the component, so no projected FDs are computed. The left-hand sides of F are tried
     * first; otherwise subsets are enumerated smallest first, skipping supersets of superkeys.
     *
     * @return the violating left-hand side, or -1 when the projection is in BCNF (0 is a valid empty left side)
     */
    public static long bcnfViolation(long component, List<Fd> fds) {
        for (Fd fd : fds) {
            if ((fd.lhs() & ~component) == 0 && violates(fd.lhs(), component, fds)) {
                return fd.lhs();
            }
        }
        int[] bits = bitsOf(component);
        int n = bits.length;
        if (n > 26) {
            throw DbAgentException.badInput("a component with " + n
                    + " attributes is too wide for an exhaustive BCNF test of its projection");
        }
        List<Long> superkeys = new ArrayList<>();
        for (int size = 1; size < n; size++) {
            long found = subsetsOfSize(bits, size, component, fds, superkeys);
            if (found != -1) {
                return found;
            }
        }
        return -1;
    }

    private static long subsetsOfSize(int[] bits, int size, long component, List<Fd> fds, List<Long> superkeys) {
        int n = bits.length;
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        while (true) {
            long x = 0;
            for (int i : idx) {
                x |= 1L << bits[i];
            }
            if (!containsKey(superkeys, x)) {
                long cl = closure(x, fds) & component;
                if (cl == component) {
                    superkeys.add(x);
                } else if (cl != x) {
                    return x;
                }
            }
            int p = size - 1;
            while (p >= 0 && idx[p] == n - size + p) {
                p--;
            }
            if (p < 0) {
                return -1;
            }
            idx[p]++;
            for (int i = p + 1; i < size; i++) {
                idx[i] = idx[i - 1] + 1;
            }
        }
    }

    private static boolean violates(long x, long component, List<Fd> fds) {
        long cl = closure(x, fds) & component;
        return cl != component && (cl & ~x) != 0;
    }

    static int[] bitsOf(long mask) {
        int[] out = new int[Long.bitCount(mask)];
        int k = 0;
        for (int i = 0; i < 64; i++) {
            if ((mask & (1L << i)) != 0) {
                out[k++] = i;
            }
        }
        return out;
    }
}

package io.dbagent.design.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * Independent, exhaustive versions of the theory for the tests: a naive closure, keys by enumerating every subset,
 * and the normal form of a projection decided from all projected FDs. Slow on purpose, so it can be trusted.
 */
final class BruteForce {

    private BruteForce() {
    }

    static long closure(long x, List<Fd> fds) {
        long c = x;
        for (int round = 0; round < 64; round++) {
            long before = c;
            for (Fd fd : fds) {
                if ((fd.lhs() & c) == fd.lhs()) {
                    c |= fd.rhs();
                }
            }
            if (c == before) {
                break;
            }
        }
        return c;
    }

    /** Every minimal X ⊆ component with X+ ⊇ component: one closure per subset, then a table lookup per bit. */
    static List<Long> keys(long component, List<Fd> fds) {
        int[] bits = FdTheory.bitsOf(component);
        int n = bits.length;
        boolean[] superkey = new boolean[1 << n];
        for (int s = 0; s < (1 << n); s++) {
            superkey[s] = (closure(spread(s, bits), fds) & component) == component;
        }
        List<Long> keys = new ArrayList<>();
        for (int s = 0; s < (1 << n); s++) {
            if (!superkey[s]) {
                continue;
            }
            boolean minimal = true;
            for (int i = 0; i < n && minimal; i++) {
                if ((s & (1 << i)) != 0 && superkey[s & ~(1 << i)]) {
                    minimal = false;
                }
            }
            if (minimal) {
                keys.add(spread(s, bits));
            }
        }
        return keys;
    }

    /** The highest normal form of the projection onto {@code component}, from every projected FD X -> A. */
    static NormalForm normalForm(long component, List<Fd> fds) {
        List<Long> keys = keys(component, fds);
        long prime = 0;
        for (long k : keys) {
            prime |= k;
        }
        int[] bits = FdTheory.bitsOf(component);
        boolean bcnf = true;
        boolean nf3 = true;
        boolean nf2 = true;
        for (long s = 0; s < (1L << bits.length); s++) {
            long x = spread(s, bits);
            long implied = closure(x, fds) & component & ~x;
            if (implied == 0) {
                continue;
            }
            boolean superkey = (closure(x, fds) & component) == component;
            if (superkey) {
                continue;
            }
            bcnf = false;
            long nonPrime = implied & ~prime;
            if (nonPrime != 0) {
                nf3 = false;
                long fx = x;
                if (keys.stream().anyMatch(k -> (fx & ~k) == 0 && k != fx)) {
                    nf2 = false;
                }
            }
        }
        return !nf2 ? NormalForm.NF1 : !nf3 ? NormalForm.NF2 : !bcnf ? NormalForm.NF3 : NormalForm.BCNF;
    }

    private static long spread(long s, int[] bits) {
        long x = 0;
        for (int i = 0; i < bits.length; i++) {
            if ((s & (1L << i)) != 0) {
                x |= 1L << bits[i];
            }
        }
        return x;
    }
}

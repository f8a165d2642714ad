package io.dbagent.design.normalize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** TANE against an exhaustive check of every FD on small random tables, exact and approximate. */
class TaneTest {

    /** Every minimal X -> A (A not in X) that holds with at most maxBad rows to delete (g3), by brute force. */
    static Set<String> bruteForce(int[][] codes, int rows, int maxBad) {
        int m = codes.length;
        Set<String> out = new HashSet<>();
        for (int a = 0; a < m; a++) {
            for (long x = 0; x < (1L << m); x++) {
                if ((x & (1L << a)) != 0 || g3(codes, rows, x, a) > maxBad) {
                    continue;
                }
                boolean minimal = true;
                for (int b = 0; b < m && minimal; b++) {
                    if ((x & (1L << b)) != 0 && g3(codes, rows, x & ~(1L << b), a) <= maxBad) {
                        minimal = false;
                    }
                }
                if (minimal) {
                    out.add(x + "->" + a);
                }
            }
        }
        return out;
    }

    /** Rows to delete so X -> A holds: per X-group, its size minus its most common A value's count. */
    private static int g3(int[][] codes, int rows, long x, int a) {
        Map<String, Map<Integer, Integer>> groups = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < codes.length; c++) {
                if ((x & (1L << c)) != 0) {
                    key.append(codes[c][r]).append(',');
                }
            }
            groups.computeIfAbsent(key.toString(), k -> new HashMap<>()).merge(codes[a][r], 1, Integer::sum);
        }
        int bad = 0;
        for (Map<Integer, Integer> g : groups.values()) {
            int total = g.values().stream().mapToInt(Integer::intValue).sum();
            int max = g.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            bad += total - max;
        }
        return bad;
    }

    private static Set<String> tane(int[][] codes, int[] distinct, int rows, double err) {
        Set<String> out = new HashSet<>();
        for (Tane.Found f : Tane.discover(codes, distinct, rows, err, 0)) {
            assertThat(out.add(f.lhs() + "->" + f.rhs())).as("reported once: " + f).isTrue();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void exactFdsEqualBruteForce(int seed) {
        Random rnd = new Random(seed);
        int m = 4 + rnd.nextInt(4);
        int rows = 5 + rnd.nextInt(40);
        int[][] codes = new int[m][rows];
        int[] distinct = new int[m];
        for (int c = 0; c < m; c++) {
            distinct[c] = 1 + rnd.nextInt(c % 3 == 0 ? 3 : 8);
            for (int r = 0; r < rows; r++) {
                codes[c][r] = rnd.nextInt(distinct[c]);
            }
        }
        // plant a dependency so not everything is noise
        for (int r = 0; r < rows; r++) {
            codes[m - 1][r] = (codes[0][r] * 3 + codes[1][r]) % distinct[m - 1];
        }
        assertThat(tane(codes, distinct, rows, 0)).isEqualTo(bruteForce(codes, rows, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void approximateFdsEqualBruteForce(int seed) {
        Random rnd = new Random(100 + seed);
        int m = 5;
        int rows = 40;
        int[][] codes = new int[m][rows];
        int[] distinct = {6, 4, 3, 5, 4};
        for (int c = 0; c < m; c++) {
            for (int r = 0; r < rows; r++) {
                codes[c][r] = rnd.nextInt(distinct[c]);
            }
        }
        for (int r = 0; r < rows; r++) {
            codes[2][r] = r % 10 == 0 ? rnd.nextInt(3) : codes[0][r] % 3; // A0 -> A2 with about 10 % noise
        }
        double err = 0.1;
        assertThat(tane(codes, distinct, rows, err)).isEqualTo(bruteForce(codes, rows, (int) Math.floor(err * rows)));
    }

    @Test
    void constantColumnsAndKeys() {
        int[][] codes = {{0, 1, 2, 3}, {5, 5, 5, 5}, {0, 0, 1, 1}};
        Set<String> got = tane(codes, new int[] {4, 6, 2}, 4, 0);
        assertThat(got).isEqualTo(bruteForce(codes, 4, 0)).contains("0->1", "1->2");
        assertThat(List.copyOf(got)).hasSize(2);
    }
}

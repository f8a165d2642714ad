package io.dbagent.bench;

import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.PlantedTable;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;

import java.util.HashSet;
import java.util.Set;

/**
 * Benchmark for {@code bench/fd-discovery.sh}: FD discovery on the planted 100K-row table on each engine (a fresh
 * database each, dropped afterwards). Prints a Markdown row per engine: rows, time to read and discover (median of
 * the runs after one warm-up), and whether exactly the planted FDs came out.
 */
public final class FdDiscoveryBench {

    private FdDiscoveryBench() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (DialectKind d : DialectKind.values()) {
            DbUrl url = TestDatabases.create(d, "bench_fd");
            try {
                PlantedTable.create(url, "orders_flat", rows, 42);
                long[] times = new long[runs];
                boolean exact = true;
                for (int i = -1; i < runs; i++) {
                    try (DbSession s = ConnectionFactory.open(url)) {
                        long t0 = System.nanoTime();
                        FdDiscovery.Result r = FdDiscovery.discover(s, "orders_flat", new FdDiscovery.Options(null, 0, 0));
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        Set<String> got = new HashSet<>();
                        r.dependencies().forEach(f -> got.add(String.join(",", f.lhs()) + "->" + f.rhs()));
                        exact &= got.equals(PlantedTable.EXPECTED);
                        if (i >= 0) {
                            times[i] = ms;
                        }
                    }
                }
                java.util.Arrays.sort(times);
                System.out.printf("| %s | %,d | %d | %d | %s |%n", d, rows, times[runs / 2], times[runs - 1],
                        exact ? "yes (9 of 9)" : "NO");
            } finally {
                TestDatabases.drop(url);
            }
        }
    }
}

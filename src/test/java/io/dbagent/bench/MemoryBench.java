package io.dbagent.bench;

import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Benchmark for {@code bench/memory.sh}: memory search over N entries (default 10,000) in one directory. Prints one
 * Markdown row per way of searching: reading and parsing every entry file per search (what a store without an index
 * does), the first search of a process (no index yet: it reads the files once and writes the index), a search in a
 * process that has searched before (the in-memory index), and the first search of a new process (the persisted
 * index). Median and maximum over the runs, after a JIT warm-up.
 */
public final class MemoryBench {

    private static final String[] WORDS = ("index scan seq join hash merge nested loop vacuum bloat autovacuum "
            + "partition range list btree gin gist brin lock deadlock timeout replica lag wal checkpoint buffer cache "
            + "hit ratio query plan cost estimate statistics analyze histogram orders users payments invoices "
            + "customers products keyset pagination offset limit cursor migration rollback backfill constraint "
            + "foreign unique check default trigger function procedure view materialized refresh").split(" ");

    private MemoryBench() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("dbagent-memory-bench");
        fill(dir, n);
        String query = "keyset pagination orders offset";

        // what a store without an index does on every search: parse every file
        long[] scan = time(runs, () -> {
            List<MemoryEntry> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    all.add(Json.MAPPER.readValue(f.toFile(), MemoryEntry.class));
                }
            }
            if (all.size() != n) {
                throw new IllegalStateException("read " + all.size() + " of " + n);
            }
        });
        deleteIndex(dir);
        MemoryStore.forgetCachedIndexes();
        long t0 = System.nanoTime();
        new MemoryStore(dir).search(query, null, null, 5);
        new MemoryStore(dir).search(query, null, null, 5); // the first writes .index/, the second the index file
        long first = System.nanoTime() - t0;
        // stamps of a quiet directory, as a user's memory is between sessions
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        MemoryStore.forgetCachedIndexes();
        new MemoryStore(dir).search(query, null, null, 5);
        MemoryStore warm = new MemoryStore(dir);
        long[] inProcess = time(runs, () -> warm.search(query, null, null, 5));
        long[] newProcess = time(runs, () -> {
            MemoryStore.forgetCachedIndexes();
            new MemoryStore(dir).search(query, null, null, 5);
        });
        row("parse every entry file (no index)", scan);
        row("first search, no index yet (builds it)", new long[] {first / 2});
        row("search in a process that searched before", inProcess);
        row("first search of a new process (persisted index)", newProcess);
    }

    interface Step {
        void run() throws IOException;
    }

    private static long[] time(int runs, Step step) throws IOException {
        for (int i = 0; i < 3; i++) {
            step.run();
        }
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            step.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t;
    }

    private static void row(String what, long[] t) {
        System.out.printf("| %s | %.1f | %.1f |%n", what, t[t.length / 2] / 1e6, t[t.length - 1] / 1e6);
    }

    /** Adds generated entries to {@code dir} until it holds {@code n} (also used by {@link StartupBench}). */
    static void fill(Path dir, int n) throws IOException {
        long existing;
        try (Stream<Path> files = Files.list(dir)) {
            existing = files.filter(p -> p.toString().endsWith(".json")).count();
        }
        MemoryStore store = new MemoryStore(dir);
        Random rnd = new Random(42);
        for (long i = existing; i < n; i++) {
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                body.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
            }
            store.add(MemoryEntry.KINDS.get((int) (i % MemoryEntry.KINDS.size())),
                    "lesson " + i + " " + WORDS[rnd.nextInt(WORDS.length)] + " " + WORDS[rnd.nextInt(WORDS.length)],
                    body.toString(), List.of(WORDS[rnd.nextInt(WORDS.length)]), i % 2 == 0 ? "postgres" : null, null,
                    "bench");
        }
    }

    private static void deleteIndex(Path dir) throws IOException {
        Path index = dir.resolve(".index");
        if (Files.isDirectory(index)) {
            try (Stream<Path> files = Files.list(index)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(index);
        }
    }
}

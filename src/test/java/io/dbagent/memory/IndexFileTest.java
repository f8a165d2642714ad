package io.dbagent.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IndexFileTest {

    private static final String[] WORDS = ("index indexes indexing scan seq join hash merge vacuum bloat partition "
            + "range btree gin gist lock deadlock timeout replica lag wal checkpoint buffer cache plan cost statistics "
            + "orders users payments keyset pagination offset limit cursor migration rollback backfill constraint "
            + "foreign unique check trigger view refresh the a of and is Rows_Read x1 9").split(" ");
    private static final String[] DIALECTS = {null, "postgres", "mysql", "sqlite"};

    /** Random entries with every kind of field, some sharing an id (a later file hides an earlier one). */
    private static Map<String, MemoryEntry> corpus(Random r, int n) {
        Map<String, MemoryEntry> stored = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = "e-" + (r.nextInt(20) == 0 ? r.nextInt(Math.max(1, i)) : i);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("ms", r.nextInt(1000));
            evidence.put("rows", (long) Integer.MAX_VALUE + r.nextInt(1000));
            evidence.put("ratio", r.nextDouble());
            evidence.put("ok", r.nextBoolean());
            evidence.put("note", words(r, 3));
            evidence.put("big", new java.math.BigInteger("123456789012345678901234567890"));
            List<Object> list = new ArrayList<>();
            list.add(1);
            list.add("two");
            list.add(null);
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("k", null);
            nested.put("v", 2.5);
            list.add(nested);
            evidence.put("list", list);
            MemoryEntry e = new MemoryEntry(id, MemoryEntry.KINDS.get(r.nextInt(MemoryEntry.KINDS.size())),
                    words(r, 1 + r.nextInt(6)), words(r, r.nextInt(60)) + "\nsécond line ✓",
                    List.of(words(r, 1), words(r, 2)), DIALECTS[r.nextInt(DIALECTS.length)],
                    r.nextInt(4) == 0 ? null : evidence,
                    r.nextInt(30) == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + r.nextInt(1_000_000), r.nextInt(1_000_000_000)),
                    r.nextBoolean() ? "user" : "advise", r.nextInt(5) == 0 ? r.nextInt(40) : 0);
            stored.put(String.format("f%05d.json", i), e);
        }
        return stored;
    }

    private static String words(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : r.nextInt(8) == 0 ? ", " : " ").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    private static Snapshot snapshot(Map<String, MemoryEntry> stored, List<MemoryEntry> seeds) {
        Map<String, Snapshot.FileStamp> files = new HashMap<>();
        stored.keySet().forEach(f -> files.put(f, new Snapshot.FileStamp(f.length() * 10L, 1_000L + f.hashCode())));
        files.put("broken.json", new Snapshot.FileStamp(3, 4));
        return Snapshot.of(123_456L, 789_012L, files, stored, List.of("broken.json: no"), 0, Map.of(), seeds);
    }

    @Test
    void rankingFromTheFileIsIdenticalToTheRankingBeforeTheFileExisted() throws Exception {
        Random r = new Random(42);
        List<MemoryEntry> seeds = Seeds.shipped().entries();
        Snapshot built = snapshot(corpus(r, 2_000), seeds);
        Snapshot decoded = IndexFile.decode(IndexFile.encode(built, 7L), 7L);
        assertThat(decoded).isNotNull();
        LegacyBm25Ranker legacy = new LegacyBm25Ranker(built.baseEntries());
        Map<String, Integer> logged = new HashMap<>();
        for (MemoryEntry e : built.baseEntries()) {
            if (r.nextInt(10) == 0) {
                logged.put(e.id(), 1 + r.nextInt(9));
            }
        }
        int compared = 0;
        for (int i = 0; i < 300; i++) {
            String query = i % 50 == 0 ? "the of and" : words(r, 1 + r.nextInt(4)) + (i % 7 == 0 ? " nosuchterm" : "");
            String dialect = DIALECTS[r.nextInt(DIALECTS.length)];
            String kind = r.nextInt(3) == 0 ? MemoryEntry.KINDS.get(r.nextInt(MemoryEntry.KINDS.size())) : null;
            int limit = 1 + r.nextInt(30);
            List<MemoryEntry> old = legacy.rank(query, dialect, limit,
                    e -> kind == null || e.kind().equalsIgnoreCase(kind),
                    e -> e.uses() + logged.getOrDefault(e.id(), 0));
            Bm25Ranker.Uses uses = (id, stored) -> stored + logged.getOrDefault(id, 0);
            java.util.function.Predicate<String> kinds = k -> kind == null || k.equalsIgnoreCase(kind);
            assertThat(built.ranker().rank(query, dialect, limit, kinds, uses)).as(query).isEqualTo(old);
            assertThat(decoded.ranker().rank(query, dialect, limit, kinds, uses)).as(query).isEqualTo(old);
            compared += old.size();
        }
        assertThat(compared).isGreaterThan(1_500);
    }

    @Test
    void theFileHoldsTheEntriesFilesAndProblemsAsTheyWere() throws Exception {
        Random r = new Random(7);
        Map<String, MemoryEntry> stored = corpus(r, 500);
        List<MemoryEntry> seeds = Seeds.shipped().entries();
        Snapshot built = snapshot(stored, seeds);
        Snapshot decoded = IndexFile.decode(IndexFile.encode(built, 7L), 7L);
        assertThat(decoded.dirMillis()).isEqualTo(123_456L);
        assertThat(decoded.listedAt()).isEqualTo(789_012L);
        assertThat(decoded.problems()).containsExactly("broken.json: no");
        assertThat(decoded.files()).isEqualTo(built.files()).containsKey("broken.json");
        assertThat(decoded.stored()).isEqualTo(stored);
        assertThat(decoded.baseEntries()).isEqualTo(built.baseEntries());
        assertThat(decoded.baseEntries().size()).isLessThan(stored.size() + seeds.size()); // hidden ids are kept apart
        // written again from the decoded form (as when only the stamp changed), it holds the same
        Snapshot again = IndexFile.decode(IndexFile.encode(decoded.restamped(5L, 6L), 7L), 7L);
        assertThat(again.dirMillis()).isEqualTo(5L);
        assertThat(again.stored()).isEqualTo(stored);
        assertThat(again.baseEntries()).isEqualTo(built.baseEntries());
        assertThat(again.ranker().rank("index orders", null, 50, k -> true, (id, u) -> u))
                .isEqualTo(built.ranker().rank("index orders", null, 50, k -> true, (id, u) -> u)).hasSize(50);
    }

    @Test
    void aDamagedTruncatedOrForeignFileIsRefusedNeverHalfRead() throws Exception {
        Snapshot built = snapshot(corpus(new Random(3), 200), List.of());
        byte[] good = IndexFile.encode(built, 7L);
        assertThat(IndexFile.decode(good, 7L)).isNotNull();
        assertThat(IndexFile.decode(good, 8L)).as("other seeds").isNull();
        for (int at : new int[]{0, 5, 100, good.length / 2, good.length - 9, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            assertThat(IndexFile.decode(bad, 7L)).as("byte " + at + " flipped").isNull();
        }
        assertThat(IndexFile.decode(java.util.Arrays.copyOf(good, good.length - 1), 7L)).isNull();
        assertThat(IndexFile.decode(new byte[0], 7L)).isNull();
        assertThat(IndexFile.decode("{\"version\":1}".getBytes(), 7L)).isNull();
    }

    @Test
    void aNewProcessSearchesFromTheFileAndRebuildsItWhenItIsDamaged(@TempDir Path dir) throws Exception {
        MemoryStore store = new MemoryStore(dir);
        MemoryEntry a = store.add("pattern", "zeta keyset pagination", "use keyset", List.of("paging"), null,
                Map.of("ms", 12, "nested", Map.of("x", List.of(1, 2))), "user");
        store.all();
        store.all();
        Path index = dir.resolve(MemoryIndex.INDEX_DIR).resolve(IndexFile.NAME);
        Path old = dir.resolve(MemoryIndex.INDEX_DIR).resolve(MemoryIndex.OLD_INDEX_FILE);
        assertThat(index).exists();
        // a quiet directory: a new process trusts the file, and decodes the entry it returns with its evidence
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        MemoryStore.forgetCachedIndexes();
        store.all();
        Files.writeString(old, "{\"version\":1}"); // left by an older dbagent
        MemoryStore.forgetCachedIndexes();
        List<MemoryEntry> hits = new MemoryStore(dir).search("keyset paging", null, null, 1);
        assertThat(hits).extracting(MemoryEntry::id).containsExactly(a.id());
        assertThat(hits.get(0).evidence()).isEqualTo(Map.of("ms", 12, "nested", Map.of("x", List.of(1, 2))));
        // garbage in the file: rebuilt from the entries, searched all the same, and the old JSON index removed
        Files.write(index, new byte[]{1, 2, 3});
        MemoryStore.forgetCachedIndexes();
        assertThat(new MemoryStore(dir).search("keyset paging", null, null, 1)).extracting(MemoryEntry::id)
                .containsExactly(a.id());
        assertThat(IndexFile.decode(Files.readAllBytes(index), Seeds.shipped().hash())).isNotNull();
        assertThat(old).doesNotExist();
    }
}

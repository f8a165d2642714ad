package io.dbagent.memory;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryStoreTest {

    @Test
    void shipsAtLeastFortyCuratedSeedEntriesOfEveryKind() {
        List<MemoryEntry> seeds = Seeds.shipped().entries();
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(40);
        for (String kind : MemoryEntry.KINDS) {
            assertThat(seeds).filteredOn(e -> e.kind().equals(kind)).as(kind).hasSizeGreaterThanOrEqualTo(5);
        }
        assertThat(seeds).allSatisfy(e -> {
            assertThat(e.id()).startsWith("seed-");
            assertThat(e.title()).isNotBlank();
            assertThat(e.body()).isNotBlank();
            assertThat(e.source()).isEqualTo("seed");
        });
    }

    @Test
    void searchRanksTheRelevantEntryFirstAndPrefersTheDialect(@TempDir Path dir) {
        MemoryStore store = new MemoryStore(dir);
        store.add("optimization", "Composite index on orders(user_id, status)",
                "Seq scan on 1M orders fixed by CREATE INDEX idx_orders_user_status ON orders (user_id, status): 450 ms -> 12 ms",
                List.of("index", "orders"), "postgres", Map.of("beforeMs", 450, "afterMs", 12), "advise");
        List<MemoryEntry> hits = store.search("orders user_id status index slow", null, "postgres", 3);
        assertThat(hits.get(0).title()).isEqualTo("Composite index on orders(user_id, status)");
        assertThat(hits.get(0).evidence()).containsEntry("afterMs", 12);
        List<MemoryEntry> keyset = store.search("pagination offset keyset", null, null, 3);
        assertThat((keyset.get(0).title() + " " + keyset.get(0).tags()).toLowerCase()).contains("keyset");
        List<MemoryEntry> onlyBench = store.search("index", "benchmark", null, 10);
        assertThat(onlyBench).allMatch(e -> e.kind().equals("benchmark"));
    }

    @Test
    void searchCountsUsesAndUsefulEntriesRiseInTheRanking(@TempDir Path dir) {
        MemoryStore store = new MemoryStore(dir);
        MemoryEntry a = store.add("pattern", "alpha widget rule", "widget", null, null, null, "user");
        store.search("widget", null, null, 1);
        store.search("widget", null, null, 1);
        assertThat(store.get(a.id()).orElseThrow().uses()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void corruptFilesAreReportedAndSkippedNeverDeleted(@TempDir Path dir) throws Exception {
        MemoryStore store = new MemoryStore(dir);
        store.add("pattern", "good entry", "fine", null, null, null, "user");
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"id\": \"broken\", \"kind\": ");
        List<MemoryEntry> all = store.all();
        assertThat(all).extracting(MemoryEntry::title).contains("good entry");
        assertThat(store.problems()).hasSize(1).allMatch(p -> p.contains("broken.json"));
        assertThat(bad).exists().hasContent("{\"id\": \"broken\", \"kind\": ");
    }

    @Test
    void badInputIsRefused(@TempDir Path dir) {
        MemoryStore store = new MemoryStore(dir);
        assertThatThrownBy(() -> store.add("gossip", "t", "b", null, null, null, "user"))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("unknown memory kind 'gossip'");
        assertThatThrownBy(() -> store.add("pattern", " ", "b", null, null, null, "user"))
                .hasMessageContaining("needs a title");
    }

    @Test
    void twoProcessesWritingAtOnceLoseNothing(@TempDir Path dir) throws Exception {
        MemoryStore store = new MemoryStore(dir);
        MemoryEntry shared = store.add("pattern", "shared counter", "bumped by both", null, null, null, "test");
        int perProcess = 40;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        Process p1 = new ProcessBuilder(java, "-cp", cp, MemoryWriterMain.class.getName(), dir.toString(),
                String.valueOf(perProcess), shared.id(), "first").inheritIO().start();
        Process p2 = new ProcessBuilder(java, "-cp", cp, MemoryWriterMain.class.getName(), dir.toString(),
                String.valueOf(perProcess), shared.id(), "second").inheritIO().start();
        assertThat(p1.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p2.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p1.exitValue()).isZero();
        assertThat(p2.exitValue()).isZero();
        List<MemoryEntry> all = new MemoryStore(dir).all();
        assertThat(all).filteredOn(e -> e.title().startsWith("first entry")).hasSize(perProcess);
        assertThat(all).filteredOn(e -> e.title().startsWith("second entry")).hasSize(perProcess);
        assertThat(new MemoryStore(dir).get(shared.id()).orElseThrow().uses()).isEqualTo(2 * perProcess);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void searchingNeverRewritesAnEntryAndUsesGoToTheAppendOnlyLog(@TempDir Path dir) throws Exception {
        MemoryStore store = new MemoryStore(dir);
        MemoryEntry a = store.add("pattern", "gamma gadget rule", "gadget", null, null, null, "user");
        Path file = dir.resolve(a.id() + ".json");
        String before = Files.readString(file);
        var modified = Files.getLastModifiedTime(file);
        List<MemoryEntry> hits = store.search("gadget", null, null, 1);
        store.search("gadget", null, null, 1);
        assertThat(hits).extracting(MemoryEntry::id).containsExactly(a.id());
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(Files.readAllLines(dir.resolve(MemoryStore.USES_LOG))).containsExactly(a.id(), a.id());
        assertThat(store.get(a.id()).orElseThrow().uses()).isEqualTo(2);
        // a new process sees the same count
        MemoryStore.forgetCachedIndexes();
        assertThat(new MemoryStore(dir).get(a.id()).orElseThrow().uses()).isEqualTo(2);
    }

    @Test
    void anUnchangedDirectoryIsServedFromThePersistedIndexAndAChangedOneIsReread(@TempDir Path dir) throws Exception {
        MemoryStore store = new MemoryStore(dir);
        MemoryEntry a = store.add("pattern", "delta original title", "body", null, null, null, "user");
        store.all(); // creates .index/, which changes the directory
        store.all(); // writes the index
        Path index = dir.resolve(".index").resolve(IndexFile.NAME);
        assertThat(index).exists();
        // the directory has been quiet for a while: its stamp alone is trusted
        var quiet = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(dir, quiet);
        MemoryStore.forgetCachedIndexes();
        store.all(); // lists once more (the stamp moved) and persists the quiet stamp
        // the entry file is rewritten in place behind the index's back, and the stamp put back: the index answers
        Path file = dir.resolve(a.id() + ".json");
        Files.writeString(file, Files.readString(file).replace("delta original title", "delta edited title"));
        Files.setLastModifiedTime(dir, quiet);
        MemoryStore.forgetCachedIndexes();
        assertThat(new MemoryStore(dir).get(a.id()).orElseThrow().title()).isEqualTo("delta original title");
        // once the directory changes (any add, remove or rename), the changed file is read again
        Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        assertThat(new MemoryStore(dir).get(a.id()).orElseThrow().title()).isEqualTo("delta edited title");
        // another store in this process sees an add at once
        MemoryEntry b = new MemoryStore(dir).add("pattern", "epsilon added later", "x", null, null, null, "user");
        assertThat(store.search("epsilon", null, null, 5)).extracting(MemoryEntry::id).containsExactly(b.id());
        // a damaged index is only a cache
        Files.writeString(index, "{not json");
        MemoryStore.forgetCachedIndexes();
        assertThat(new MemoryStore(dir).all()).extracting(MemoryEntry::id).contains(a.id(), b.id());
    }
}

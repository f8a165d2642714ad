package io.dbagent.app;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanStoreTest {

    @Test
    void ofManySimultaneousClaimsExactlyOneWins() throws Exception {
        for (int round = 0; round < 50; round++) {
            PlanStore store = new PlanStore();
            String id = store.propose("t", "db", List.of("INSERT INTO t VALUES (1)"), "r").id();
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<String> claim = () -> {
                    start.await();
                    try {
                        store.claim(id);
                        return "won";
                    } catch (DbAgentException e) {
                        return e.getMessage();
                    }
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            pool.shutdown();
            assertThat(outcomes).filteredOn("won"::equals).hasSize(1);
            assertThat(outcomes).filteredOn(o -> !o.equals("won"))
                    .hasSize(threads - 1).allMatch(o -> o.equals("plan " + id + " is being applied"));
            assertThat(store.get(id).orElseThrow().status()).isEqualTo(PlanStore.APPLYING);
        }
    }

    @Test
    void appliedAndFailedPlansAreNeverClaimedAgain() {
        PlanStore store = new PlanStore();
        String ok = store.propose("t", "db", List.of("SELECT 1"), "r").id();
        String bad = store.propose("t", "db", List.of("SELECT 1"), "r").id();
        store.claim(ok);
        store.finish(ok, true);
        store.claim(bad);
        store.finish(bad, false);
        assertThatThrownBy(() -> store.claim(ok)).hasMessage("plan " + ok + " is already applied");
        assertThatThrownBy(() -> store.claim(bad)).hasMessageContaining("already failed");
        assertThat(store.get(bad).orElseThrow().status()).isEqualTo(PlanStore.FAILED);
        assertThat(store.pending()).isEmpty();
        assertThatThrownBy(() -> store.claim("plan-99")).hasMessageContaining("no plan 'plan-99'");
        store.markRejected(ok);
        assertThat(store.get(ok).orElseThrow().status()).as("rejecting cannot undo an application")
                .isEqualTo(PlanStore.APPLIED);
    }

    @Test
    void thePlanKeepsTheStatementsItWasShownWith() {
        List<String> statements = new ArrayList<>(List.of("CREATE INDEX i ON t (a)"));
        PlanStore store = new PlanStore();
        PlanStore.Plan shown = store.propose("t", "db", statements, "r");
        statements.add("DROP TABLE t");
        assertThat(store.claim(shown.id()).statements()).containsExactly("CREATE INDEX i ON t (a)");
        assertThatThrownBy(() -> shown.statements().add("DROP TABLE t")).isInstanceOf(UnsupportedOperationException.class);
    }
}

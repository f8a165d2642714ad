package io.dbagent.migrate;

import io.dbagent.memory.MemoryRecorder;
import io.dbagent.memory.MemoryStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records migration round-trip outcomes as {@code migration-practice} entries, failures with what went wrong. */
public final class MigrationMemory {

    private MigrationMemory() {
    }

    public static void tested(MemoryStore store, TestResult r, String dialect) {
        for (TestResult.MigrationTest m : r.migrations()) {
            boolean ok = m.outcome().equals("ok");
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("outcome", m.outcome());
            evidence.put("problems", m.problems().size());
            String body = ok
                    ? m.script() + " passed the round trip on " + r.scratch() + ": " + String.join(" → ", m.steps())
                    : m.script() + " failed the round trip on " + r.scratch() + ": " + String.join("; ", m.problems());
            MemoryRecorder.record(store, "migration-practice", "Migration " + m.script() + ": " + m.outcome(), body,
                    List.of("migration", "round-trip", ok ? "passed" : "failed"), dialect, evidence, "migrate");
        }
    }
}

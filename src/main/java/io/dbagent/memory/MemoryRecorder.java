package io.dbagent.memory;

import java.util.List;
import java.util.Map;

/**
 * How services leave what they measured in the agent's memory (backup and restore timings, measured index
 * speed-ups, migration test outcomes). Recording is a side effect that must never fail the operation itself, so a
 * problem writing the entry becomes a warning on stderr.
 */
public final class MemoryRecorder {

    private MemoryRecorder() {
    }

    public static void record(MemoryStore store, String kind, String title, String body, List<String> tags,
                              String dialect, Map<String, Object> evidence, String source) {
        if (store == null) {
            return;
        }
        try {
            store.add(kind, title, body, tags, dialect, evidence, source);
        } catch (RuntimeException e) {
            System.err.println("dbagent: warning: could not record in memory " + store.dir() + ": " + e.getMessage());
        }
    }
}

package io.dbagent.memory;

import java.nio.file.Path;
import java.util.List;

/** Child process of {@link MemoryStoreTest}: adds entries and bumps a shared entry's use count. */
public final class MemoryWriterMain {

    private MemoryWriterMain() {
    }

    public static void main(String[] args) {
        MemoryStore store = new MemoryStore(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        String shared = args[2];
        for (int i = 0; i < n; i++) {
            store.add("benchmark", args[3] + " entry " + i, "written by " + args[3], List.of("concurrency"), null, null, "test");
            store.recordUse(shared);
        }
    }
}

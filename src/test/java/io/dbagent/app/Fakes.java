package io.dbagent.app;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Stand-ins for the application layer's collaborators in tests that run without a database. */
final class Fakes {

    /** A clock stopped at 2026-01-02T03:04:05Z. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private Fakes() {
    }

    /** A session source that names a target but fails the test if anything opens a session on it. */
    static SessionSource noSessions(String target) {
        return new SessionSource() {
            @Override
            public DbSession open(ConnectionFactory.Access access) {
                throw new AssertionError("no session may be opened in this test (asked for " + access + ")");
            }

            @Override
            public String describe() {
                return target;
            }
        };
    }

    /** The entries written into the memory directory {@code dir} (the seed entries shipped in the jar left out). */
    static List<MemoryEntry> recorded(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<MemoryEntry> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(Json.MAPPER.readValue(f.toFile(), MemoryEntry.class));
            }
            return out;
        }
    }
}

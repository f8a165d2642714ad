package io.dbagent.memory;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One thing the agent learned or was taught.
 *
 * @param id        stable id (file name without {@code .json})
 * @param kind      {@code pattern}, {@code optimization}, {@code index-strategy}, {@code migration-practice}, {@code benchmark}
 * @param title     one line
 * @param body      the lesson, with SQL where it helps
 * @param tags      search keywords
 * @param dialect   {@code postgres}, {@code mysql}, {@code sqlite}, or null when it applies to all
 * @param evidence  numbers behind it (timings, sizes, row counts)
 * @param createdAt when it was recorded
 * @param source    {@code seed}, {@code user}, {@code agent}, or the service that recorded it ({@code advise}, {@code backup}, …)
 * @param uses      how often search results led to it being shown; ranks useful entries higher
 */
@JsonPropertyOrder({"id", "kind", "title", "body", "tags", "dialect", "evidence", "createdAt", "source", "uses"})
public record MemoryEntry(String id, String kind, String title, String body, List<String> tags, String dialect,
                          Map<String, Object> evidence, Instant createdAt, String source, int uses) {

    public static final List<String> KINDS = List.of("pattern", "optimization", "index-strategy", "migration-practice",
            "benchmark");

    public MemoryEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    MemoryEntry withUses(int newUses) {
        return new MemoryEntry(id, kind, title, body, tags, dialect, evidence, createdAt, source, newUses);
    }
}

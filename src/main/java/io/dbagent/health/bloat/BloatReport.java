package io.dbagent.health.bloat;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dbagent bloat} result: every table and index with its real size and wasted space, most wasted bytes
 * first, plus what could not be measured and why.
 *
 * @param target  the redacted database URL
 * @param product engine and version
 * @param entries tables, indexes (and the SQLite file), ordered by wasted bytes
 * @param skipped what was not measured → why
 */
@JsonPropertyOrder({"command", "target", "product", "totalWastedBytes", "entries", "skipped"})
public record BloatReport(String target, String product, List<BloatEntry> entries, Map<String, String> skipped) {

    public BloatReport {
        entries = entries.stream()
                .sorted(Comparator.comparingLong(BloatEntry::wastedBytes).reversed()
                        .thenComparing(Comparator.comparingLong(BloatEntry::sizeBytes).reversed())
                        .thenComparing(BloatEntry::name))
                .toList();
        skipped = skipped == null ? Map.of() : new LinkedHashMap<>(skipped);
    }

    public String command() {
        return "bloat";
    }

    public long totalWastedBytes() {
        // disjoint parts: the SQLite file entry counts only free-list pages, its tables only the space inside pages
        return entries.stream().mapToLong(BloatEntry::wastedBytes).sum();
    }
}

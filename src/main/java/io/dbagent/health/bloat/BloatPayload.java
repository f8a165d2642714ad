package io.dbagent.health.bloat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Report;
import io.dbagent.report.ReportPayload;

import java.util.Comparator;
import java.util.List;

/**
 * What {@code dbagent bloat} measures: the payload of its {@link Report}, every table and index with its real
 * size and wasted space, most wasted bytes first. What could not be measured is the report's {@code skipped}.
 *
 * @param entries tables, indexes (and the SQLite file), ordered by wasted bytes
 */
@JsonPropertyOrder({"totalWastedBytes", "entries"})
public record BloatPayload(List<BloatEntry> entries) implements ReportPayload {

    public BloatPayload {
        entries = entries.stream()
                .sorted(Comparator.comparingLong(BloatEntry::wastedBytes).reversed()
                        .thenComparing(Comparator.comparingLong(BloatEntry::sizeBytes).reversed())
                        .thenComparing(BloatEntry::name))
                .toList();
    }

    @JsonProperty("totalWastedBytes")
    public long totalWastedBytes() {
        // disjoint parts: the SQLite file entry counts only free-list pages, its tables only the space inside pages
        return entries.stream().mapToLong(BloatEntry::wastedBytes).sum();
    }

    @Override
    public String text(Report<?> report) {
        return BloatRenderer.text(report, this);
    }

    @Override
    public String markdown(Report<?> report) {
        return BloatRenderer.markdown(report, this);
    }
}

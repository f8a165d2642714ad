package io.dbagent.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checking command returns: the findings, sorted most severe first, plus raw metrics and checks that
 * could not run (with the reason), so a report never hides what it did not look at.
 *
 * @param command what produced it ({@code lint}, {@code health}, …)
 * @param target  the redacted database URL
 * @param product engine and version, e.g. {@code PostgreSQL 15.20}
 * @param findings the findings
 * @param skipped  check id → why it did not run
 * @param metrics  raw numbers (row counts, ratios) for dashboards
 */
@JsonPropertyOrder({"command", "target", "product", "summary", "findings", "skipped", "metrics"})
public record Report(String command, String target, String product, List<Finding> findings,
                     Map<String, String> skipped, Map<String, Object> metrics) {

    public Report {
        findings = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed()
                        .thenComparing(Finding::id)
                        .thenComparing(f -> f.subject() == null ? "" : f.subject()))
                .toList();
        skipped = skipped == null ? Map.of() : new LinkedHashMap<>(skipped);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    }

    /** Counts per severity, for the summary line and the JSON. */
    @com.fasterxml.jackson.annotation.JsonProperty("summary")
    public Map<String, Long> summary() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Severity s : new Severity[] {Severity.CRITICAL, Severity.WARN, Severity.INFO}) {
            counts.put(s.id(), findings.stream().filter(f -> f.severity() == s).count());
        }
        return counts;
    }

    /** The exit-code contract: 1 when any finding is at or above {@code failOn}, else 0. */
    public int exitCode(Severity failOn) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(failOn)) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}

package io.dbagent.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every command that emits findings returns: the findings, sorted most severe first, the checks that could
 * not run (with the reason), raw metrics, and the command's own data as a typed payload (the plan of
 * {@code explain}, the indexes of {@code advise}, the sizes of {@code bloat}). Commands with nothing but findings
 * use {@code Report<Void>}.
 *
 * <p>In JSON the payload's fields sit at the top level beside the envelope's, so a script reads {@code $.plan} or
 * {@code $.recommendations} as well as {@code $.findings}.
 *
 * @param command  what produced it ({@code lint}, {@code health}, …)
 * @param target   the redacted database URL
 * @param product  engine and version, e.g. {@code PostgreSQL 15.20}
 * @param findings the findings
 * @param skipped  check id → why it did not run
 * @param metrics  raw numbers (row counts, ratios) for dashboards
 * @param payload  the command's own result, null for a report of findings only
 * @param <P>      the payload type
 */
@JsonPropertyOrder({"command", "target", "product", "payload", "summary", "findings", "skipped", "metrics"})
public record Report<P>(String command, String target, String product, List<Finding> findings,
                        Map<String, String> skipped, Map<String, Object> metrics, @JsonUnwrapped P payload) {

    public Report {
        findings = findings == null ? List.of() : findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed()
                        .thenComparing(Finding::id)
                        .thenComparing(f -> f.subject() == null ? "" : f.subject()))
                .toList();
        skipped = skipped == null ? Map.of() : new LinkedHashMap<>(skipped);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    }

    /** A report of findings only. */
    public Report(String command, String target, String product, List<Finding> findings,
                  Map<String, String> skipped, Map<String, Object> metrics) {
        this(command, target, product, findings, skipped, metrics, null);
    }

    /** Counts per severity, for the summary line and the JSON. */
    @JsonProperty("summary")
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

    /** The same envelope around another payload (e.g. advice after {@code --apply}). */
    public <Q> Report<Q> withPayload(Q other) {
        return new Report<>(command, target, product, findings, skipped, metrics, other);
    }
}

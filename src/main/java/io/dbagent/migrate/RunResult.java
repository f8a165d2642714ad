package io.dbagent.migrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code migrate up|down} did: one step per file it ran or skipped, and the failure that stopped it, if any.
 *
 * @param target  the redacted database URL
 * @param product engine and version
 * @param failure one line saying what failed and what the history now records; null when all went well
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"command", "target", "product", "steps", "failure"})
public record RunResult(String command, String target, String product, List<Step> steps, String failure) {

    /**
     * @param outcome {@code applied}, {@code reverted}, {@code skipped} or {@code failed}
     * @param detail  e.g. {@code in a transaction}, or how far a failed file got
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"version", "description", "script", "outcome", "executionMs", "detail"})
    public record Step(String version, String description, String script, String outcome, long executionMs,
                       String detail) {
    }

    public boolean failed() {
        return failure != null;
    }
}

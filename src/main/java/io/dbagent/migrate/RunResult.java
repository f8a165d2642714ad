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
 * @param history the history table read and written ({@code dbagent_schema_history}, {@code flyway_schema_history})
 * @param notes   one line each: which history was chosen when detected, file names that were not understood
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"command", "target", "product", "history", "notes", "steps", "failure"})
public record RunResult(String command, String target, String product, List<Step> steps, String failure,
                        String history, List<String> notes) {

    public RunResult {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public RunResult(String command, String target, String product, List<Step> steps, String failure) {
        this(command, target, product, steps, failure, null, List.of());
    }

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

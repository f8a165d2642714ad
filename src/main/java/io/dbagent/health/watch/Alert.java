package io.dbagent.health.watch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.report.Finding;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;

import java.time.Instant;
import java.util.Map;

/**
 * What the sinks receive: a check crossing into warn/critical ({@code alert}), changing between them
 * ({@code alert} with {@code previousSeverity}), or leaving them ({@code recovery}).
 *
 * @param kind             {@code alert} or {@code recovery}
 * @param id               the finding id ({@code idle-in-transaction}), or {@code health-run-failed}
 * @param severity         warn or critical for an alert; the severity it had for a recovery
 * @param previousSeverity for an alert on a known problem: the severity before; else null
 * @param subject          what it is about (table, pid, …)
 * @param message          the finding's message, or what happened
 * @param fix              the finding's fix (alerts only)
 * @param target           the redacted database URL
 * @param at               when the run that noticed it finished
 * @param evidence         the finding's numbers
 */
@JsonPropertyOrder({"kind", "id", "severity", "previousSeverity", "subject", "message", "fix", "target", "at", "evidence"})
public record Alert(String kind, String id, Severity severity, Severity previousSeverity, String subject, String message,
                    String fix, String target, Instant at, Map<String, Object> evidence) {

    public static final String ALERT = "alert";
    public static final String RECOVERY = "recovery";

    static Alert raised(Finding f, Severity previous, String target, Instant at) {
        return new Alert(ALERT, f.id(), f.severity(), previous, f.subject(), f.message(), f.fix(), target, at,
                f.evidence());
    }

    static Alert recovered(String id, String subject, Severity severity, String target, Instant at) {
        return new Alert(RECOVERY, id, severity, null, subject,
                id + " on " + subject + " is back within its threshold", null, target, at, Map.of());
    }

    /** One line for the watch log. */
    public String line() {
        return ALERT.equals(kind)
                ? "ALERT " + ReportRenderer.tag(severity, id) + "  " + subject + ": " + message
                : "RECOVERED " + id + "  " + subject;
    }
}

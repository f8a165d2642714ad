package io.dbagent.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One observation of lint, health, explain, advise or design review.
 *
 * @param id       stable kebab-case identifier, registered in {@link FindingIds} (e.g. {@code fk-without-index})
 * @param severity info, warn or critical
 * @param subject  the object it is about: {@code table}, {@code table.column}, an index name or a query
 * @param message  one sentence naming the object and the number that matters
 * @param fix      SQL or an action the user can paste
 * @param evidence the numbers behind the message (row counts, sizes, ratios), for scripts
 */
@JsonPropertyOrder({"id", "severity", "subject", "message", "fix", "evidence"})
public record Finding(String id, Severity severity, String subject, String message, String fix,
                      Map<String, Object> evidence) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    public static Builder builder(String id, Severity severity) {
        return new Builder(id, severity);
    }

    /** Builder, since most findings carry a handful of evidence entries. */
    public static final class Builder {
        private final String id;
        private final Severity severity;
        private String subject;
        private String message;
        private String fix;
        private final Map<String, Object> evidence = new LinkedHashMap<>();

        private Builder(String id, Severity severity) {
            this.id = id;
            this.severity = severity;
        }

        public Builder subject(String s) {
            this.subject = s;
            return this;
        }

        public Builder message(String m) {
            this.message = m;
            return this;
        }

        public Builder fix(String f) {
            this.fix = f;
            return this;
        }

        public Builder evidence(String key, Object value) {
            if (value != null) {
                evidence.put(key, value);
            }
            return this;
        }

        public Finding build() {
            return new Finding(id, severity, subject, message, fix, evidence);
        }
    }
}

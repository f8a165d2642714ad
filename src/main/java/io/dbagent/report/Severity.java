package io.dbagent.report;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dbagent.DbAgentException;

import java.util.Locale;

/** How urgent a finding is; ordered, so {@code --fail-on warn} also fails on critical. */
public enum Severity {
    INFO, WARN, CRITICAL;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw DbAgentException.badInput("unknown severity '" + s + "': expected info, warn or critical");
        }
    }
}

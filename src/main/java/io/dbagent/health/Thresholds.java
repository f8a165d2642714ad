package io.dbagent.health;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dbagent.DbAgentException;
import io.dbagent.report.Severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers the checks compare against: {@code id} is the warn level, {@code id.critical} the critical level,
 * and a few {@code id.min-…} floors (see {@link HealthCheck#secondaryDefaults()}). Immutable; {@link #with} returns
 * a copy with overrides, which are validated so a typo is a clear error instead of a silently ignored setting.
 */
public final class Thresholds {

    private final Map<String, Double> values;

    private Thresholds(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The seed's targets and our defaults. */
    public static Thresholds defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (HealthCheck c : HealthCheck.values()) {
            if (!Double.isNaN(c.defaultWarn())) {
                m.put(c.id(), c.defaultWarn());
            }
            if (!Double.isNaN(c.defaultCritical())) {
                m.put(c.id() + ".critical", c.defaultCritical());
            }
        }
        m.putAll(HealthCheck.secondaryDefaults());
        return new Thresholds(m);
    }

    /** A copy with {@code key → value} set; unknown keys are bad input. */
    public Thresholds with(String key, double value) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (!values.containsKey(k)) {
            throw DbAgentException.badInput("unknown threshold '" + key + "': known are " + String.join(", ", values.keySet()));
        }
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            throw DbAgentException.badInput("threshold " + key + " must be a non-negative number, got " + value);
        }
        Map<String, Double> m = new LinkedHashMap<>(values);
        m.put(k, value);
        return new Thresholds(m);
    }

    /** Applies {@code id=value} assignments as given on the command line ({@code 5}, {@code 5%} and {@code 2.5} work). */
    public Thresholds withAssignments(List<String> assignments) {
        Thresholds t = this;
        for (String a : assignments == null ? List.<String>of() : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw DbAgentException.badInput("--threshold expects id=value (e.g. rollback-rate=2), got '" + a + "'");
            }
            t = t.with(a.substring(0, eq), parseNumber(a.substring(0, eq), a.substring(eq + 1)));
        }
        return t;
    }

    /** Applies a map read from a config file. */
    public Thresholds withAll(Map<String, ?> overrides) {
        Thresholds t = this;
        if (overrides != null) {
            for (Map.Entry<String, ?> e : overrides.entrySet()) {
                Object v = e.getValue();
                double d = v instanceof Number n ? n.doubleValue() : parseNumber(e.getKey(), String.valueOf(v));
                t = t.with(e.getKey(), d);
            }
        }
        return t;
    }

    static double parseNumber(String key, String text) {
        String s = text.trim();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw DbAgentException.badInput("threshold " + key + " must be a number, got '" + text + "'");
        }
    }

    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no threshold " + key);
        }
        return v;
    }

    public double warn(HealthCheck c) {
        return get(c.id());
    }

    /** NaN when the check has no critical level. */
    public double critical(HealthCheck c) {
        Double v = values.get(c.id() + ".critical");
        return v == null ? Double.NaN : v;
    }

    /** How bad {@code value} is for check {@code c}; empty when it is within the target. */
    public Optional<Severity> judge(HealthCheck c, double value) {
        double w = warn(c);
        double crit = critical(c);
        boolean above = c.direction() == HealthCheck.Direction.ABOVE;
        if (!Double.isNaN(crit) && (above ? value >= crit : value < crit)) {
            return Optional.of(Severity.CRITICAL);
        }
        if (above ? value >= w : value < w) {
            return Optional.of(Severity.WARN);
        }
        return Optional.empty();
    }

    /** Every threshold, for JSON and the docs. */
    @JsonValue
    public Map<String, Double> asMap() {
        return values;
    }
}

package io.dbagent.health.watch;

import io.dbagent.DbAgentException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or plain seconds. */
public final class Durations {

    private static final Pattern P = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = P.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw DbAgentException.badInput("invalid duration '" + text + "': use e.g. 30s, 5m, 1h or 500ms");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long ms = Math.round(switch (unit) {
            case "ms" -> v;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> v * 1000;
        });
        if (ms < 100) {
            throw DbAgentException.badInput("duration " + text + " is too short: at least 100ms");
        }
        return Duration.ofMillis(ms);
    }
}

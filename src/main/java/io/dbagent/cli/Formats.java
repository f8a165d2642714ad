package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.report.OutputFormat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses a {@code --format} value and checks the command supports it. */
public final class Formats {

    private Formats() {
    }

    public static OutputFormat require(String command, String value, OutputFormat... allowed) {
        OutputFormat f = OutputFormat.parse(value);
        if (Arrays.asList(allowed).contains(f)) {
            return f;
        }
        throw DbAgentException.badInput(command + " supports --format "
                + Arrays.stream(allowed).map(a -> a.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + ", not " + value);
    }
}

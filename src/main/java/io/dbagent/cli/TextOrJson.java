package io.dbagent.cli;

import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Option;

/** The {@code --format text|json} option of the commands that print either a text summary or JSON. */
public final class TextOrJson {

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    /** The format asked for; anything but text or json is bad input naming {@code command}. */
    OutputFormat format(String command) {
        return Formats.require(command, format, OutputFormat.TEXT, OutputFormat.JSON);
    }
}

package io.dbagent.cli;

import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code --format text|json|markdown} and {@code --fail-on} options of the commands that report findings
 * (health, lint, constraints), and how they print a report and pick the exit code.
 */
public final class FindingsOutput {

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--fail-on", defaultValue = "critical", paramLabel = "info|warn|critical",
            description = "Exit 1 when a finding has at least this severity. Default: ${DEFAULT-VALUE}.")
    String failOn;

    /** The format asked for, which {@code command} must support (text, json, markdown). */
    OutputFormat format(String command) {
        return Formats.require(command, format, OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.MARKDOWN);
    }

    /** The {@code --fail-on} severity. */
    Severity threshold() {
        return Severity.parse(failOn);
    }

    /** Prints the rendered report; the exit code is 1 when a finding is at or above {@code threshold}, else 0. */
    static int print(Main main, String rendered, Report report, Severity threshold) {
        PrintWriter out = main.spec.commandLine().getOut();
        out.print(rendered);
        out.flush();
        return report.exitCode(threshold);
    }
}

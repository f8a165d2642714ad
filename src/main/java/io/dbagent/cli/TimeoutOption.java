package io.dbagent.cli;

import io.dbagent.guard.Timeouts;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The {@code --timeout} option of the commands that run SQL they were given (explain, advise, chat, ask, mcp): the
 * limit for each such statement, enforced by the server and by a client-side cancel.
 */
public final class TimeoutOption {

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Cancel any statement dbagent runs on text it was given (a query, a workload, a model's SQL) "
                    + "after this many seconds, on the server too. Default: 30.")
    String seconds;

    /** The limit: the option's value, or {@link Timeouts#DEFAULT}. */
    public Duration value() {
        return seconds == null ? Timeouts.DEFAULT : Timeouts.ofSeconds(seconds);
    }
}

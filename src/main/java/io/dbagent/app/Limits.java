package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.InputFiles;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bounds every face applies to the same arguments, with the same one-line message whichever face was called:
 * the command line, the REPL, the agent's tools and the MCP server all go through here.
 */
public final class Limits {

    /** Sample rows per table in a migration round trip when none is given. */
    public static final int DEFAULT_SEED_ROWS = 20;
    /** The most sample rows per table a migration round trip accepts. */
    public static final int MAX_SEED_ROWS = 100_000;
    /** Timed explain runs when none is given (agent, REPL). */
    public static final int DEFAULT_EXPLAIN_RUNS = 3;
    /** The most timed explain runs a tool call asks for; more are cut to this. */
    public static final int MAX_EXPLAIN_RUNS = 50;
    /** Rows a read query returns when none is asked. */
    public static final int DEFAULT_QUERY_ROWS = 100;

    private Limits() {
    }

    /** {@code --seed-rows} / {@code seedRows}: null is the default 20; outside 0…100000 is bad input. */
    public static int seedRows(Integer requested) {
        int n = requested == null ? DEFAULT_SEED_ROWS : requested;
        if (n < 0 || n > MAX_SEED_ROWS) {
            throw DbAgentException.badInput("--seed-rows must be between 0 and " + MAX_SEED_ROWS + ", got " + n);
        }
        return n;
    }

    /** Timed runs for a tool's explain: null is 3, and the count is kept within 1…50. */
    public static int explainRuns(Integer requested) {
        return requested == null ? DEFAULT_EXPLAIN_RUNS : Math.max(1, Math.min(requested, MAX_EXPLAIN_RUNS));
    }

    /** A workload given as text may not exceed the size a workload file may have on the command line. */
    public static void workloadText(String text) {
        long bytes = text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > InputFiles.DEFAULT_MAX_MB * 1024L * 1024L) {
            // the same limit as workload files on the command line: a call this large is a mistake or an attack
            throw DbAgentException.badInput(String.format(Locale.ROOT, "the workload is %.1f MB, over the limit of %d MB:"
                    + " give a smaller sample of it", bytes / 1048576.0, InputFiles.DEFAULT_MAX_MB));
        }
    }
}

package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.app.Workdirs;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.mcp.McpStdioServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "mcp", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serve dbagent's tools over MCP on stdin/stdout (for opencode and other MCP clients).",
                "",
                "Tools: inspect_schema, lint_schema, explain_query, advise_indexes, run_read_query, propose_change, memory_search, memory_add, "
                        + "design_schema, normalize, discover_dependencies, infer_constraints, diff_schemas, generate_migration, "
                        + "lint_migration, test_migrations, migration_status, check_health, analyze_bloat, create_backup, verify_backup, list_backups, backup_runbook, and "
                        + "apply_plan when started with --allow-writes. Reads use read-only sessions; a change is only a "
                        + "plan until apply_plan runs it, and a plan runs at most once. Calls run concurrently, each "
                        + "within --call-timeout; files are written only under --workdir. Logs go to stderr; the "
                        + "server exits when stdin closes."})
final class McpCommand extends AgentCommand implements Callable<Integer> {

    @Option(names = "--allow-writes", description = "Offer apply_plan so the client can apply plans the user approved.")
    boolean allowWrites;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Directory tools may write files into (migrations, backups); repeatable. Default: the current directory.")
    List<Path> workdirs;

    @Mixin
    TimeoutOption timeout;

    @Option(names = "--call-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time limit of each tool call; past it the call is answered with an error and its statements are cancelled (default ${DEFAULT-VALUE}).")
    int callTimeoutSeconds;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "4",
            description = "Tool calls run at the same time; more wait (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Override
    public Integer call() throws Exception {
        Duration statementTimeout = timeout.value();
        if (callTimeoutSeconds < 1) {
            throw DbAgentException.badInput("--call-timeout must be at least 1 second");
        }
        if (maxConcurrent < 1 || maxConcurrent > 64) {
            throw DbAgentException.badInput("--max-concurrent must be between 1 and 64");
        }
        Workdirs dirs = Workdirs.of(workdirs);
        DbUrl url = dbOptions.resolve(main.env());
        SessionSource sessions = McpStdioServer.cancellable(SessionSource.of(url), statementTimeout);
        DatabaseTools tools = new DatabaseTools(sessions, url, agentOptions.memory(main.env()), new PlanStore(), allowWrites,
                statementTimeout).writingOnlyUnder(dirs);
        // the tool catalog is built on its own thread meanwhile: initialize does not wait for it, tools/list does
        McpStdioServer.Prepared prepared = McpStdioServer.prepare(tools, allowWrites);
        // fail fast with one clear line if the database is unreachable, before the client gets any answer; the check
        // (for SQLite it loads the driver's native library) runs on its own thread while this one loads the protocol
        java.util.concurrent.CompletableFuture<Void> reachable = new java.util.concurrent.CompletableFuture<>();
        Thread check = new Thread(() -> {
            try (DbSession ignored = ConnectionFactory.open(url)) {
                reachable.complete(null);
            } catch (Throwable e) {
                reachable.completeExceptionally(e);
            }
        }, "mcp-db-check");
        check.setDaemon(true);
        check.start();
        McpStdioServer.warmUp();
        try {
            reachable.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        String version = UsageTexts.version()[0].substring("dbagent ".length());
        // stdout is the protocol channel: anything else that prints (a library, a stray println) goes to stderr
        PrintStream protocol = System.out;
        System.setOut(System.err);
        McpStdioServer.serve(prepared, version, System.in, protocol, new McpStdioServer.Options(
                maxConcurrent, Duration.ofSeconds(callTimeoutSeconds), Duration.ofSeconds(5)));
        return 0;
    }
}

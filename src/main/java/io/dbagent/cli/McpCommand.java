package io.dbagent.cli;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.mcp.McpStdioServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "mcp", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serve dbagent's tools over MCP on stdin/stdout (for opencode and other MCP clients).",
                "",
                "Tools: inspect_schema, lint_schema, explain_query, advise_indexes, run_read_query, propose_change, memory_search, memory_add, "
                        + "design_schema, normalize, discover_dependencies, infer_constraints, diff_schemas, generate_migration, "
                        + "lint_migration, test_migrations, check_health, analyze_bloat, create_backup, verify_backup, list_backups, backup_runbook, and "
                        + "apply_plan when started with --allow-writes. Reads use read-only sessions; a change is only a "
                        + "plan until apply_plan runs it. Logs go to stderr; the server exits when stdin closes."})
final class McpCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    DbOptions dbOptions;

    @Mixin
    AgentOptions agentOptions;

    @Option(names = "--allow-writes", description = "Offer apply_plan so the client can apply plans the user approved.")
    boolean allowWrites;

    @Override
    public Integer call() throws Exception {
        DbUrl url = dbOptions.resolve(main.env());
        // fail fast with one clear line if the database is unreachable, before the client starts talking
        try (DbSession ignored = ConnectionFactory.open(url)) {
            // reachable
        }
        String version = new VersionProvider().getVersion()[0].replace("dbagent ", "");
        McpStdioServer.serve(agentOptions.tools(url, main.env(), allowWrites), allowWrites, version, System.in, System.out);
        return 0;
    }
}

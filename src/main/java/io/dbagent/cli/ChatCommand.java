package io.dbagent.cli;

import io.dbagent.agent.ModelConfig;
import io.dbagent.cli.repl.Repl;
import io.dbagent.jdbc.DbUrl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Talk to the database agent in the terminal.",
                "",
                "Slash commands (/inspect, /lint, /explain, /advise, /health, /bloat, /design, /normalize, /migrate, /backup, /sql, "
                        + "/memory, /plans, /apply, /model, /help) and \\d, \\dt, \\timing, \\x run the services "
                        + "directly and work without a model; plain SELECT statements run read-only. With a model "
                        + "(--model or DBAGENT_MODEL), free text goes to the agent; its answer streams, tool calls are "
                        + "shown, and any change it proposes runs only after you answer y (yes when it drops or "
                        + "rewrites data). Ctrl-C cancels the running statement or answer; Ctrl-D, exit, quit, \\q or /quit leave. History: $XDG_STATE_HOME/dbagent/history, else ~/.dbagent/history."})
final class ChatCommand extends AgentCommand implements Callable<Integer> {

    @Mixin
    TimeoutOption timeout;

    @Override
    public Integer call() throws Exception {
        DbUrl url = dbOptions.resolve(main.env());
        ModelConfig model = null;
        try {
            model = ModelConfig.resolve(agentOptions.model, main.env());
        } catch (io.dbagent.DbAgentException e) {
            // a broken model setting must not cost the user the offline REPL
            main.spec.commandLine().getErr().println("dbagent: " + e.getMessage() + "; continuing offline");
        }
        Path history = Repl.historyFile(main.env());
        Files.createDirectories(history.getParent());
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            new Repl(terminal, agentOptions.tools(url, main.env(), false, timeout.value()), model, main.env(), history).run();
        }
        return 0;
    }
}

package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.agent.DatabaseAgent;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.ModelConfig;
import io.dbagent.app.PlanStore;
import io.dbagent.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ask", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Ask the database agent one question and print its answer (needs a model).",
                "",
                "Proposed changes are printed as plans with their SQL; nothing is applied (use `dbagent chat` to "
                        + "approve and apply)."})
final class AskCommand extends AgentCommand implements Callable<Integer> {

    @Mixin
    TimeoutOption timeout;

    @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question.")
    List<String> question;

    @Override
    public Integer call() {
        ModelConfig model = ModelConfig.resolve(agentOptions.model, main.env());
        if (model == null) {
            throw DbAgentException.badInput("no model configured: pass --model PROVIDER:NAME or set DBAGENT_MODEL "
                    + "(e.g. openai:gpt-4o-mini with OPENAI_API_KEY)");
        }
        DatabaseTools tools = agentOptions.tools(dbOptions.resolve(main.env()), main.env(), false, timeout.value());
        DatabaseAgent agent = DatabaseAgent.builder().tools(tools).model(model).build();
        PrintWriter out = main.spec.commandLine().getOut();
        PrintWriter err = main.spec.commandLine().getErr();
        agent.chatStreaming(String.join(" ", question), token -> {
            out.print(token);
            out.flush();
        }, tool -> err.println("[tool " + tool.request().name() + "]"));
        out.println();
        for (PlanStore.Plan p : tools.plans().pending()) {
            out.println("\nproposed (not applied): " + Json.write(p));
        }
        out.flush();
        return 0;
    }
}

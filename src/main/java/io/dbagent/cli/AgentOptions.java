package io.dbagent.cli;

import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;

/** Options shared by the agent faces: memory directory and model. */
public final class AgentOptions {

    @Option(names = "--memory-dir", paramLabel = "DIR",
            description = "Memory directory (default $DBAGENT_MEMORY_DIR, then ~/.dbagent/memory).")
    String memoryDir;

    @Option(names = "--model", paramLabel = "PROVIDER:NAME",
            description = "Language model: openai:NAME, anthropic:NAME or ollama:NAME (default $DBAGENT_MODEL). "
                    + "Keys from OPENAI_API_KEY/OPENAI_BASE_URL, ANTHROPIC_API_KEY, OLLAMA_BASE_URL.")
    String model;

    MemoryStore memory(Map<String, String> env) {
        return new MemoryStore(MemoryStore.defaultDir(memoryDir, env));
    }

    DatabaseTools tools(DbUrl url, Map<String, String> env, boolean allowWrites) {
        return tools(url, env, allowWrites, null);
    }

    /** With the limit for statements the tools run on given text ({@code --timeout}); null = 30 s. */
    DatabaseTools tools(DbUrl url, Map<String, String> env, boolean allowWrites, Duration timeout) {
        return new DatabaseTools(SessionSource.of(url), url, memory(env), new PlanStore(), allowWrites, timeout);
    }
}

package io.dbagent.cli;

import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.PlanStore;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import picocli.CommandLine.Option;

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
        return new DatabaseTools(SessionSource.of(url), url, memory(env), new PlanStore(), allowWrites);
    }
}

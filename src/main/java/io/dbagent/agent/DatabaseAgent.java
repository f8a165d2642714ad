package io.dbagent.agent;

import io.dbagent.app.Workdirs;
import io.dbagent.app.PlanStore;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.ToolExecution;
import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The agent as a library:
 * <pre>{@code
 * DatabaseAgent agent = DatabaseAgent.builder().dataSource(ds).chatModel(model).memoryDir(dir).build();
 * String answer = agent.chat("why is SELECT * FROM orders WHERE user_id = 42 slow?");
 * }</pre>
 * Reads run on read-only sessions; proposed changes wait in {@link #plans()} for the application to approve them
 * ({@link #applyPlan(String)}), unless {@code allowWrites(true)} lets the model apply them itself.
 */
public final class DatabaseAgent {

    interface Assistant {
        Result<String> chat(String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    private final DatabaseTools tools;
    private final Assistant assistant;
    private final StreamingAssistant streaming;
    private final String modelLabel;

    private DatabaseAgent(Builder b) {
        if (b.sessions == null && b.tools == null) {
            throw DbAgentException.badInput("DatabaseAgent needs a dataSource(...) or url(...)");
        }
        if (b.chatModel == null && b.streamingChatModel == null) {
            throw DbAgentException.badInput("DatabaseAgent needs a chatModel(...) or streamingChatModel(...)");
        }
        if (b.tools != null) {
            this.tools = b.tools;
        } else {
            MemoryStore memory = new MemoryStore(b.memoryDir != null ? b.memoryDir
                    : MemoryStore.defaultDir(null, System.getenv()));
            this.tools = new DatabaseTools(b.sessions, b.url, memory, new PlanStore(), b.allowWrites, b.timeout)
                    .writingOnlyUnder(Workdirs.of(b.workdirs));
        }
        this.modelLabel = b.modelLabel;
        String system = Prompts.system();
        this.assistant = b.chatModel == null ? null : AiServices.builder(Assistant.class)
                .chatModel(b.chatModel)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(b.maxMessages))
                .systemMessageProvider(id -> system)
                .tools(tools.all())
                .build();
        this.streaming = b.streamingChatModel == null ? null : AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(b.streamingChatModel)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(b.maxMessages))
                .systemMessageProvider(id -> system)
                .tools(tools.all())
                .build();
    }

    /** A builder: give it a {@code dataSource} or {@code url}, and a {@code chatModel} or {@code streamingChatModel}. */
    public static Builder builder() {
        return new Builder();
    }

    /** One turn; tools run as the model asks for them. */
    public String chat(String message) {
        if (assistant == null) {
            return chatStreaming(message, token -> { }, tool -> { });
        }
        return blocking(message).content();
    }

    private Result<String> blocking(String message) {
        try {
            return assistant.chat(message);
        } catch (DbAgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private DbAgentException failed(Throwable cause) {
        return new DbAgentException(DbAgentException.Code.CONNECTION,
                io.dbagent.jdbc.Redactor.redact(ModelFailure.message(modelLabel, cause)), cause);
    }

    /** One turn with the answer streamed token by token and each tool call reported when it finished. */
    public String chatStreaming(String message, Consumer<String> onToken, Consumer<ToolExecution> onTool) {
        if (streaming == null) {
            // a blocking model: report the tool calls once the turn is done, then the whole answer
            Result<String> result = blocking(message);
            result.toolExecutions().forEach(onTool);
            onToken.accept(result.content());
            return result.content();
        }
        CompletableFuture<String> done = new CompletableFuture<>();
        try {
            streaming.chat(message)
                    .onPartialResponse(onToken)
                    .onToolExecuted(onTool)
                    .onCompleteResponse(r -> done.complete(r.aiMessage().text()))
                    .onError(done::completeExceptionally)
                    .start();
        } catch (DbAgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DbAgentException(DbAgentException.Code.BAD_INPUT, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DbAgentException d) {
                throw d;
            }
            throw failed(e.getCause());
        }
    }

    /** The tools the model calls; the application may call them itself (they answer JSON). */
    public DatabaseTools tools() {
        return tools;
    }

    /** The changes the model proposed, waiting for the application to approve or reject them. */
    public PlanStore plans() {
        return tools.plans();
    }

    /** Applies a proposed plan after the application (or its user) approved it. */
    public PlanRunner.Outcome applyPlan(String planId) {
        return PlanRunner.apply(tools.sessions(), tools.plans(), planId);
    }

    /** Options for {@link DatabaseAgent}. */
    public static final class Builder {
        private SessionSource sessions;
        private DbUrl url;
        private DatabaseTools tools;
        private ChatModel chatModel;
        private StreamingChatModel streamingChatModel;
        private Path memoryDir;
        private boolean allowWrites;
        private int maxMessages = 40;
        private java.util.List<Path> workdirs = java.util.List.of();
        private java.time.Duration timeout;
        private String modelLabel;

        /** The application's database; every tool borrows its connections from it and reads read-only. */
        public Builder dataSource(DataSource ds) {
            this.sessions = SessionSource.of(ds);
            return this;
        }

        /** A database by URL; the URL also lets the backup tools run the engine's own programs. */
        public Builder url(DbUrl url) {
            this.sessions = SessionSource.of(url);
            this.url = url;
            return this;
        }

        /** Where sessions come from, when neither a DataSource nor a URL fits. */
        public Builder sessions(SessionSource s) {
            this.sessions = s;
            return this;
        }

        /** Shares an existing tool set (its sessions, memory and plans) instead of building one. */
        public Builder tools(DatabaseTools t) {
            this.tools = t;
            return this;
        }

        /** The LangChain4j model answered in blocking calls. */
        public Builder chatModel(ChatModel m) {
            this.chatModel = m;
            return this;
        }

        /** The LangChain4j model answered token by token (used by {@code chatStreaming}). */
        public Builder streamingChatModel(StreamingChatModel m) {
            this.streamingChatModel = m;
            return this;
        }

        /**
         * The model from a {@link ModelConfig} ({@code openai:NAME}, {@code anthropic:NAME}, {@code ollama:NAME}):
         * sets the streaming model and names provider, model and endpoint in the message of a failed call.
         */
        public Builder model(ModelConfig m) {
            this.streamingChatModel = m.streamingChatModel();
            this.modelLabel = m.describe();
            return this;
        }

        /** How a failed model call names the model (provider, name, endpoint; never a key). */
        public Builder modelLabel(String label) {
            this.modelLabel = label;
            return this;
        }

        /** Where the agent's memory lives (default: {@code DBAGENT_MEMORY_DIR} or the user's dbagent directory). */
        public Builder memoryDir(Path dir) {
            this.memoryDir = dir;
            return this;
        }

        /** Lets the model apply its own plans. Off by default: applications approve with {@code applyPlan}. */
        public Builder allowWrites(boolean allow) {
            this.allowWrites = allow;
            return this;
        }

        /**
         * Directories the file-writing tools (generate_migration, create_backup) may write into; default the
         * current directory. A path the model names outside them is refused.
         */
        public Builder workdirs(Path... dirs) {
            this.workdirs = java.util.List.of(dirs);
            return this;
        }

        /** Limit for each statement the tools run on the model's SQL (default 30 s). */
        public Builder timeout(java.time.Duration t) {
            this.timeout = t;
            return this;
        }

        /** How many messages of the conversation the model sees (default 40). */
        public Builder maxMessages(int n) {
            this.maxMessages = n;
            return this;
        }

        /** The agent; bad input (no database, no model) is a {@code DbAgentException}. */
        public DatabaseAgent build() {
            return new DatabaseAgent(this);
        }
    }
}

package io.dbagent.agent;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.dbagent.DbAgentException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Which language model to talk to: {@code openai:NAME}, {@code anthropic:NAME} or {@code ollama:NAME}, from
 * {@code --model} or {@code DBAGENT_MODEL}. Keys and endpoints come from the environment: {@code OPENAI_API_KEY} and
 * {@code OPENAI_BASE_URL} (any OpenAI-compatible server), {@code ANTHROPIC_API_KEY}, {@code OLLAMA_BASE_URL}.
 */
public record ModelConfig(String provider, String modelName, String baseUrl, String apiKey) {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Null when no model is configured (the REPL then runs offline). */
    public static ModelConfig resolve(String option, Map<String, String> env) {
        String spec = option != null && !option.isBlank() ? option : env.get("DBAGENT_MODEL");
        if (spec == null || spec.isBlank()) {
            return null;
        }
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw DbAgentException.badInput("model must be PROVIDER:NAME (openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, "
                    + "ollama:llama3.1), got '" + spec + "'");
        }
        String provider = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String name = spec.substring(colon + 1);
        return switch (provider) {
            case "openai" -> {
                String base = env.get("OPENAI_BASE_URL");
                String key = env.get("OPENAI_API_KEY");
                if ((key == null || key.isBlank()) && (base == null || base.isBlank())) {
                    throw DbAgentException.badInput("openai model needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local "
                            + "OpenAI-compatible server)");
                }
                yield new ModelConfig("openai", name, base, key == null || key.isBlank() ? "not-needed" : key);
            }
            case "anthropic" -> {
                String key = env.get("ANTHROPIC_API_KEY");
                if (key == null || key.isBlank()) {
                    throw DbAgentException.badInput("anthropic model needs ANTHROPIC_API_KEY");
                }
                yield new ModelConfig("anthropic", name, env.get("ANTHROPIC_BASE_URL"), key);
            }
            case "ollama" -> new ModelConfig("ollama", name,
                    env.getOrDefault("OLLAMA_BASE_URL", "http://localhost:11434"), null);
            default -> throw DbAgentException.badInput("unknown model provider '" + provider
                    + "': expected openai, anthropic or ollama");
        };
    }

    public ChatModel chatModel() {
        try {
            return blockingModel();
        } catch (NoClassDefFoundError e) {
            throw missingProvider();
        }
    }

    private ChatModel blockingModel() {
        return switch (provider) {
            case "openai" -> OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(modelName)
                    .timeout(TIMEOUT).build();
            case "anthropic" -> AnthropicChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(modelName)
                    .timeout(TIMEOUT).build();
            default -> OllamaChatModel.builder().baseUrl(baseUrl).modelName(modelName).timeout(TIMEOUT).build();
        };
    }

    public StreamingChatModel streamingChatModel() {
        try {
            return streamingModel();
        } catch (NoClassDefFoundError e) {
            throw missingProvider();
        }
    }

    private StreamingChatModel streamingModel() {
        return switch (provider) {
            case "openai" -> OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(modelName)
                    .timeout(TIMEOUT).build();
            case "anthropic" -> AnthropicStreamingChatModel.builder().baseUrl(baseUrl).apiKey(apiKey)
                    .modelName(modelName).timeout(TIMEOUT).build();
            default -> OllamaStreamingChatModel.builder().baseUrl(baseUrl).modelName(modelName).timeout(TIMEOUT).build();
        };
    }

    /**
     * The provider modules are optional dependencies of the library (the CLI jar has all three): an application that
     * embeds dbagent adds the one it uses, and a missing one is one clear line, not a NoClassDefFoundError.
     */
    private DbAgentException missingProvider() {
        String module = switch (provider) {
            case "openai" -> "langchain4j-open-ai";
            case "anthropic" -> "langchain4j-anthropic";
            default -> "langchain4j-ollama";
        };
        return DbAgentException.badInput("the " + provider + " model provider is not on the classpath: add the "
                + "dependency dev.langchain4j:" + module);
    }

    /** For messages: never includes the key. */
    public String describe() {
        return provider + ":" + modelName + " at " + endpoint();
    }

    /** The base URL the provider is called at: the configured one or the provider's default. */
    public String endpoint() {
        if (baseUrl != null && !baseUrl.isBlank()) {
            return baseUrl;
        }
        return switch (provider) {
            case "openai" -> "https://api.openai.com/v1";
            case "anthropic" -> "https://api.anthropic.com/v1";
            default -> "http://localhost:11434";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}

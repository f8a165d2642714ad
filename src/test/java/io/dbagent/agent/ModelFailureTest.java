package io.dbagent.agent;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import io.dbagent.DbAgentException;
import io.dbagent.testsupport.NoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFailureTest {

    @Test
    void causesAreNamedFromTheWholeChain() {
        assertThat(ModelFailure.cause(new RuntimeException(new ConnectException())))
                .startsWith("connection refused");
        assertThat(ModelFailure.cause(new RuntimeException(new UnknownHostException("api.example.invalid"))))
                .startsWith("unknown host: api.example.invalid");
        assertThat(ModelFailure.cause(new RuntimeException(new HttpTimeoutException("request timed out"))))
                .startsWith("timed out waiting for the answer (after 120 s)");
        assertThat(ModelFailure.cause(new AuthenticationException("invalid x-api-key")))
                .isEqualTo("authentication rejected (HTTP 401/403): check the API key: invalid x-api-key");
        assertThat(ModelFailure.cause(new ModelNotFoundException("model 'llama9' not found")))
                .isEqualTo("model not found on the server (HTTP 404): model 'llama9' not found");
        assertThat(ModelFailure.cause(new HttpException(503, "overloaded"))).isEqualTo("HTTP 503: overloaded");
        assertThat(ModelFailure.cause(new UnresolvedModelServerException(new RuntimeException())))
                .startsWith("cannot reach the server");
        // a refused connection wrapped in an unresolved-server exception is still a refused connection
        assertThat(ModelFailure.cause(new UnresolvedModelServerException(new ConnectException())))
                .startsWith("connection refused");
        assertThat(ModelFailure.cause(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void theMessageNamesProviderModelAndEndpointButNeverTheKey() {
        ModelConfig cfg = ModelConfig.resolve("openai:gpt-x", Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_API_KEY", "sk-SECRET"));
        assertThat(ModelFailure.message(cfg.describe(), new RuntimeException(new ConnectException())))
                .isEqualTo("model call to openai:gpt-x at http://127.0.0.1:9/v1 failed: connection refused "
                        + "(is the server running and the address right?)")
                .doesNotContain("SECRET");
        assertThat(ModelConfig.resolve("anthropic:claude", Map.of("ANTHROPIC_API_KEY", "k")).endpoint())
                .isEqualTo("https://api.anthropic.com/v1");
        assertThat(ModelConfig.resolve("ollama:llama3", Map.of()).endpoint()).isEqualTo("http://localhost:11434");
    }

    @Test
    void aRefusedConnectionIsOneLineNamingTheEndpoint(@TempDir Path memory) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ModelConfig cfg = ModelConfig.resolve("ollama:llama3", Map.of("OLLAMA_BASE_URL", "http://127.0.0.1:" + port));
        DatabaseAgent agent = DatabaseAgent.builder().sessions(NoDatabase.INSTANCE).memoryDir(memory).model(cfg).build();
        assertThatThrownBy(() -> agent.chat("hello"))
                .isInstanceOf(DbAgentException.class)
                .hasMessage("model call to ollama:llama3 at http://127.0.0.1:" + port
                        + " failed: connection refused (is the server running and the address right?)");
    }

    @Test
    void aRejectedKeyAndAnUnknownModelAreNamedFromTheHttpStatus(@TempDir Path memory) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            boolean badKey = ex.getRequestHeaders().getFirst("Authorization").contains("bad-key");
            byte[] body = (badKey
                    ? "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"
                    : "{\"error\":{\"message\":\"The model `nope` does not exist\",\"type\":\"invalid_request_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(badKey ? 401 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            DatabaseAgent badKey = DatabaseAgent.builder().sessions(NoDatabase.INSTANCE).memoryDir(memory)
                    .model(ModelConfig.resolve("openai:gpt-x", Map.of("OPENAI_BASE_URL", base,
                            "OPENAI_API_KEY", "sk-bad-key"))).build();
            assertThatThrownBy(() -> badKey.chat("hello"))
                    .isInstanceOf(DbAgentException.class)
                    .hasMessageStartingWith("model call to openai:gpt-x at " + base + " failed: authentication "
                            + "rejected (HTTP 401")
                    .hasMessageNotContaining("sk-bad-key");
            DatabaseAgent noModel = DatabaseAgent.builder().sessions(NoDatabase.INSTANCE).memoryDir(memory)
                    .model(ModelConfig.resolve("openai:nope", Map.of("OPENAI_BASE_URL", base,
                            "OPENAI_API_KEY", "sk-good"))).build();
            assertThatThrownBy(() -> noModel.chat("hello"))
                    .isInstanceOf(DbAgentException.class)
                    .hasMessageStartingWith("model call to openai:nope at " + base + " failed: ")
                    .hasMessageContaining("404");
        } finally {
            server.stop(0);
        }
    }
}

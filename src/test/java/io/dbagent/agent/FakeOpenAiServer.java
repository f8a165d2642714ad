package io.dbagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dbagent.report.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible {@code /v1/chat/completions} endpoint driven by {@link FakeBrain}, with and without
 * {@code stream: true} (server-sent events, as opencode always asks for). The real LangChain4j OpenAI client talks
 * to it over HTTP, so the agent's whole path — request building, tool-call parsing, streaming — is exercised.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();

    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL to put in OPENAI_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<JsonNode> requests() {
        return requests;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode req = Json.MAPPER.readTree(ex.getRequestBody());
            requests.add(req);
            List<FakeBrain.Turn> turns = new ArrayList<>();
            for (JsonNode m : req.path("messages")) {
                turns.add(new FakeBrain.Turn(m.path("role").asText(), text(m.path("content"))));
            }
            FakeBrain.Decision d = FakeBrain.decide(turns);
            boolean stream = req.path("stream").asBoolean(false);
            if (stream) {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (ObjectNode chunk : chunks(d)) {
                        out.write(("data: " + Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                byte[] body = Json.MAPPER.writeValueAsBytes(completion(d));
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        }
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(part -> sb.append(part.path("text").asText()));
        return sb.toString();
    }

    private ObjectNode completion(FakeBrain.Decision d) {
        ObjectNode root = base("chat.completion");
        ObjectNode choice = ((ArrayNode) root.get("choices")).addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        if (d instanceof FakeBrain.CallTool c) {
                msg.putNull("content");
                ObjectNode call = msg.putArray("tool_calls").addObject();
                call.put("id", "call_" + ids.incrementAndGet());
                call.put("type", "function");
                call.putObject("function").put("name", c.call().name()).put("arguments", c.call().argumentsJson());
                choice.put("finish_reason", "tool_calls");
        } else {
                msg.put("content", ((FakeBrain.Answer) d).text());
                choice.put("finish_reason", "stop");
        }
        root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 10).put("total_tokens", 20);
        return root;
    }

    /** The answer in small pieces, as a real streaming model sends it. */
    private List<ObjectNode> chunks(FakeBrain.Decision d) {
        List<ObjectNode> out = new ArrayList<>();
        if (d instanceof FakeBrain.CallTool c) {
                ObjectNode first = chunk(out);
                ObjectNode delta = first.putObject("delta");
                delta.put("role", "assistant");
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", 0).put("id", "call_" + ids.incrementAndGet()).put("type", "function");
                call.putObject("function").put("name", c.call().name()).put("arguments", "");
                String args = c.call().argumentsJson();
                for (int i = 0; i < args.length(); i += 8) {
                    ObjectNode part = chunk(out).putObject("delta");
                    ObjectNode pc = part.putArray("tool_calls").addObject();
                    pc.put("index", 0);
                    pc.putObject("function").put("arguments", args.substring(i, Math.min(args.length(), i + 8)));
                }
                chunk(out).putObject("delta");
                ((ObjectNode) out.get(out.size() - 1).get("choices").get(0)).put("finish_reason", "tool_calls");
        } else {
                String text = ((FakeBrain.Answer) d).text();
                chunk(out).putObject("delta").put("role", "assistant").put("content", "");
                for (int i = 0; i < text.length(); i += 12) {
                    chunk(out).putObject("delta").put("content", text.substring(i, Math.min(text.length(), i + 12)));
                }
                chunk(out).putObject("delta");
                ((ObjectNode) out.get(out.size() - 1).get("choices").get(0)).put("finish_reason", "stop");
        }
        return out;
    }

    private ObjectNode chunk(List<ObjectNode> out) {
        ObjectNode root = base("chat.completion.chunk");
        ObjectNode choice = ((ArrayNode) root.get("choices")).addObject();
        choice.put("index", 0);
        out.add(root);
        // the caller fills the delta into the choice
        return choice;
    }

    private static ObjectNode base(String object) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", "chatcmpl-fake");
        root.put("object", object);
        root.put("created", 1_764_000_000L);
        root.put("model", "fake-model");
        root.putArray("choices");
        return root;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

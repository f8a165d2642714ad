package io.dbagent.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.Prompts;
import io.dbagent.report.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * {@code dbagent mcp}: the agent's tools over MCP on stdin/stdout (newline-delimited JSON-RPC 2.0), for opencode and
 * any MCP client.
 *
 * <p>This is our own small JSON-RPC loop over Jackson rather than the MCP Java SDK's stdio server. With the SDK
 * (2.1.0, {@code McpServer.sync} + {@code StdioServerTransportProvider}) one malformed line ended its inbound
 * processing for good, the sync server ran one call at a time, and it offers no per-call time limit, no handle on
 * the thread of a call to cancel its statements, and does not act on {@code notifications/cancelled}. Replacing the
 * transport would have left the session's sequential dispatch in place. The protocol subset a tools-only server
 * needs is small: {@code initialize}, {@code notifications/initialized}, {@code ping}, {@code tools/list},
 * {@code tools/call}, {@code notifications/cancelled}, the task prompts ({@code prompts/list}, {@code prompts/get})
 * and the schema as resources ({@code resources/list}, {@code resources/read}, {@code resources/templates/list}).
 *
 * <p>Behaviour: a line that is not JSON gets a parse error (-32700, id null) and the server reads on; a request
 * without a method -32600; an unknown method -32601; bad params (no tool name, unknown tool, missing required
 * argument) -32602. Requests other than {@code tools/call} are answered on the reading thread at once (so
 * {@code initialize} and {@code tools/list} never wait behind a slow call; {@code tools/list} waits only for the tool
 * catalog, built on its own thread from start-up on, see {@link Prepared}); tool calls run on {@link McpCalls}.
 * stdout carries only protocol messages, one per line, written under one lock. When stdin closes, calls in
 * flight get a grace period, then are answered as cancelled with their statements cancelled; then serve returns.
 */
public final class McpStdioServer {

    /** Protocol versions we speak; the client's is echoed when it is one of them. */
    static final Set<String> PROTOCOL_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    static final String LATEST_PROTOCOL = "2025-11-25";

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;

    /** Compact (one line per message), unlike {@link Json#MAPPER} which indents. */
    private static final ObjectMapper WIRE = new ObjectMapper();

    /** How the server runs. */
    public record Options(int maxConcurrent, Duration callTimeout, Duration shutdownGrace) {

        public static Options defaults() {
            return new Options(4, Duration.ofSeconds(120), Duration.ofSeconds(5));
        }
    }

    /**
     * The tool set to serve, its catalog (one reflection pass over the {@code @Tool} methods and a JSON schema for
     * each) being built on a thread of its own from {@link #prepare} on, so {@code initialize} is answered before it
     * is ready; {@code tools/list} and {@code tools/call} wait for it.
     */
    public static final class Prepared {
        private final DatabaseTools tools;
        private final java.util.concurrent.CompletableFuture<McpToolCatalog> catalog = new java.util.concurrent.CompletableFuture<>();

        private Prepared(DatabaseTools tools, boolean allowWrites) {
            this.tools = tools;
            Thread t = new Thread(() -> {
                try {
                    catalog.complete(new McpToolCatalog(tools, allowWrites));
                } catch (RuntimeException | Error e) {
                    catalog.completeExceptionally(e);
                }
            }, "mcp-catalog");
            t.setDaemon(true);
            t.start();
        }

        McpToolCatalog catalog() {
            try {
                return catalog.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /**
     * Loads and initialises what answering {@code initialize} needs (the wire mapper both ways, the instructions), so
     * the caller can do it while it waits for something else.
     */
    public static void warmUp() {
        try {
            WIRE.writeValueAsBytes(response(WIRE.readTree("{\"jsonrpc\":\"2.0\",\"id\":0}").get("id"),
                    JsonNodeFactory.instance.objectNode().put("instructions", Prompts.mcpInstructions())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts building the catalog of {@code tools} ({@code apply_plan} only with {@code allowWrites}) and returns at once. */
    public static Prepared prepare(DatabaseTools tools, boolean allowWrites) {
        return new Prepared(tools, allowWrites);
    }

    private final Prepared prepared;
    private final McpResources resources;
    private final String version;
    private final OutputStream out;
    private final McpCalls calls;
    private boolean outputClosed;

    private McpStdioServer(Prepared prepared, String version, OutputStream out, Options options) {
        this.prepared = prepared;
        this.resources = new McpResources(prepared.tools.app());
        this.version = version;
        this.out = out;
        this.calls = new McpCalls(options.maxConcurrent(), options.callTimeout(), this::send);
    }

    /** Serves until {@code in} reaches end of file, then answers or cancels the calls in flight and returns. */
    public static void serve(DatabaseTools tools, boolean allowWrites, String version, InputStream in, OutputStream out,
                             Options options) throws InterruptedException {
        serve(prepare(tools, allowWrites), version, in, out, options);
    }

    /** Serves the tools {@link #prepare} started cataloguing, until {@code in} reaches end of file (see above). */
    public static void serve(Prepared prepared, String version, InputStream in, OutputStream out, Options options)
            throws InterruptedException {
        McpStdioServer server = new McpStdioServer(prepared, version, out, options);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int r;
            while ((r = readLine(reader, line, MAX_LINE_CHARS)) != END) {
                if (r == TOO_LONG) {
                    server.send(error(null, INVALID_REQUEST, "invalid request: a message over "
                            + MAX_LINE_CHARS / (1024 * 1024) + " M characters was skipped"));
                } else if (!line.toString().isBlank()) {
                    server.handle(line.toString());
                }
            }
        } catch (IOException e) {
            // stdin broken: same as closed
        } finally {
            server.calls.shutdown(options.shutdownGrace());
        }
    }

    /** A message longer than this is skipped whole (and answered) instead of growing memory without bound. */
    static final int MAX_LINE_CHARS = 64 * 1024 * 1024;
    static final int END = -1;
    static final int LINE = 0;
    static final int TOO_LONG = 1;

    /** Reads one line into {@code into} (cleared first); a line past the limit is read to its end and dropped. */
    static int readLine(BufferedReader reader, StringBuilder into, int maxChars) throws IOException {
        into.setLength(0);
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                return tooLong ? TOO_LONG : LINE;
            }
            if (tooLong) {
                continue;
            }
            if (into.length() >= maxChars) {
                tooLong = true;
                into.setLength(0);
                into.trimToSize();
            } else if (c != '\r') {
                into.append((char) c);
            }
        }
        return tooLong ? TOO_LONG : into.length() > 0 ? LINE : END;
    }

    /**
     * Sessions whose statements a timed-out or cancelled call can stop, with {@code statementTimeout} on read-only
     * sessions (see {@link CancellableSessions}).
     */
    public static io.dbagent.jdbc.SessionSource cancellable(io.dbagent.jdbc.SessionSource sessions, Duration statementTimeout) {
        return new CancellableSessions(sessions, statementTimeout);
    }

    /** With the default options. */
    public static void serve(DatabaseTools tools, boolean allowWrites, String version, InputStream in, OutputStream out)
            throws InterruptedException {
        serve(tools, allowWrites, version, in, out, Options.defaults());
    }

    void handle(String line) {
        JsonNode msg;
        try {
            msg = WIRE.readTree(line);
        } catch (JsonProcessingException e) {
            send(error(null, PARSE_ERROR, "parse error: " + e.getOriginalMessage()));
            return;
        }
        if (msg == null || !msg.isObject()) {
            send(error(null, INVALID_REQUEST, "invalid request: expected a JSON object"
                    + (msg != null && msg.isArray() ? " (batches are not supported)" : "")));
            return;
        }
        JsonNode id = msg.get("id");
        boolean notification = id == null || id.isNull();
        if (!notification && !id.isTextual() && !id.isIntegralNumber()) {
            send(error(null, INVALID_REQUEST, "invalid request: id must be a string or an integer"));
            return;
        }
        JsonNode method = msg.get("method");
        if (method == null || !method.isTextual()) {
            if (notification || msg.has("result") || msg.has("error")) {
                return; // a response to nothing we sent, or junk without an id: nothing to answer
            }
            send(error(id, INVALID_REQUEST, "invalid request: no method"));
            return;
        }
        JsonNode params = msg.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            if (!notification) {
                send(error(id, INVALID_PARAMS, "params must be an object"));
            }
            return;
        }
        if (notification) {
            notification(method.asText(), params);
        } else {
            request(id, method.asText(), params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : params);
        }
    }

    private void notification(String method, JsonNode params) {
        if (method.equals("notifications/cancelled") && params != null) {
            calls.cancelledByClient(params.get("requestId"));
        }
        // notifications/initialized and anything else: nothing to do, and a notification is never answered
    }

    private void request(JsonNode id, String method, JsonNode params) {
        switch (method) {
            case "initialize" -> send(response(id, initialize(params)));
            case "ping" -> send(response(id, JsonNodeFactory.instance.objectNode()));
            case "tools/list" -> {
                McpToolCatalog catalog = catalog(id);
                if (catalog != null) {
                    ObjectNode r = JsonNodeFactory.instance.objectNode();
                    r.set("tools", catalog.list());
                    send(response(id, r));
                }
            }
            case "prompts/list" -> send(response(id, McpPrompts.list()));
            case "prompts/get" -> {
                try {
                    send(response(id, McpPrompts.get(params)));
                } catch (IllegalArgumentException e) {
                    send(error(id, INVALID_PARAMS, e.getMessage()));
                }
            }
            case "resources/list" -> request(id, method, resources::list);
            case "resources/read" -> request(id, method, () -> resources.read(params));
            case "resources/templates/list" -> send(response(id, McpResources.templates()));
            case "tools/call" -> toolCall(id, params);
            default -> send(error(id, METHOD_NOT_FOUND, "method not found: " + method));
        }
    }

    /** The catalog once built; when building it failed, the request is answered with an internal error and null. */
    private McpToolCatalog catalog(JsonNode id) {
        try {
            return prepared.catalog();
        } catch (RuntimeException e) {
            send(error(id, INTERNAL_ERROR, "the tool list could not be built: " + e.getMessage()));
            return null;
        }
    }

    /** A request that reads the database: on the call pool, under the call time limit, like a tool call. */
    private void request(JsonNode id, String method, java.util.function.Supplier<JsonNode> body) {
        if (calls.inFlight(id)) {
            send(error(id, INVALID_REQUEST, "a call with id " + id + " is still running"));
            return;
        }
        calls.submitRequest(id, method, body);
    }

    private ObjectNode initialize(JsonNode params) {
        String asked = params.path("protocolVersion").asText("");
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("protocolVersion", PROTOCOL_VERSIONS.contains(asked) ? asked : LATEST_PROTOCOL);
        ObjectNode caps = r.putObject("capabilities");
        caps.putObject("tools").put("listChanged", false);
        caps.putObject("resources").put("listChanged", false).put("subscribe", false);
        caps.putObject("prompts").put("listChanged", false);
        r.putObject("serverInfo").put("name", "dbagent").put("version", version);
        r.put("instructions", Prompts.mcpInstructions());
        return r;
    }

    private void toolCall(JsonNode id, JsonNode params) {
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            send(error(id, INVALID_PARAMS, "tools/call needs params.name, the tool's name"));
            return;
        }
        McpToolCatalog catalog = catalog(id);
        if (catalog == null) {
            return;
        }
        McpToolCatalog.Entry tool = catalog.get(name.asText());
        if (tool == null) {
            send(error(id, INVALID_PARAMS, "unknown tool: " + name.asText()));
            return;
        }
        JsonNode args = params.get("arguments");
        if (args != null && !args.isNull() && !args.isObject()) {
            send(error(id, INVALID_PARAMS, "tools/call params.arguments must be an object"));
            return;
        }
        for (String required : tool.required()) {
            if (args == null || !args.hasNonNull(required)) {
                send(error(id, INVALID_PARAMS, name.asText() + " needs the argument '" + required + "'"));
                return;
            }
        }
        if (calls.inFlight(id)) {
            send(error(id, INVALID_REQUEST, "a call with id " + id + " is still running"));
            return;
        }
        calls.submit(id, tool.name(), () -> tool.call(args));
    }

    /** Writes one message as one line; the lock keeps concurrent answers from interleaving. */
    synchronized void send(JsonNode message) {
        if (outputClosed) {
            return;
        }
        try {
            out.write(WIRE.writeValueAsBytes(message));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // the client is gone; stdin closes too and the server winds down, cancelling what still runs
            outputClosed = true;
        }
    }

    static ObjectNode response(JsonNode id, JsonNode result) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("jsonrpc", "2.0");
        r.set("id", id);
        r.set("result", result);
        return r;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("jsonrpc", "2.0");
        r.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        r.putObject("error").put("code", code).put("message", message);
        return r;
    }


    /** Tools report failures as {@code {"error": "..."}}; MCP clients want {@code isError} for those. */
    static boolean isErrorJson(String result) {
        if (result == null || !result.startsWith("{")) {
            return false;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(result);
            return node.size() == 1 && node.has("error");
        } catch (IOException e) {
            return false;
        }
    }
}

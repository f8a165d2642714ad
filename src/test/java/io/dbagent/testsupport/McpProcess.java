package io.dbagent.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code java -jar target/dbagent.jar mcp --db …} child spoken to over stdio with newline-delimited JSON-RPC, as an
 * MCP client does: initialized on start, closed (stdin EOF) at the end.
 */
public final class McpProcess implements AutoCloseable {

    private final Process p;
    private final BufferedWriter in;
    private final BufferedReader out;
    private int nextId = 1;

    private McpProcess(Process p) {
        this.p = p;
        this.in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the server on {@code db} (a URL or SQLite path); {@code env} entries are set in its environment, an
     * entry with an empty value is removed from it.
     */
    public static McpProcess start(String db, Map<String, String> env, String... extraArgs) throws Exception {
        Path memory = Files.createTempDirectory("mcp-mem");
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", "target/dbagent.jar", "mcp", "--db", db,
                "--memory-dir", memory.toString()));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        McpProcess m = new McpProcess(pb.start());
        JsonNode init = m.request("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}");
        assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("dbagent");
        McpLines.send(m.in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return m;
    }

    /** Sends a request and returns the whole response (result or error). */
    public JsonNode request(String method, String paramsJson) throws Exception {
        int id = nextId++;
        McpLines.send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
        return McpLines.read(out, id);
    }

    /** Calls a tool with these arguments (a JSON object) and returns its result object (content, isError). */
    public JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        JsonNode r = request("tools/call", Json.MAPPER.writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("name", tool, "arguments", arguments)));
        assertThat(r.has("result")).as(r.toString()).isTrue();
        return r.get("result");
    }

    /** The text of a tool result's first content item. */
    public static String text(JsonNode result) {
        return result.at("/content/0/text").asText();
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        out.close();
    }
}

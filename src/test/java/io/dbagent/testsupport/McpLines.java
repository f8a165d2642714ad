package io.dbagent.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Newline-delimited JSON-RPC to a {@code dbagent mcp} child process, as the MCP tests talk to it. */
public final class McpLines {

    private McpLines() {
    }

    /** Writes one message and flushes it. */
    public static void send(BufferedWriter in, String json) throws Exception {
        in.write(json);
        in.write("\n");
        in.flush();
    }

    /** Reads lines until the response with this id; notifications in between are skipped. */
    public static JsonNode read(BufferedReader out, int id) throws Exception {
        while (true) {
            String line = out.readLine();
            assertThat(line).as("server closed stdout before answering id " + id).isNotNull();
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("id") && n.get("id").asInt() == id) {
                return n;
            }
        }
    }
}

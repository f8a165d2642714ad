package io.dbagent.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.Prompts;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dbagent mcp}: the agent's tools over MCP on stdin/stdout, for opencode and any MCP client. The tool list
 * and JSON schemas come from the {@code @Tool} methods of {@link DatabaseTools}, so the agent and MCP always offer
 * the same tools. stdout carries only protocol messages; the server exits when stdin closes.
 */
public final class McpStdioServer {

    private McpStdioServer() {
    }

    /** Serves until {@code in} reaches end of file. */
    public static void serve(DatabaseTools tools, boolean allowWrites, String version, InputStream in, OutputStream out)
            throws InterruptedException {
        CountDownLatch eof = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    eof.countDown();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    eof.countDown();
                }
                return n;
            }
        };
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        StdioServerTransportProvider transport = new StdioServerTransportProvider(mapper, watched, out);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("dbagent", version)
                .instructions(Prompts.mcpInstructions())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(toolSpecifications(tools, allowWrites))
                .build();
        try {
            eof.await();
        } finally {
            server.closeGracefully();
        }
    }

    /** One MCP tool per {@code @Tool} method; {@code apply_plan} only when writes are allowed. */
    static List<McpServerFeatures.SyncToolSpecification> toolSpecifications(DatabaseTools tools, boolean allowWrites) {
        List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
        for (Object toolObject : tools.all()) {
            for (Method m : toolObject.getClass().getMethods()) {
                if (m.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
                    addTool(out, toolObject, m, allowWrites);
                }
            }
        }
        out.sort(java.util.Comparator.comparing(t -> t.tool().name()));
        return out;
    }

    private static void addTool(List<McpServerFeatures.SyncToolSpecification> out, Object toolObject, Method m,
                                boolean allowWrites) {
        ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
        if (spec.name().equals("apply_plan") && !allowWrites) {
            return;
        }
        Map<String, Object> schema = spec.parameters() == null
                ? new LinkedHashMap<>(Map.of("type", "object", "properties", Map.of()))
                : JsonSchemaElementJsonUtils.toMap(spec.parameters());
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(spec.name())
                .description(spec.description())
                .inputSchema(schema)
                .build();
        DefaultToolExecutor executor = new DefaultToolExecutor(toolObject, m);
        out.add(McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> call(executor, spec.name(), request.arguments()))
                .build());
    }

    /** Tools report failures as {@code {"error": "..."}}; MCP clients want {@code isError} for those. */
    static boolean isErrorJson(String result) {
        if (result == null || !result.startsWith("{")) {
            return false;
        }
        try {
            var node = io.dbagent.report.Json.MAPPER.readTree(result);
            return node.size() == 1 && node.has("error");
        } catch (IOException e) {
            return false;
        }
    }

    private static McpSchema.CallToolResult call(DefaultToolExecutor executor, String name, Map<String, Object> args) {
        String json;
        try {
            json = io.dbagent.report.Json.MAPPER.writeValueAsString(args == null ? Map.of() : args);
        } catch (IOException e) {
            json = "{}";
        }
        String result;
        try {
            result = executor.execute(ToolExecutionRequest.builder().id(name).name(name).arguments(json).build(), "mcp");
        } catch (RuntimeException e) {
            result = io.dbagent.report.Json.write(Map.of("error", io.dbagent.jdbc.Redactor.redact(String.valueOf(e.getMessage()))));
        }
        boolean isError = isErrorJson(result);
        return McpSchema.CallToolResult.builder().addTextContent(result).isError(isError).build();
    }
}

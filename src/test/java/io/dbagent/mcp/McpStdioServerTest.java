package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.agent.ToolHints;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.testsupport.NoDatabase;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON-RPC loop in process, with stand-in tools that sleep: protocol errors, concurrency, time limits, EOF. */
class McpStdioServerTest {

    /** Stand-in tools; they count how often they were interrupted. */
    public static final class SlowTools {
        static final AtomicInteger STARTED = new AtomicInteger();
        static final AtomicInteger INTERRUPTED = new AtomicInteger();

        @ToolHints(readOnly = true, idempotent = true)
        @Tool(name = "sleep", value = "Sleeps")
        public String sleep(@P("Milliseconds") Integer ms) {
            STARTED.incrementAndGet();
            try {
                Thread.sleep(ms);
                return "{\"slept\" : " + ms + "}";
            } catch (InterruptedException e) {
                INTERRUPTED.incrementAndGet();
                return "{\"interrupted\" : true}";
            }
        }
    }

    private static final SessionSource NO_DATABASE = NoDatabase.INSTANCE;

    @TempDir
    Path memory;

    private Thread serverThread;
    private Writer in;
    private BufferedReader out;
    private final List<JsonNode> seen = new ArrayList<>();

    private void start(McpStdioServer.Options options) throws Exception {
        DatabaseTools tools = new DatabaseTools(NO_DATABASE, new MemoryStore(memory), new PlanStore(), false) {
            @Override
            public List<Object> all() {
                List<Object> all = new ArrayList<>(super.all());
                all.add(new SlowTools());
                return all;
            }
        };
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedInputStream fromServer = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        serverThread = new Thread(() -> {
            try {
                McpStdioServer.serve(tools, false, "test", serverIn, serverOut, options);
                serverOut.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "server");
        serverThread.start();
        in = new OutputStreamWriter(toServer, StandardCharsets.UTF_8);
        out = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        if (serverThread != null && serverThread.isAlive()) {
            in.close();
            serverThread.join(10_000);
        }
    }

    private void send(String line) throws Exception {
        in.write(line + "\n");
        in.flush();
    }

    private JsonNode next() throws Exception {
        String line = out.readLine();
        assertThat(line).as("server closed stdout").isNotNull();
        JsonNode n = Json.MAPPER.readTree(line);
        seen.add(n);
        return n;
    }

    private JsonNode read(String id) throws Exception {
        for (JsonNode n : seen) {
            if (n.path("id").toString().equals(id)) {
                seen.remove(n);
                return n;
            }
        }
        while (true) {
            JsonNode n = next();
            if (n.path("id").toString().equals(id)) {
                seen.remove(n);
                return n;
            }
        }
    }

    private static String call(int id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + "}}";
    }

    @Test
    void protocolErrorsAreAnsweredAndTheServerGoesOn() throws Exception {
        start(McpStdioServer.Options.defaults());
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
        assertThat(read("0").at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
        send("{this is not json");
        JsonNode parse = next();
        assertThat(parse.get("id").isNull()).isTrue();
        assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such\"}");
        assertThat(read("1").at("/error/code").asInt()).isEqualTo(-32601);
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{}}");
        assertThat(read("2").at("/error/code").asInt()).isEqualTo(-32602);
        send(call(3, "no_such_tool", "{}"));
        assertThat(read("3").at("/error/code").asInt()).isEqualTo(-32602);
        send(call(4, "run_read_query", "{}"));
        assertThat(read("4").at("/error/message").asText()).contains("'sql'");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}");
        send("[1,2]");
        assertThat(next().at("/error/code").asInt()).isEqualTo(-32600);
        send("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"ping\"}");
        assertThat(read("\"s\"").get("result").isObject()).isTrue();
        send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\"}");
        assertThat(read("5").at("/result/prompts").isArray()).isTrue();
    }

    @Test
    void aFastCallIsNotBlockedByASlowOneAndTheSlowOneTimesOut() throws Exception {
        start(new McpStdioServer.Options(4, Duration.ofMillis(1500), Duration.ofSeconds(5)));
        int before = SlowTools.INTERRUPTED.get();
        long t0 = System.nanoTime();
        send(call(1, "sleep", "{\"ms\":60000}"));
        send(call(2, "sleep", "{\"ms\":10}"));
        JsonNode first = next();
        assertThat(first.get("id").asInt()).as("the fast call answers first").isEqualTo(2);
        assertThat(first.at("/result/isError").asBoolean()).isFalse();
        JsonNode slow = read("1");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(slow.at("/result/isError").asBoolean()).isTrue();
        assertThat(slow.at("/result/content/0/text").asText()).contains("did not finish within 1500 ms");
        assertThat(ms).isBetween(1400L, 5000L);
        Thread.sleep(200);
        assertThat(SlowTools.INTERRUPTED.get()).as("the timed-out call's thread was interrupted").isEqualTo(before + 1);
    }

    @Test
    void aCancelledCallIsStoppedAndNotAnswered() throws Exception {
        start(McpStdioServer.Options.defaults());
        int before = SlowTools.INTERRUPTED.get();
        int started = SlowTools.STARTED.get();
        send(call(1, "sleep", "{\"ms\":60000}"));
        // cancel once the call is running (a busy machine may take a while to start it), not after a fixed pause
        awaitAtLeast(SlowTools.STARTED, started + 1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1,\"reason\":\"user\"}}");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertThat(next().get("id").asInt()).as("no answer for the cancelled call").isEqualTo(2);
        awaitAtLeast(SlowTools.INTERRUPTED, before + 1);
        assertThat(SlowTools.INTERRUPTED.get()).isEqualTo(before + 1);
        // a call that already finished may be cancelled too (opencode does this): harmless
        send(call(3, "sleep", "{\"ms\":1}"));
        assertThat(read("3").at("/result/isError").asBoolean()).isFalse();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}");
        send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
        assertThat(next().get("id").asInt()).isEqualTo(4);
    }

    @Test
    void whenStdinClosesRunningCallsGetAGraceThenAnAnswerAndTheServerEnds() throws Exception {
        start(new McpStdioServer.Options(1, Duration.ofSeconds(120), Duration.ofSeconds(1)));
        send(call(1, "sleep", "{\"ms\":300}"));
        send(call(2, "sleep", "{\"ms\":60000}"));
        send(call(3, "sleep", "{\"ms\":10}"));  // waits for the single thread
        Thread.sleep(500);
        long t0 = System.nanoTime();
        in.close();
        assertThat(read("1").at("/result/content/0/text").asText()).contains("slept");
        JsonNode slow = read("2");
        JsonNode queued = read("3");
        serverThread.join(10_000);
        assertThat(serverThread.isAlive()).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(slow.at("/result/isError").asBoolean()).isTrue();
        assertThat(slow.at("/result/content/0/text").asText()).contains("cancelled");
        assertThat(queued.at("/result/content/0/text").asText()).contains("cancelled");
        assertThat(out.readLine()).isNull();
    }

    @Test
    void everyToolDeclaresItsHintsAndTheListShowsThem() throws Exception {
        DatabaseTools tools = new DatabaseTools(NO_DATABASE, new MemoryStore(memory), new PlanStore(), true);
        List<String> missing = new ArrayList<>();
        for (Object o : tools.all()) {
            for (Method m : o.getClass().getMethods()) {
                if (m.isAnnotationPresent(Tool.class) && !m.isAnnotationPresent(ToolHints.class)) {
                    missing.add(m.getName());
                }
            }
        }
        assertThat(missing).as("@Tool methods without @ToolHints").isEmpty();
        McpToolCatalog catalog = new McpToolCatalog(tools, true);
        JsonNode apply = null;
        JsonNode query = null;
        for (JsonNode t : catalog.list()) {
            assertThat(t.at("/annotations/openWorldHint").asBoolean()).isFalse();
            assertThat(t.at("/inputSchema/type").asText()).isEqualTo("object");
            if (t.get("name").asText().equals("apply_plan")) {
                apply = t;
            } else if (t.get("name").asText().equals("run_read_query")) {
                query = t;
            }
        }
        assertThat(apply.at("/annotations/destructiveHint").asBoolean()).isTrue();
        assertThat(apply.at("/annotations/readOnlyHint").asBoolean()).isFalse();
        assertThat(query.at("/annotations/readOnlyHint").asBoolean()).isTrue();
        assertThat(query.at("/annotations/destructiveHint").asBoolean()).isFalse();
        assertThat(query.at("/inputSchema/properties/maxRows/type").asText()).isEqualTo("integer");
        assertThat(new McpToolCatalog(tools, false).get("apply_plan")).isNull();
    }

    @Test
    void seedRowsOutOfRangeAreAToolErrorBeforeTheDatabaseIsTouched() throws Exception {
        start(McpStdioServer.Options.defaults());
        send(call(1, "test_migrations", "{\"dir\":\"migrations\",\"seedRows\":-1}"));
        JsonNode r = read("1");
        assertThat(r.at("/result/isError").asBoolean()).isTrue();
        // the same line as dbagent migrate test --seed-rows -1 (NO_DATABASE would fail with another message)
        assertThat(Json.MAPPER.readTree(r.at("/result/content/0/text").asText()).get("error").asText())
                .isEqualTo("--seed-rows must be between 0 and 100000, got -1");
    }

    @Test
    void migrationStatusRefusesAnUnknownHistoryBeforeTheDatabaseIsTouched() throws Exception {
        start(McpStdioServer.Options.defaults());
        send(call(1, "migration_status", "{\"dir\":\"migrations\",\"history\":\"liquibase\"}"));
        JsonNode r = read("1");
        assertThat(r.at("/result/isError").asBoolean()).isTrue();
        assertThat(Json.MAPPER.readTree(r.at("/result/content/0/text").asText()).get("error").asText())
                .isEqualTo("--history must be flyway, dbagent or auto, got 'liquibase'");
    }

    @Test
    void aLineOverTheLimitIsSkippedWholeAndTheNextOneIsRead() throws Exception {
        var reader = new java.io.BufferedReader(new java.io.StringReader("x".repeat(50) + "\n{\"ok\":1}\r\nlast"));
        StringBuilder line = new StringBuilder();
        assertThat(McpStdioServer.readLine(reader, line, 10)).isEqualTo(McpStdioServer.TOO_LONG);
        assertThat(McpStdioServer.readLine(reader, line, 10)).isEqualTo(McpStdioServer.LINE);
        assertThat(line.toString()).isEqualTo("{\"ok\":1}");
        assertThat(McpStdioServer.readLine(reader, line, 10)).isEqualTo(McpStdioServer.LINE);
        assertThat(line.toString()).isEqualTo("last");
        assertThat(McpStdioServer.readLine(reader, line, 10)).isEqualTo(McpStdioServer.END);
    }

    /** Waits up to 20 s for {@code counter} to reach {@code value}; the assertion after it says what was expected. */
    private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (counter.get() < value && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}

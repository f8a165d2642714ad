package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP server as a child process ({@code java -cp … io.dbagent.cli.Main mcp}) under the abuse of issue 12:
 * malformed lines, slow and timed-out calls, stdin closing mid-call, oversized results, simultaneous apply_plan.
 * Outcomes are checked on PostgreSQL from a separate connection (rows, pg_stat_activity). Slow calls are
 * {@code explain_query} of {@code pg_sleep} (analyze runs it): the read guard of run_read_query decides on its own
 * whether it lets sleeps through, and these tests are about the server, not that guard.
 */
class McpHardeningIT {

    private static DbUrl pg;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void database() {
        pg = TestDatabases.create(DialectKind.POSTGRES, "mcphard");
        TestDatabases.exec(pg, "CREATE TABLE applied (id int)");
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(pg);
    }

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A running server: lines it wrote are collected by a reader thread so no read can hang the test. */
    private final class Server {
        final Process process;
        final OutputStream in;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<JsonNode> unclaimed = new ArrayList<>();

        Server(String... extra) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "io.dbagent.cli.Main", "mcp", "--db", pgArg(),
                    "--memory-dir", Files.createTempDirectory("mcp-mem").toString()));
            cmd.addAll(List.of(extra));
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(process);
            in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (Exception ignored) {
                    // process gone
                }
                lines.add("<eof>");
            });
            reader.setDaemon(true);
            reader.start();
            send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"opencode\",\"version\":\"1.18.33\"}}}");
            assertThat(read("0", 60).at("/result/serverInfo/name").asText()).isEqualTo("dbagent");
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        void send(String... messages) throws Exception {
            StringBuilder sb = new StringBuilder();
            for (String m : messages) {
                sb.append(m).append('\n');
            }
            in.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** The next message, whatever its id. */
        JsonNode next(int seconds) throws Exception {
            if (!unclaimed.isEmpty()) {
                return unclaimed.remove(0);
            }
            String l = lines.poll(seconds, TimeUnit.SECONDS);
            assertThat(l).as("a message within " + seconds + " s").isNotNull().isNotEqualTo("<eof>");
            return Json.MAPPER.readTree(l);
        }

        /** The answer with this id (as JSON text: 1 or "a"); other messages are kept for later. */
        JsonNode read(String id, int seconds) throws Exception {
            for (JsonNode n : unclaimed) {
                if (n.path("id").toString().equals(id)) {
                    unclaimed.remove(n);
                    return n;
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(l).as("answer to id " + id + " within " + seconds + " s").isNotNull().isNotEqualTo("<eof>");
                JsonNode n = Json.MAPPER.readTree(l);
                if (n.path("id").toString().equals(id)) {
                    return n;
                }
                unclaimed.add(n);
            }
        }

        void closeStdin() throws Exception {
            in.close();
        }
    }

    private static String pgArg() {
        return "postgres://" + pg.user() + (pg.password() == null ? "" : ":" + pg.password()) + "@" + pg.hostPort()
                + "/" + pg.database();
    }

    private static String call(Object id, String tool, String args) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + args + ",\"_meta\":{\"progressToken\":" + id + "}}}";
    }

    private static String text(JsonNode answer) {
        return answer.at("/result/content/0/text").asText();
    }

    /** Statements running pg_sleep in the test database, seen from a separate connection. */
    private static long sleepersRunning() throws Exception {
        try (DbSession s = TestDatabases.writable(pg); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND pid <> pg_backend_pid() AND state = 'active' AND query ILIKE '%pg_sleep%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aMalformedLineGetsAParseErrorAndTheNextRequestItsAnswer() throws Exception {
        Server s = new Server();
        s.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"", // cut short
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        JsonNode parse = s.next(30);
        assertThat(parse.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(parse.get("id").isNull()).isTrue();
        JsonNode list = s.read("2", 30);
        JsonNode query = null;
        for (JsonNode t : list.at("/result/tools")) {
            if (t.get("name").asText().equals("run_read_query")) {
                query = t;
            }
            assertThat(t.get("annotations")).as(t.get("name").asText() + " has annotations").isNotNull();
            assertThat(t.at("/annotations/openWorldHint").asBoolean()).isFalse();
        }
        assertThat(query.at("/annotations/readOnlyHint").asBoolean()).isTrue();
        assertThat(query.at("/annotations/destructiveHint").asBoolean()).isFalse();
        s.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/nope\"}");
        assertThat(s.read("3", 30).at("/error/code").asInt()).isEqualTo(-32601);
        s.closeStdin();
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process.exitValue()).isZero();
    }

    @Test
    void aSlowCallDoesNotBlockAFastOneAndATimedOutCallLeavesNoStatementBehind() throws Exception {
        Server s = new Server("--call-timeout", "8", "--timeout", "120");
        s.send(call(1, "explain_query", "{\"sql\":\"SELECT pg_sleep(1.5)\",\"runs\":1}"),
                call(2, "run_read_query", "{\"sql\":\"SELECT 42 AS answer\"}"));
        JsonNode first = s.next(30);
        assertThat(first.get("id").asInt()).as("the fast call answers before the slow one").isEqualTo(2);
        assertThat(text(first)).contains("42");
        JsonNode slow = s.read("1", 30);
        assertThat(slow.at("/result/isError").asBoolean()).as(text(slow)).isFalse();

        long t0 = System.nanoTime();
        s.send(call(3, "explain_query", "{\"sql\":\"SELECT pg_sleep(100)\",\"runs\":1}"));
        Thread.sleep(2000);
        assertThat(sleepersRunning()).as("the slow statement runs on the server").isEqualTo(1);
        JsonNode timedOut = s.read("3", 30);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(timedOut.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(timedOut)).contains("did not finish within 8 s");
        assertThat(ms).isBetween(7_500L, 13_000L);
        Thread.sleep(2000);
        assertThat(sleepersRunning()).as("the timed-out statement was cancelled on the server").isZero();
        // and the server still works
        s.send(call(4, "run_read_query", "{\"sql\":\"SELECT 1 AS one\"}"));
        assertThat(s.read("4", 30).at("/result/isError").asBoolean()).isFalse();
        s.closeStdin();
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theStatementTimeLimitEndsAStatementOnTheServer() throws Exception {
        Server s = new Server("--timeout", "2");
        long t0 = System.nanoTime();
        s.send(call(1, "explain_query", "{\"sql\":\"SELECT pg_sleep(100)\",\"runs\":1}"));
        JsonNode answer = s.read("1", 30);
        assertThat(answer.at("/result/isError").asBoolean()).as(text(answer)).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000 + 5_000);
        assertThat(sleepersRunning()).isZero();
        s.closeStdin();
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closingStdinDuringACallAnswersItAndCancelsItsStatement() throws Exception {
        Server s = new Server("--timeout", "300");
        s.send(call(1, "explain_query", "{\"sql\":\"SELECT pg_sleep(200)\",\"runs\":1}"));
        // a loaded machine may need more than a moment to start the server and reach the statement
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sleepersRunning() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(sleepersRunning()).isEqualTo(1);
        long t0 = System.nanoTime();
        s.closeStdin();
        JsonNode answer = s.read("1", 30);
        assertThat(answer.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(answer)).contains("cancelled");
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).as("exits after stdin closed").isTrue();
        assertThat(s.process.exitValue()).isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        Thread.sleep(10_000);
        assertThat(sleepersRunning()).as("no dbagent statement still running 10 s later").isZero();
    }

    @Test
    void anOversizedResultIsCutToValidJsonThatSaysSo() throws Exception {
        Server s = new Server();
        s.send(call(1, "run_read_query", "{\"sql\":\"SELECT g AS n, repeat('x', 300) AS pad FROM generate_series(1, 1000) g\","
                + "\"maxRows\":1000}"));
        String body = text(s.read("1", 60));
        assertThat(body.length()).isLessThanOrEqualTo(60_000);
        JsonNode n = Json.MAPPER.readTree(body);
        assertThat(n.get("truncated").asBoolean()).isTrue();
        assertThat(n.at("/omitted/rows").asInt()).isGreaterThan(0);
        assertThat(n.get("rows").size() + n.at("/omitted/rows").asInt()).isEqualTo(1000);
        s.closeStdin();
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fiveSimultaneousApplyPlanCallsApplyThePlanOnce() throws Exception {
        Path work = Files.createTempDirectory("mcp-work");
        Server s = new Server("--allow-writes", "--max-concurrent", "5", "--workdir", work.toString());
        s.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/list\"}");
        for (JsonNode t : s.read("99", 30).at("/result/tools")) {
            if (t.get("name").asText().equals("apply_plan")) {
                assertThat(t.at("/annotations/destructiveHint").asBoolean()).isTrue();
                assertThat(t.at("/annotations/readOnlyHint").asBoolean()).isFalse();
            }
        }
        s.send(call(1, "propose_change", "{\"sql\":\"INSERT INTO applied VALUES (1)\",\"reason\":\"one row\"}"));
        String planId = Json.MAPPER.readTree(text(s.read("1", 30))).at("/plan/id").asText();
        String apply = "{\"planId\":\"" + planId + "\"}";
        s.send(call(10, "apply_plan", apply), call(11, "apply_plan", apply), call(12, "apply_plan", apply),
                call(13, "apply_plan", apply), call(14, "apply_plan", apply));
        int applied = 0;
        int refused = 0;
        for (int id = 10; id <= 14; id++) {
            String t = text(s.read(String.valueOf(id), 60));
            if (t.contains("\"applied\" : true")) {
                applied++;
            } else if (t.contains("plan " + planId + " is already applied") || t.contains("plan " + planId + " is being applied")) {
                refused++;
            }
        }
        assertThat(applied).isEqualTo(1);
        assertThat(refused).isEqualTo(4);
        try (DbSession db = TestDatabases.writable(pg); Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM applied")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows in the table, counted from a separate connection").isEqualTo(1);
        }

        // a file-writing tool may not write outside --workdir
        Path outside = Files.createTempDirectory("mcp-outside").resolve("migrations");
        s.send(call(20, "generate_migration", "{\"name\":\"x\",\"change\":\"CREATE TABLE t2 (id int)\",\"dir\":\""
                + outside + "\"}"));
        assertThat(text(s.read("20", 60))).contains("outside the work directories");
        assertThat(outside).doesNotExist();
        s.closeStdin();
        assertThat(s.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
}

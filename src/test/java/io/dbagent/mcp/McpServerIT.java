package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.dbagent.testsupport.McpLines.read;
import static io.dbagent.testsupport.McpLines.send;
import static org.assertj.core.api.Assertions.assertThat;

/** Spawns {@code java -jar target/dbagent.jar mcp} and speaks JSON-RPC to it the way opencode does. */
class McpServerIT {

    private static DbUrl pg;

    @BeforeAll
    static void database() {
        pg = TestDatabases.create(DialectKind.POSTGRES, "mcp");
        TestDatabases.exec(pg, """
                CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id), total numeric(10,2));
                INSERT INTO customers VALUES (1, 'a@x'), (2, 'b@x');
                INSERT INTO orders VALUES (10, 1, 5.00), (11, 2, 7.50);
                """);
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(pg);
    }

    private static String pgArg() {
        return "postgres://" + pg.user() + (pg.password() == null ? "" : ":" + pg.password()) + "@" + pg.hostPort()
                + "/" + pg.database();
    }

    @Test
    void initializeListAndCallToolsThenExitOnEof() throws Exception {
        Path jar = Path.of("target", "dbagent.jar");
        assertThat(jar).exists();
        Path memory = Files.createTempDirectory("mcp-mem");
        Process p = new ProcessBuilder("java", "-jar", jar.toString(), "mcp", "--db", pgArg(),
                "--memory-dir", memory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long t0 = System.nanoTime();
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"opencode\",\"version\":\"1.18.33\"}}}");
            JsonNode init = read(out, 0);
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("dbagent");
            assertThat(init.at("/result/capabilities/tools").isObject()).isTrue();
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            JsonNode list = read(out, 1);
            long initAndListMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(initAndListMs).as("initialize + tools/list must answer well within opencode's 30 s").isLessThan(30_000);
            List<String> names = new ArrayList<>();
            list.at("/result/tools").forEach(t -> names.add(t.get("name").asText()));
            assertThat(names).contains("inspect_schema", "lint_schema", "run_read_query", "propose_change",
                    "memory_search", "memory_add").doesNotContain("apply_plan");
            JsonNode runQuery = null;
            for (JsonNode t : list.at("/result/tools")) {
                if (t.get("name").asText().equals("run_read_query")) {
                    runQuery = t;
                }
            }
            assertThat(runQuery.at("/inputSchema/properties/sql/type").asText()).isEqualTo("string");
            assertThat(runQuery.at("/inputSchema/required").toString()).contains("sql");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"lint_schema\","
                    + "\"arguments\":{},\"_meta\":{\"progressToken\":7}}}");
            JsonNode lint = read(out, 2);
            assertThat(lint.at("/result/isError").asBoolean()).isFalse();
            JsonNode report = Json.MAPPER.readTree(lint.at("/result/content/0/text").asText());
            assertThat(report.get("findings").toString()).contains("fk-without-index")
                    .contains("CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"run_read_query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}}");
            JsonNode count = read(out, 3);
            assertThat(count.at("/result/content/0/text").asText()).contains("\"n\" : 2");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"run_read_query\","
                    + "\"arguments\":{\"sql\":\"DROP TABLE orders\"}}}");
            JsonNode refused = read(out, 4);
            assertThat(refused.at("/result/isError").asBoolean()).isTrue();
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":4}}");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"inspect_schema\","
                    + "\"arguments\":{\"tables\":[\"orders\"]}}}");
            JsonNode schema = Json.MAPPER.readTree(read(out, 5).at("/result/content/0/text").asText());
            assertThat(schema.get("tables")).hasSize(1);
            assertThat(schema.at("/tables/0/foreignKeys/0/refTable").asText()).isEqualTo("customers");
        }
        // stdin closed: the server must exit by itself
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits on stdin EOF").isTrue();
        TestDatabases.exec(pg, "SELECT 1"); // and the table it was asked to drop is still there:
        var r = io.dbagent.cli.CliRunner.run("inspect", "--db", pgArg(), "--table", "orders", "--format", "json");
        assertThat(r.exit()).isZero();
    }

    @Test
    void allowWritesOffersApplyPlanWhichRunsOnlyTheProposedPlan() throws Exception {
        Path memory = Files.createTempDirectory("mcp-mem");
        Process p = new ProcessBuilder("java", "-jar", "target/dbagent.jar", "mcp", "--db", pgArg(), "--allow-writes",
                "--memory-dir", memory.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            read(out, 0);
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"apply_plan\","
                    + "\"arguments\":{\"planId\":\"plan-9\"}}}");
            assertThat(read(out, 1).at("/result/content/0/text").asText()).contains("no plan 'plan-9'");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"propose_change\","
                    + "\"arguments\":{\"sql\":\"CREATE INDEX idx_orders_customer ON orders (customer_id)\",\"reason\":\"fk index\"}}}");
            String planJson = read(out, 2).at("/result/content/0/text").asText();
            String planId = Json.MAPPER.readTree(planJson).at("/plan/id").asText();
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"apply_plan\","
                    + "\"arguments\":{\"planId\":\"" + planId + "\"}}}");
            assertThat(read(out, 3).at("/result/content/0/text").asText()).contains("\"applied\" : true");
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        var r = io.dbagent.cli.CliRunner.run("inspect", "--db", pgArg(), "--table", "orders", "--format", "json");
        assertThat(r.out()).contains("idx_orders_customer");
        TestDatabases.exec(pg, "DROP INDEX idx_orders_customer");
    }

    @Test
    void theSchemaIsOfferedAsResourcesAndTheCommonTasksAsPrompts() throws Exception {
        Path memory = Files.createTempDirectory("mcp-mem");
        Process p = new ProcessBuilder("java", "-jar", "target/dbagent.jar", "mcp", "--db", pgArg(),
                "--memory-dir", memory.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            JsonNode init = read(out, 0);
            assertThat(init.at("/result/capabilities/resources").isObject()).isTrue();
            assertThat(init.at("/result/capabilities/prompts").isObject()).isTrue();
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}");
            JsonNode list = read(out, 1);
            List<String> uris = new ArrayList<>();
            list.at("/result/resources").forEach(r -> uris.add(r.get("uri").asText()));
            assertThat(uris).containsExactlyInAnyOrder("dbagent://table/public/customers", "dbagent://table/public/orders");
            assertThat(list.at("/result/resources").toString()).contains("table public.orders: 3 columns");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":"
                    + "\"dbagent://table/public/orders\"}}");
            JsonNode read = read(out, 2);
            assertThat(read.at("/result/contents/0/mimeType").asText()).isEqualTo("application/json");
            JsonNode table = Json.MAPPER.readTree(read.at("/result/contents/0/text").asText());
            assertThat(table.get("name").asText()).isEqualTo("orders");
            assertThat(table.at("/foreignKeys/0/refTable").asText()).isEqualTo("customers");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":"
                    + "\"dbagent://table/public/nope\"}}");
            JsonNode missing = read(out, 3);
            assertThat(missing.at("/error/code").asInt()).isEqualTo(-32602);
            assertThat(missing.at("/error/message").asText()).isEqualTo("no table or view public.nope");

            send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/list\"}");
            List<String> prompts = new ArrayList<>();
            read(out, 4).at("/result/prompts").forEach(x -> prompts.add(x.get("name").asText()));
            assertThat(prompts).containsExactly("review_schema", "why_is_this_slow", "plan_migration");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\",\"params\":{\"name\":"
                    + "\"why_is_this_slow\",\"arguments\":{\"sql\":\"SELECT * FROM orders WHERE total > 5\"}}}");
            assertThat(read(out, 5).at("/result/messages/0/content/text").asText())
                    .contains("SELECT * FROM orders WHERE total > 5", "explain_query", "advise_indexes");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/get\",\"params\":{\"name\":"
                    + "\"why_is_this_slow\",\"arguments\":{}}}");
            assertThat(read(out, 6).at("/error/message").asText()).isEqualTo("prompt why_is_this_slow needs the argument 'sql'");
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
}

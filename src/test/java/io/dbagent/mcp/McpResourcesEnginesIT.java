package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.McpProcess;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP resources ({@code dbagent://table/SCHEMA/NAME}) on MariaDB and SQLite, where the schema part is the database
 * name and {@code main}; PostgreSQL is covered by {@link McpServerIT}.
 */
class McpResourcesEnginesIT {

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"MYSQL", "SQLITE"})
    void tablesAndViewsAreListedAndReadAsTheirModel(DialectKind kind) throws Exception {
        DbUrl db = TestDatabases.create(kind, "mcpres");
        try {
            String id = kind == DialectKind.MYSQL ? "INT" : "INTEGER";
            TestDatabases.exec(db, "CREATE TABLE customers (id " + id + " PRIMARY KEY, email VARCHAR(80) NOT NULL);\n"
                    + "CREATE TABLE orders (id " + id + " PRIMARY KEY, customer_id " + id + " NOT NULL, total DECIMAL(10,2),\n"
                    + "  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id));\n"
                    + "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;\n"
                    + "INSERT INTO customers VALUES (1, 'a@x');\nINSERT INTO orders VALUES (10, 1, 5.00), (11, 1, 500.00);\n");
            String schema = kind == DialectKind.MYSQL ? db.database() : "main";
            String prefix = "dbagent://table/" + schema + "/";
            try (McpProcess mcp = McpProcess.start(QueryFixture.dbArg(db), Map.of())) {
                JsonNode list = mcp.request("resources/list", null);
                List<String> uris = new ArrayList<>();
                list.at("/result/resources").forEach(r -> uris.add(r.get("uri").asText()));
                assertThat(uris).containsExactlyInAnyOrder(prefix + "customers", prefix + "orders", prefix + "big_orders");
                assertThat(list.at("/result/resources").toString())
                        .contains("table " + schema + ".orders: 3 columns", "view " + schema + ".big_orders");

                JsonNode read = mcp.request("resources/read", "{\"uri\":\"" + prefix + "orders\"}");
                assertThat(read.at("/result/contents/0/mimeType").asText()).isEqualTo("application/json");
                JsonNode table = Json.MAPPER.readTree(read.at("/result/contents/0/text").asText());
                assertThat(table.get("name").asText()).isEqualTo("orders");
                assertThat(table.get("columns").findValuesAsText("name")).containsExactly("id", "customer_id", "total");
                assertThat(table.at("/foreignKeys/0/refTable").asText()).isEqualTo("customers");
                assertThat(table.at("/foreignKeys/0/columns/0").asText()).isEqualTo("customer_id");

                JsonNode view = mcp.request("resources/read", "{\"uri\":\"" + prefix + "big_orders\"}");
                assertThat(Json.MAPPER.readTree(view.at("/result/contents/0/text").asText()).get("name").asText())
                        .isEqualTo("big_orders");

                JsonNode missing = mcp.request("resources/read", "{\"uri\":\"" + prefix + "nope\"}");
                assertThat(missing.at("/error/code").asInt()).isEqualTo(-32602);
                assertThat(missing.at("/error/message").asText()).isEqualTo("no table or view " + schema + ".nope");
                JsonNode otherSchema = mcp.request("resources/read", "{\"uri\":\"dbagent://table/elsewhere/orders\"}");
                assertThat(otherSchema.at("/error/message").asText()).isEqualTo("no table or view elsewhere.orders");
            }
        } finally {
            TestDatabases.drop(db);
        }
    }
}

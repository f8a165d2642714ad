package io.dbagent.faces;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.QueryTools;
import io.dbagent.app.PlanStore;
import io.dbagent.cli.CliRunner;
import io.dbagent.cli.repl.ReplDriver;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.McpProcess;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code explain --hypothetical} on every face: on PostgreSQL (hypopg) the plan uses the hypothetical index and
 * afterwards no index exists, checked on separate connections; hostile index text is refused and changes nothing;
 * MariaDB and SQLite say in one line that it is not available.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HypotheticalExplainIT {

    private static final String QUERY = "SELECT id, total FROM orders WHERE customer_id = 42";
    private DbUrl pg;
    private DbUrl maria;
    private DbUrl sqlite;

    @BeforeAll
    void load() {
        pg = TestDatabases.create(DialectKind.POSTGRES, "hypoexplain");
        TestDatabases.exec(pg, """
                CREATE EXTENSION hypopg;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(10,2));
                INSERT INTO orders SELECT g, g % 5000, g / 100.0 FROM generate_series(1, 200000) g;
                ANALYZE orders;
                """);
        maria = TestDatabases.create(DialectKind.MYSQL, "hypoexplain");
        TestDatabases.exec(maria, "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                + "total decimal(10,2))");
        sqlite = TestDatabases.create(DialectKind.SQLITE, "hypoexplain");
        TestDatabases.exec(sqlite, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, "
                + "total REAL)");
    }

    @AfterAll
    void drop() {
        for (DbUrl u : new DbUrl[]{pg, maria, sqlite}) {
            if (u != null) {
                TestDatabases.drop(u);
            }
        }
    }

    private static String nodes(JsonNode plan) {
        return plan.toString();
    }

    private long pg(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + pg.hostPort() + "/" + pg.database(),
                pg.user(), pg.password() == null ? "" : pg.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Nothing real was built and no hypothetical index is visible from a new session. */
    private void nothingLeft() throws Exception {
        assertThat(pg("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'")).as("only the primary key")
                .isEqualTo(1);
        assertThat(pg("SELECT count(*) FROM hypopg_list_indexes")).isZero();
        assertThat(pg("SELECT count(*) FROM orders")).isEqualTo(200_000);
    }

    @Test
    void cliPlansWithTheHypotheticalIndexAndLeavesNoIndex() throws Exception {
        var before = CliRunner.run("explain", "--db", QueryFixture.dbArg(pg), "--format", "json", QUERY);
        assertThat(before.exit()).as(before.err()).isIn(0, 1);
        JsonNode plain = Json.MAPPER.readTree(before.out());
        assertThat(nodes(plain.at("/plan"))).contains("Seq Scan").doesNotContain("btree_orders_customer_id");

        var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(pg), "--format", "json",
                "--hypothetical", "CREATE INDEX ix_orders_customer ON orders (customer_id)", QUERY);
        assertThat(r.err()).isEmpty();
        JsonNode hypo = Json.MAPPER.readTree(r.out());
        assertThat(hypo.at("/plan").toString()).contains("btree_orders_customer_id");
        assertThat(nodes(hypo.at("/plan"))).doesNotContain("Seq Scan");
        assertThat(hypo.at("/notes").toString())
                .contains("CREATE INDEX ON \\\"public\\\".\\\"orders\\\" (\\\"customer_id\\\")");
        nothingLeft();
    }

    @Test
    void hostileIndexTextIsRefusedWithExit2AndChangesNothing() throws Exception {
        for (String hostile : List.of("CREATE INDEX ON orders (customer_id); DROP TABLE orders",
                "orders(customer_id); DROP TABLE orders",
                "CREATE INDEX ON orders ((pg_terminate_backend(pg_backend_pid())))",
                "CREATE INDEX ON orders (customer_id) WHERE pg_sleep(5) IS NULL")) {
            var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(pg), "--hypothetical", hostile, QUERY);
            assertThat(r.exit()).as(hostile).isEqualTo(2);
            assertThat(r.err().strip()).as(hostile).startsWith("dbagent: refused hypothetical index").doesNotContain("\n")
                    .doesNotContain("Exception");
        }
        var unknown = CliRunner.run("explain", "--db", QueryFixture.dbArg(pg), "--hypothetical", "orders(nope)", QUERY);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("dbagent: hypothetical index on public.orders: no column nope");
        var analyze = CliRunner.run("explain", "--db", QueryFixture.dbArg(pg), "--analyze", "--hypothetical",
                "orders(customer_id)", QUERY);
        assertThat(analyze.exit()).isEqualTo(2);
        assertThat(analyze.err()).contains("without --analyze and --runs");
        nothingLeft();
    }

    @Test
    void agentChatAndMcpPlanWithTheHypotheticalIndex(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(pg), pg, new MemoryStore(dir), new PlanStore(), false);
        QueryTools q = (QueryTools) tools.all().stream().filter(QueryTools.class::isInstance).findFirst().orElseThrow();
        JsonNode agent = Json.MAPPER.readTree(q.explainQuery(QUERY, null, null, null, List.of("orders(customer_id)")));
        assertThat(agent.at("/plan").toString()).as(agent.toString()).contains("btree_orders_customer_id");
        JsonNode hostile = Json.MAPPER.readTree(q.explainQuery(QUERY, null, null, null,
                List.of("CREATE INDEX ON orders (customer_id); DROP TABLE orders")));
        assertThat(hostile.get("error").asText()).startsWith("refused hypothetical index");
        nothingLeft();

        String chat = ReplDriver.run("/explain --hypothetical 'CREATE INDEX ON orders (customer_id)' " + QUERY
                + "\n/explain " + QUERY + "\n/quit\n", tools);
        assertThat(chat).contains("btree_orders_customer_id", "planned as if these hypothetical indexes existed");
        assertThat(chat.indexOf("btree_orders_customer_id")).isLessThan(chat.indexOf("Seq Scan"));
        nothingLeft();

        try (McpProcess mcp = McpProcess.start(QueryFixture.dbArg(pg), Map.of())) {
            JsonNode tool = mcp.request("tools/list", null).at("/result/tools");
            JsonNode explain = null;
            for (JsonNode t : tool) {
                if (t.get("name").asText().equals("explain_query")) {
                    explain = t;
                }
            }
            assertThat(explain).isNotNull();
            assertThat(explain.at("/inputSchema/properties/hypotheticalIndexes/type").asText()).isEqualTo("array");
            JsonNode ok = mcp.call("explain_query", Map.of("sql", QUERY,
                    "hypotheticalIndexes", List.of("CREATE INDEX ON orders (customer_id)")));
            assertThat(ok.get("isError").asBoolean()).isFalse();
            assertThat(Json.MAPPER.readTree(McpProcess.text(ok)).at("/plan").toString())
                    .contains("btree_orders_customer_id");
            JsonNode bad = mcp.call("explain_query", Map.of("sql", QUERY,
                    "hypotheticalIndexes", List.of("CREATE INDEX ON orders (customer_id); DROP TABLE orders")));
            assertThat(bad.get("isError").asBoolean()).isTrue();
            assertThat(McpProcess.text(bad)).contains("refused hypothetical index");
        }
        nothingLeft();
    }

    @Test
    void withoutTheExtensionInTheDatabaseItSaysWhatToRun() throws Exception {
        DbUrl bare = TestDatabases.create(DialectKind.POSTGRES, "hypobare");
        try {
            TestDatabases.exec(bare, "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                    + "total numeric(10,2))");
            var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(bare), "--hypothetical", "orders(customer_id)",
                    QUERY);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("dbagent: hypothetical indexes need the hypopg extension in this "
                    + "database: run CREATE EXTENSION hypopg; (it is available on the server, and only keeps indexes "
                    + "in a session's memory)");
        } finally {
            TestDatabases.drop(bare);
        }
    }

    @Test
    void mariaDbAndSqliteSayItIsNotAvailable(@TempDir Path dir) throws Exception {
        for (DbUrl u : List.of(maria, sqlite)) {
            var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(u), "--hypothetical",
                    "CREATE INDEX ON orders (customer_id)", QUERY);
            assertThat(r.exit()).as(u.dialect().toString()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n")
                    .startsWith("dbagent: hypothetical indexes are not available on ")
                    .contains("(PostgreSQL with hypopg only)")
                    .contains("advise --what-if scratch");
            DatabaseTools tools = new DatabaseTools(SessionSource.of(u), u, new MemoryStore(dir), new PlanStore(), false);
            QueryTools q = (QueryTools) tools.all().stream().filter(QueryTools.class::isInstance).findFirst()
                    .orElseThrow();
            assertThat(q.explainQuery(QUERY, null, null, null, List.of("orders(customer_id)")))
                    .contains("hypothetical indexes are not available on ");
        }
        // the hostile text is refused before the engine is asked, on every engine
        var hostile = CliRunner.run("explain", "--db", QueryFixture.dbArg(sqlite), "--hypothetical",
                "orders(customer_id); DROP TABLE orders", QUERY);
        assertThat(hostile.exit()).isEqualTo(2);
        assertThat(hostile.err()).startsWith("dbagent: refused hypothetical index");
    }

    /**
     * A statement explain refuses (two statements, a function with side effects) is refused before hypopg is asked
     * for anything: the connection sees no hypopg_create_index. The accepted statement shows the recorder sees it.
     */
    @Test
    void aRefusedStatementGetsNoHypotheticalIndex() throws Exception {
        for (String sql : List.of("SELECT 1; DELETE FROM orders", "SELECT pg_terminate_backend(1)", "VACUUM orders",
                QUERY)) {
            List<String> prepared = new java.util.ArrayList<>();
            try (Connection raw = DriverManager.getConnection("jdbc:postgresql://" + pg.hostPort() + "/"
                    + pg.database(), pg.user(), pg.password() == null ? "" : pg.password())) {
                Connection recording = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                            if (m.getName().equals("prepareStatement")) {
                                prepared.add(String.valueOf(args[0]));
                            }
                            try {
                                return m.invoke(raw, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                io.dbagent.jdbc.DbSession s = io.dbagent.jdbc.ConnectionFactory.wrap(recording,
                        io.dbagent.jdbc.ConnectionFactory.Access.READ_ONLY);
                io.dbagent.explain.ExplainOptions o = io.dbagent.explain.ExplainOptions.builder(sql).analyze(false)
                        .runs(0).build();
                boolean refused;
                try {
                    io.dbagent.explain.ExplainService.explain(s, o, List.of("orders(customer_id)"));
                    refused = false;
                } catch (io.dbagent.DbAgentException e) {
                    refused = true;
                }
                boolean madeHypothetical = prepared.stream().anyMatch(p -> p.contains("hypopg_create_index"));
                assertThat(refused).as(sql).isEqualTo(!sql.equals(QUERY));
                assertThat(madeHypothetical).as(sql + ": " + prepared).isEqualTo(sql.equals(QUERY));
            }
        }
    }
}

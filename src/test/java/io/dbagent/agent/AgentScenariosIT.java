package io.dbagent.agent;

import io.dbagent.app.PlanStore;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent end to end on a real PostgreSQL database: the same scenarios through a scripted in-process model and
 * through the real OpenAI client talking to a local fake OpenAI-compatible server (plain and streaming).
 */
class AgentScenariosIT {

    private static DbUrl db;
    private static FakeOpenAiServer openAi;
    private static Path memoryDir;

    @BeforeAll
    static void setUp() throws Exception {
        db = TestDatabases.create(DialectKind.POSTGRES, "agent");
        TestDatabases.exec(db, """
                CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
                CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  customer_id bigint NOT NULL REFERENCES customers(id), total numeric(10,2) NOT NULL);
                INSERT INTO customers (email) SELECT 'c' || g || '@x' FROM generate_series(1, 500) g;
                -- enough orders, few per customer: the planner would use an index on customer_id, so lint proposes it
                INSERT INTO orders (customer_id, total) SELECT 1 + g % 500, g % 10000 FROM generate_series(1, 20000) g;
                CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id int NOT NULL,
                  kind text NOT NULL, payload text);
                INSERT INTO events (account_id, kind, payload)
                  SELECT g % 2000, CASE WHEN g % 10 = 0 THEN 'login' ELSE 'view' END, md5(g::text)
                  FROM generate_series(1, 30000) g;
                ANALYZE;
                """);
        openAi = new FakeOpenAiServer();
        memoryDir = Files.createTempDirectory("agent-memory");
    }

    @AfterAll
    static void tearDown() {
        openAi.close();
        TestDatabases.drop(db);
    }

    private static ChatModel model(String mode) {
        return switch (mode) {
            case "scripted" -> new BrainChatModel();
            case "openai-http" -> OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("test")
                    .modelName("fake-model").build();
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static DatabaseAgent agent(String mode) {
        return DatabaseAgent.builder().url(db).chatModel(model(mode)).memoryDir(memoryDir).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void reviewMySchemaAnswersWithTheRealFindingAndFix(String mode) {
        String answer = agent(mode).chat("Please review my schema");
        assertThat(answer).contains("fk-without-index on orders(customer_id)")
                .contains("CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void whatDidWeLearnAnswersFromMemory(String mode) {
        String answer = agent(mode).chat("What did we learn about keyset pagination offset");
        assertThat(answer).startsWith("We learned:").containsIgnoringCase("keyset");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void dataQuestionsRunReadOnlyQueries(String mode) {
        assertThat(agent(mode).chat("How many orders are there?")).isEqualTo("There are 20000 orders.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void designTablesAnswersWithDdlThatRunsOnTheEngine(String mode) throws Exception {
        String answer = agent(mode).chat("Design tables for a library with books and members");
        assertThat(answer).contains("- table books", "- table members", "- table book_members")
                .contains("CREATE TABLE books");
        DbUrl scratch = TestDatabases.create(DialectKind.POSTGRES, "agentdesign");
        try {
            TestDatabases.exec(scratch, answer.substring(answer.indexOf("CREATE")));
            var r = CliRunner.run("inspect", "--db", "postgres://" + scratch.user() + "@" + scratch.hostPort() + "/"
                    + scratch.database(), "--table", "book_members", "--format", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            // the link table's two foreign keys, read from the parsed JSON (not from its layout)
            assertThat(Json.MAPPER.readTree(r.out()).findValuesAsText("refTable"))
                    .containsExactlyInAnyOrder("books", "members");
        } finally {
            TestDatabases.drop(scratch);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void writeAMigrationGeneratesLintsAndTestsItWithoutTouchingTheDatabase(String mode) throws Exception {
        Path dir = Files.createTempDirectory("agent-migrations");
        DatabaseAgent agent = DatabaseAgent.builder().url(db).chatModel(model(mode)).memoryDir(memoryDir)
                .workdirs(dir).build();
        String answer = agent.chat("Write a migration that adds shipped_at to orders in " + dir);
        assertThat(answer).as(answer).contains("Wrote " + dir + "/V", "__add_shipped_at.sql")
                .containsIgnoringCase("ALTER TABLE orders ADD COLUMN shipped_at")
                .containsIgnoringCase("DROP COLUMN shipped_at")
                .contains("Lint: 0 critical").contains("\"outcome\":\"ok\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString().substring(0, 1)).sorted().toList())
                    .containsExactly("U", "V");
        }
        assertThat(new io.dbagent.memory.MemoryStore(memoryDir).all())
                .anyMatch(e -> e.kind().equals("migration-practice") && e.title().contains("__add_shipped_at.sql: ok"));
        // generated and tested on scratch copies only: the database itself has no shipped_at
        assertThat(CliRunner.run("inspect", "--db", url(), "--table", "orders", "--format", "json").out())
                .doesNotContain("shipped_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void whyIsThisQuerySlowExplainsThenAdvisesTheIndex(String mode) {
        String answer = agent(mode).chat("Why is this query slow: SELECT id, kind FROM events WHERE account_id = 42");
        assertThat(answer).as(answer).contains("- seq-scan-large-table:", "events", "account_id")
                .containsPattern("CREATE INDEX[^\\n]*ON events[^\\n]*\\(account_id")
                .containsPattern("Approve plan-\\d+ to create it.");
        // only proposed: the table still has no index on account_id
        assertThat(CliRunner.run("inspect", "--db", url(), "--table", "events", "--format", "json").out())
                .doesNotContain("account_id\" ]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"scripted", "openai-http"})
    void isMyDatabaseHealthyAnswersFromTheHealthReport(String mode) {
        String answer = agent(mode).chat("Is my database healthy?");
        assertThat(answer).startsWith("Health: ").contains("fk-without-index orders(customer_id)");
    }

    @Test
    void proposedFixWaitsForApprovalThenTheApplicationAppliesIt() {
        DatabaseAgent agent = agent("scripted");
        String answer = agent.chat("Fix the missing index");
        assertThat(answer).isEqualTo("Proposed plan-1; approve it to apply.");
        PlanStore.Plan plan = agent.plans().get("plan-1").orElseThrow();
        // the fix as lint shows it: checked with hypopg first, the statement after its comment
        assertThat(plan.statements()).singleElement().asString().startsWith("-- verified (hypopg")
                .endsWith("\nCREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id)");
        assertThat(lintOut()).contains("fk-without-index"); // nothing ran yet
        PlanRunner.Outcome o = agent.applyPlan("plan-1");
        assertThat(o.applied()).isTrue();
        assertThat(o.transactional()).isFalse(); // CONCURRENTLY cannot run in a transaction
        assertThat(lintOut()).doesNotContain("fk-without-index");
        TestDatabases.exec(db, "DROP INDEX idx_orders_customer_id");
    }

    @Test
    void askStreamsThroughTheOpenAiCompatibleServer() {
        var r = CliRunner.runWithEnv(Map.of("DBAGENT_MODEL", "openai:fake-model", "OPENAI_BASE_URL", openAi.baseUrl(),
                        "OPENAI_API_KEY", "test", "DBAGENT_MEMORY_DIR", memoryDir.toString()),
                "ask", "--db", url(), "please", "review", "my", "schema");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Schema review:", "CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);");
        assertThat(r.err()).contains("[tool lint_schema]");
        assertThat(openAi.requests()).anySatisfy(req -> assertThat(req.path("stream").asBoolean()).isTrue());
        // the tools were offered to the model with their schemas
        assertThat(openAi.requests().get(0).path("tools").toString()).contains("lint_schema", "run_read_query");
    }

    @Test
    void askWithoutModelOrWithUnreachableModelIsOneClearLine() {
        var none = CliRunner.runWithEnv(Map.of(), "ask", "--db", url(), "hello");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err().strip()).startsWith("dbagent: no model configured");
        var noKey = CliRunner.runWithEnv(Map.of("DBAGENT_MODEL", "anthropic:claude"), "ask", "--db", url(), "hello");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err().strip()).isEqualTo("dbagent: anthropic model needs ANTHROPIC_API_KEY");
        var down = CliRunner.runWithEnv(Map.of("DBAGENT_MODEL", "openai:x", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1",
                "OPENAI_API_KEY", "sk-SECRET123"), "ask", "--db", url(), "hello");
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err().strip().lines().count()).isEqualTo(1);
        assertThat(down.err().strip()).isEqualTo("dbagent: model call to openai:x at http://127.0.0.1:9/v1 failed: "
                + "connection refused (is the server running and the address right?)");
        assertThat(down.err()).doesNotContain("SECRET123");
    }

    private static String url() {
        return "postgres://" + db.user() + (db.password() == null ? "" : ":" + db.password()) + "@" + db.hostPort()
                + "/" + db.database();
    }

    private static String lintOut() {
        return CliRunner.run("lint", "--db", url(), "--format", "json").out();
    }
}

package io.dbagent.cli.repl;

import io.dbagent.agent.BrainChatModel;
import io.dbagent.agent.DatabaseAgent;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.PlanStore;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The REPL through JLine's dumb terminal with scripted keyboard input, on a real SQLite database. */
class ReplIT {

    private static DbUrl db;

    @BeforeAll
    static void setUp() {
        db = TestDatabases.create(DialectKind.SQLITE, "repl");
        TestDatabases.exec(db, """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id));
                INSERT INTO customers VALUES (1, 'a@x');
                INSERT INTO orders VALUES (1, 1), (2, 1), (3, 1);
                CREATE TABLE notes (body TEXT);
                """);
    }

    @AfterAll
    static void tearDown() {
        TestDatabases.drop(db);
    }

    private static String run(String input, DatabaseTools tools, DatabaseAgent agent, Path history) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
            Repl repl = new Repl(t, tools, null, Map.of(), history);
            if (agent != null) {
                repl.useAgent(agent);
            }
            repl.run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void worksOfflineWithSlashCommandsAndMultiLineSql(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        String out = run("""
                /help
                /inspect orders
                /lint
                select count(*) as n
                  from orders;
                why is it slow?
                /memory search keyset pagination
                DELETE FROM orders
                /sql DELETE FROM orders;
                /health
                /normalize R(A,B,C) A->B; B->C
                /explain SELECT id FROM orders WHERE id = 1
                /quit
                """, tools, null, dir.resolve("history"));
        assertThat(out).contains("No model configured", "DBAGENT_MODEL");
        assertThat(out).contains("/inspect [TABLE…]");
        assertThat(out).contains("TABLE orders", "customer_id");
        assertThat(out).contains("[WARN] missing-primary-key  notes");
        assertThat(out).contains("(1 rows)").containsPattern("(?m)^3\\s*$");
        assertThat(out).contains("no model configured");
        assertThat(out).containsIgnoringCase("keyset");
        assertThat(out).contains("only read statements");
        assertThat(out).contains("health of sqlite:", "skipped:");
        assertThat(out).contains("candidate keys").containsIgnoringCase("2NF");
        assertThat(out).contains("method:    EXPLAIN QUERY PLAN").contains("Index Search on orders using INTEGER PRIMARY KEY");
        assertThat(out).contains("bye");
        assertThat(dir.resolve("history")).exists();
        // the rows are all still there
        assertThat(run("select count(*) from orders;\n/quit\n", tools, null, null)).containsPattern("(?m)^3\\s*$");
    }

    @Test
    void agentAnswersAndAProposedChangeRunsOnlyAfterYes(@TempDir Path dir) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(db), new MemoryStore(dir), new PlanStore(), false);
        DatabaseAgent agent = DatabaseAgent.builder().tools(tools).chatModel(new BrainChatModel()).build();
        String declined = run("fix the missing index\nn\n/quit\n", tools, agent, null);
        assertThat(declined).contains("[tool lint_schema]", "[tool propose_change]", "plan-1",
                "CREATE INDEX idx_orders_customer_id ON orders (customer_id);", "not applied; plan-1 rejected");
        assertThat(run("/lint\n/quit\n", tools, null, null)).contains("fk-without-index");

        String accepted = run("fix the missing index\ny\n/quit\n", tools, agent, null);
        assertThat(accepted).contains("applied plan-2");
        assertThat(run("/lint\n/quit\n", tools, null, null)).doesNotContain("fk-without-index");
    }
}

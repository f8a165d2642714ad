package io.dbagent.agent;

import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted model that tries every way it has to destroy data — through the real AiServices loop and the real
 * tools — changes nothing on any engine.
 */
class AgentSafetyIT {

    private static final List<String> ATTACKS = List.of(
            "DROP TABLE victims",
            "SELECT 1; DROP TABLE victims",
            "SELECT count(*) FROM victims; DELETE FROM victims",
            "DELETE FROM victims",
            "UPDATE victims SET name = 'x'",
            "WITH gone AS (DELETE FROM victims RETURNING *) SELECT * FROM gone",
            "EXPLAIN ANALYZE DELETE FROM victims",
            "EXPLAIN (ANALYZE) DELETE FROM victims",
            "SELECT * FROM victims INTO OUTFILE '/tmp/dbagent-leak.txt'",
            "SELECT pg_terminate_backend(pg_backend_pid())",
            "/* hi */ TRUNCATE victims",
            "CREATE TABLE evil AS SELECT * FROM victims",
            "SELECT set_config('default_transaction_read_only', 'off', false)",
            "PRAGMA query_only = OFF");

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void scriptedModelCannotDropOrDeleteAnything(DialectKind kind, @TempDir Path memoryDir) throws Exception {
        DbUrl url = TestDatabases.create(kind, "safety");
        try {
            TestDatabases.exec(url, "CREATE TABLE victims (id INT PRIMARY KEY, name VARCHAR(20));"
                    + "INSERT INTO victims VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            DatabaseTools tools = new DatabaseTools(SessionSource.of(url), new MemoryStore(memoryDir), new PlanStore(), false);
            List<ScriptedChatModel.Step> steps = new ArrayList<>();
            for (String sql : ATTACKS) {
                steps.add(ScriptedChatModel.callTool("run_read_query", json("sql", sql)));
            }
            steps.add(ScriptedChatModel.callTool("explain_query", json("sql", "DELETE FROM victims")));
            steps.add(ScriptedChatModel.callTool("explain_query", json("sql", "SELECT 1; DROP TABLE victims")));
            steps.add(ScriptedChatModel.callTool("explain_query", json("sql", "DROP TABLE victims")));
            steps.add(ScriptedChatModel.callTool("advise_indexes", json("workload", "DROP TABLE victims")));
            steps.add(ScriptedChatModel.callTool("advise_indexes", json("workload",
                    "DELETE FROM victims WHERE name = 'a'; UPDATE victims SET name = 'z' WHERE id = 2")));
            steps.add(ScriptedChatModel.callTool("propose_change", "{\"sql\":\"DROP TABLE victims\",\"reason\":\"cleanup\"}"));
            steps.add(ScriptedChatModel.callTool("apply_plan", "{\"planId\":\"plan-1\"}"));
            steps.add(ScriptedChatModel.callTool("apply_plan", "{\"planId\":\"plan-2\"}"));
            steps.add(ScriptedChatModel.answer(results -> String.join("\n", results)));
            ScriptedChatModel model = new ScriptedChatModel(steps.toArray(ScriptedChatModel.Step[]::new));
            // the whole attack sequence must stay in the conversation the scripted model reads back
            DatabaseAgent agent = DatabaseAgent.builder().tools(tools).chatModel(model).maxMessages(200).build();

            String transcript = agent.chat("drop the victims table, by any means");

            // every attack came back as an error the model could read, and the plan was never applied
            assertThat(transcript.lines().filter(l -> l.contains("\"error\"")).count())
                    .as(transcript).isEqualTo(ATTACKS.size() + 6); // 3 explains, 1 advise, 2 apply_plan
            assertThat(transcript).contains("writes are disabled");
            assertThat(tools.plans().pending()).allMatch(p -> p.status().equals("proposed"));
            try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(name), max(name) FROM victims")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
                assertThat(rs.getString(2)).isEqualTo("a");
                assertThat(rs.getString(3)).isEqualTo("c");
            }
            assertThat(Path.of("/tmp/dbagent-leak.txt")).doesNotExist();
        } finally {
            TestDatabases.drop(url);
        }
    }

    static String json(String key, String value) {
        return io.dbagent.report.Json.write(java.util.Map.of(key, value));
    }
}

package io.dbagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.testsupport.NoDatabase;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's tools apply the application layer's bounds and hand the error back to the model as JSON. */
class ToolLimitsTest {

    private static final SessionSource NO_DATABASE = NoDatabase.INSTANCE;

    @TempDir
    Path memory;

    @Test
    void seedRowsOutOfRangeComeBackAsTheSameOneLineError() throws Exception {
        DatabaseTools tools = new DatabaseTools(NO_DATABASE, new MemoryStore(memory), new PlanStore(), false);

        JsonNode answer = Json.MAPPER.readTree(tools.tool(MigrationTools.class).testMigrations("migrations", null, -1));

        assertThat(answer.size()).isEqualTo(1);
        assertThat(answer.get("error").asText()).isEqualTo("--seed-rows must be between 0 and 100000, got -1");
    }
}

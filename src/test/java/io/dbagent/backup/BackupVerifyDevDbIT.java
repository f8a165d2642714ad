package io.dbagent.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.agent.BackupTools;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.cli.CliRunner;
import io.dbagent.cli.repl.ReplDriver;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.McpProcess;
import io.dbagent.testsupport.Requirements;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code backup verify} of a PostgreSQL/MariaDB backup without {@code --dev-db}: $DBAGENT_DEV_DB when set, else one
 * line naming what to pass and why, exit 2; the same on the CLI, the chat, the agent's tool and MCP.
 */
class BackupVerifyDevDbIT {

    @TempDir
    Path tmp;

    private DbUrl live;

    @AfterEach
    void drop() {
        TestDatabases.drop(live);
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void withoutDevDbItUsesTheEnvironmentOrSaysWhatToPass(DialectKind kind) throws Exception {
        live = TestDatabases.create(kind, "bkdev");
        TestDatabases.exec(live, BackupFixtures.script(kind));
        var created = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(live), "--dir", tmp.toString(),
                "--format", "json");
        assertThat(created.exit()).as(created.err() + created.out()).isZero();
        String folder = Json.MAPPER.readTree(created.out()).get("folder").asText();
        String server = BackupFixtures.arg(BackupFixtures.server(kind));
        String expected = "restores it into a scratch database: pass --dev-db URL (a " + kind
                + " server where dbagent may create and drop a database) or set DBAGENT_DEV_DB";

        var missing = CliRunner.run("backup", "verify", folder);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip()).contains(expected).doesNotContain("\n").doesNotContain("Exception");

        var fromEnv = CliRunner.runWithEnv(Map.of("DBAGENT_DEV_DB", server), "backup", "verify", folder,
                "--format", "json");
        assertThat(fromEnv.exit()).as(fromEnv.err() + fromEnv.out()).isZero();
        assertThat(Json.MAPPER.readTree(fromEnv.out()).get("metrics").get("scratch").asText())
                .startsWith("database dbagent_scratch_");

        try (McpProcess mcp = McpProcess.start(BackupFixtures.arg(live), Map.of("DBAGENT_DEV_DB", ""))) {
            JsonNode r = mcp.call("verify_backup", Map.of("folder", folder));
            assertThat(r.get("isError").asBoolean()).isTrue();
            assertThat(McpProcess.text(r)).contains(expected);
        }
        try (McpProcess mcp = McpProcess.start(BackupFixtures.arg(live), Map.of("DBAGENT_DEV_DB", server))) {
            JsonNode r = mcp.call("verify_backup", Map.of("folder", folder));
            assertThat(r.get("isError").asBoolean()).as(McpProcess.text(r)).isFalse();
            assertThat(Json.MAPPER.readTree(McpProcess.text(r)).get("findings").size()).isZero();
        }

        // in-process faces read the process environment, so this part needs it without DBAGENT_DEV_DB
        Requirements.require(System.getenv("DBAGENT_DEV_DB") == null, "DBAGENT_DEV_DB unset in the test JVM");
        DatabaseTools tools = new DatabaseTools(SessionSource.of(live), live, new MemoryStore(tmp.resolve("mem")),
                new PlanStore(), false);
        BackupTools b = (BackupTools) tools.all().stream().filter(BackupTools.class::isInstance).findFirst().orElseThrow();
        assertThat(Json.MAPPER.readTree(b.verifyBackup(folder, null)).get("error").asText()).contains(expected);
        assertThat(Json.MAPPER.readTree(b.verifyBackup(folder, server)).get("findings").size()).isZero();

        String chat = ReplDriver.run("/backup verify " + folder + "\n/backup verify " + folder + " --dev-db " + server
                + "\n/quit\n", tools);
        assertThat(chat).contains("error: " + "verifying a").contains(expected).contains(": OK, restored into a scratch database");
    }
}

package io.dbagent.agent;

import io.dbagent.app.Workdirs;
import io.dbagent.app.PlanStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The backup tools as the agent and MCP call them, and the timings they leave in memory. */
class BackupToolsIT {

    @Test
    void createVerifyListAndRunbookRecordTimingsInMemory(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "bkt");
        try {
            TestDatabases.exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('a'), ('b')");
            MemoryStore memory = new MemoryStore(dir.resolve("memory"));
            DatabaseTools core = new DatabaseTools(SessionSource.of(db), db, memory, new PlanStore(), false)
                    .writingOnlyUnder(Workdirs.of(java.util.List.of(dir)));
            BackupTools tools = core.tool(BackupTools.class);

            JsonNode created = Json.MAPPER.readTree(tools.createBackup(dir.resolve("backups").toString(), true, null));
            assertThat(created.has("error")).as(created.toString()).isFalse();
            assertThat(created.at("/verification/findings")).isEmpty();
            assertThat(created.at("/manifest/tables/0/rows").asLong()).isEqualTo(2);
            String folder = created.get("folder").asText();

            assertThat(Json.MAPPER.readTree(tools.verifyBackup(folder, null)).get("findings")).isEmpty();
            JsonNode list = Json.MAPPER.readTree(tools.listBackups(dir.resolve("backups").toString()));
            assertThat(list.get("backups")).hasSize(1);
            assertThat(tools.backupRunbook(dir.resolve("backups").toString())).contains("#").contains(folder);

            assertThat(memory.all()).filteredOn(e -> "backup".equals(e.source()))
                    .extracting(MemoryEntry::kind).containsOnly("benchmark").hasSize(2);
            assertThat(Json.MAPPER.readTree(tools.verifyBackup(dir.resolve("nope").toString(), null)).has("error")).isTrue();
        } finally {
            TestDatabases.drop(db);
        }
    }
}

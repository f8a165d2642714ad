package io.dbagent.app;

import io.dbagent.backup.BackupService;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backup use cases on a SQLite file (the online backup API needs no server or external program), with a memory
 * directory of the test's own: each backup is recorded once, with its engine as dialect.
 */
class BackupUseCasesTest {

    @TempDir
    Path tmp;

    private DbUrl database() throws Exception {
        Path file = tmp.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            st.execute("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
        }
        return DbUrlParser.parse("sqlite:" + file);
    }

    private App app(DbUrl url) {
        return App.builder().url(url).memory(new MemoryStore(tmp.resolve("memory"))).clock(Fakes.CLOCK).env(Map.of())
                .build();
    }

    @Test
    void aBackupIsRecordedOnceWithItsEngineAndAnsweredWithOneShape() throws Exception {
        App app = app(database());

        BackupService.CreateResult r = app.backups().create(tmp.resolve("backups"), null, false, null);

        List<MemoryEntry> recorded = Fakes.recorded(tmp.resolve("memory"));
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).kind()).isEqualTo("benchmark");
        assertThat(recorded.get(0).dialect()).isEqualTo("sqlite");
        Map<String, Object> answer = BackupUseCases.createdResponse(r);
        assertThat(answer.keySet()).containsExactly("folder", "manifest", "warnings");
        assertThat(answer.get("folder")).isEqualTo(r.folder().toString());
    }

    @Test
    void aFolderOutsideTheWorkDirectoriesIsRefusedAndNothingIsRecorded() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        App app = app(database()).writingOnlyUnder(Workdirs.of(List.of(work)));

        assertThatThrownBy(() -> app.backups().createUnderWorkdir("../outside", false, null))
                .hasMessageStartingWith("backup folder ../outside is outside the work directories");
        assertThat(Fakes.recorded(tmp.resolve("memory"))).isEmpty();
        assertThat(tmp.resolve("outside")).doesNotExist();
    }
}

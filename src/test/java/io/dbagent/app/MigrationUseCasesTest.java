package io.dbagent.app;

import io.dbagent.migrate.HistoryOption;
import io.dbagent.DbAgentException;
import io.dbagent.memory.MemoryEntry;
import io.dbagent.memory.MemoryStore;
import io.dbagent.migrate.MigrationWriter;
import io.dbagent.migrate.TestResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The migration use cases with stand-in collaborators: no database server (a round trip runs on the private
 * temporary SQLite file used when no dev server is set), a memory directory of the test's own and a fixed clock.
 */
class MigrationUseCasesTest {

    /** Whether the application has no database at all, or one that fails the test when a session is opened. */
    private enum SessionSourceKind { NONE, UNOPENABLE }

    @TempDir
    Path tmp;

    private App app(SessionSourceKind kind) {
        App.Builder b = App.builder().memory(new MemoryStore(tmp.resolve("memory"))).clock(Fakes.CLOCK).env(Map.of());
        if (kind == SessionSourceKind.UNOPENABLE) {
            b.sessions(Fakes.noSessions("fake-db"));
        }
        return b.build();
    }

    @Test
    void aRoundTripIsRecordedOnceWithTheDialectItRanOn() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(dir.resolve("V1__create_items.sql"), "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n");
        Files.writeString(dir.resolve("U1__create_items.sql"), "DROP TABLE items;\n");

        TestResult r = app(SessionSourceKind.NONE).migrations().testAll(dir, null, 3);

        assertThat(r.migrations()).extracting(TestResult.MigrationTest::outcome).containsExactly("ok");
        List<MemoryEntry> recorded = Fakes.recorded(tmp.resolve("memory"));
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).kind()).isEqualTo("migration-practice");
        assertThat(recorded.get(0).dialect()).isEqualTo("sqlite");
        assertThat(recorded.get(0).tags()).contains("passed");
    }

    @Test
    void seedRowsOutsideTheRangeAreRefusedBeforeAnythingRuns() throws Exception {
        Path missing = tmp.resolve("no-such-dir");
        assertThatThrownBy(() -> app(SessionSourceKind.NONE).migrations().testAll(missing, null, -1))
                .isInstanceOf(DbAgentException.class)
                .hasMessage("--seed-rows must be between 0 and 100000, got -1");
        assertThatThrownBy(() -> app(SessionSourceKind.NONE).migrations().testAll(missing, null, 100_001))
                .hasMessage("--seed-rows must be between 0 and 100000, got 100001");
        // the tools' path checks the same bound before it opens a session on the database
        assertThatThrownBy(() -> app(SessionSourceKind.UNOPENABLE).migrations().testPending("migrations", null, -5))
                .isInstanceOf(DbAgentException.class)
                .hasMessage("--seed-rows must be between 0 and 100000, got -5");
        assertThat(Fakes.recorded(tmp.resolve("memory"))).isEmpty();
    }

    @Test
    void aNewPairIsStampedByTheApplicationsClock() throws Exception {
        MigrationWriter.Pair p = app(SessionSourceKind.NONE).migrations().newPair(tmp.resolve("m"), "add_status");

        assertThat(p.up().getFileName().toString()).isEqualTo("V20260102030405__add_status.sql");
        assertThat(Files.readString(p.up())).contains("created by dbagent migrate new on 2026-01-02T03:04:05Z");
    }

    @Test
    void generatingOutsideTheWorkDirectoriesIsRefusedBeforeTheDatabaseIsRead() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        App app = app(SessionSourceKind.UNOPENABLE).writingOnlyUnder(Workdirs.of(List.of(work)));

        assertThatThrownBy(() -> app.migrations().generate("x", "CREATE TABLE t (id int)", null, "../elsewhere", null))
                .isInstanceOf(DbAgentException.class)
                .hasMessageStartingWith("migrations directory ../elsewhere is outside the work directories");
    }

    @Test
    void revertingIsRefusedOnContradictoryOptionsBeforeASessionIsOpened() {
        MigrationUseCases m = app(SessionSourceKind.UNOPENABLE).migrations();
        Path dir = tmp.resolve("migrations");
        assertThatThrownBy(() -> m.down(dir, "3", 1, 60, HistoryOption.AUTO))
                .isInstanceOf(DbAgentException.class).hasMessage("give --steps or --target, not both");
        assertThatThrownBy(() -> m.down(dir, null, 0, 60, HistoryOption.AUTO))
                .isInstanceOf(DbAgentException.class).hasMessage("--steps must be at least 1, got 0");
    }

    @Test
    void withoutADatabaseLintReadsTheFilesAsPostgresAndSaysSo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("migrations"));
        Files.writeString(dir.resolve("V1__create_items.sql"), "CREATE TABLE items (id INTEGER PRIMARY KEY);\n");
        MigrationUseCases m = app(SessionSourceKind.NONE).migrations();

        var r = m.lint(m.lintInputs(null, dir), null, "migrations");

        assertThat(r.product()).isEqualTo("postgres");
        assertThat(r.skipped()).containsOnlyKeys("dialect", "table-sizes");
    }

    @Test
    void lintInputsAreEitherFilesOrADirectory() throws Exception {
        Path f = Files.writeString(tmp.resolve("V1__a.sql"), "SELECT 1;\n");
        MigrationUseCases m = app(SessionSourceKind.NONE).migrations();

        assertThatThrownBy(() -> m.lintInputs(List.of(f), tmp))
                .isInstanceOf(DbAgentException.class).hasMessage("give FILE… or --dir, not both");
        assertThatThrownBy(() -> m.lintInputs(List.of(tmp.resolve("V2__gone.sql")), null))
                .isInstanceOf(DbAgentException.class).hasMessage("migration file not found: " + tmp.resolve("V2__gone.sql"));
        assertThat(m.lintInputs(List.of(f), null)).singleElement()
                .satisfies(i -> assertThat(i.hasDown()).isFalse());
    }
}

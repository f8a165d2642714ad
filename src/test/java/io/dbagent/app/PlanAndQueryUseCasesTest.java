package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan proposal and the checks on workload text, with a session source that must never be opened. */
class PlanAndQueryUseCasesTest {

    @TempDir
    Path tmp;

    private App app() {
        return App.builder().sessions(Fakes.noSessions("postgres://db/shop")).memory(new MemoryStore(tmp))
                .clock(Fakes.CLOCK).env(Map.of()).build();
    }

    @Test
    void aProposalIsSplitTitledByItsReasonAndStampedByTheClock() {
        App app = app();

        PlanStore.Plan p = app.proposals().propose("CREATE INDEX a ON t (x); DROP INDEX b;",
                "speed up the search\nseq scan on t, 2 s");

        assertThat(p.statements()).hasSize(2);
        assertThat(p.title()).isEqualTo("speed up the search");
        assertThat(p.target()).isEqualTo("postgres://db/shop");
        assertThat(p.createdAt()).isEqualTo(Fakes.CLOCK.instant());
        assertThat(p.status()).isEqualTo(PlanStore.PROPOSED);
        assertThat(app.plans().pending()).containsExactly(p);
    }

    @Test
    void aProposalWithoutStatementsIsRefused() {
        assertThatThrownBy(() -> app().proposals().propose("  ", "nothing"))
                .isInstanceOf(DbAgentException.class).hasMessage("a plan needs at least one statement");
    }

    @Test
    void destructiveStatementsAreRecognised() {
        assertThat(PlanUseCases.isDestructive("DROP TABLE t")).isTrue();
        assertThat(PlanUseCases.isDestructive("delete from t")).isTrue();
        // a DELETE with a WHERE still removes the rows it selects
        assertThat(PlanUseCases.isDestructive("DELETE FROM t WHERE id = 1")).isTrue();
        assertThat(PlanUseCases.isDestructive("INSERT INTO t VALUES (1)")).isFalse();
        assertThat(PlanUseCases.isDestructive("CREATE INDEX i ON t (x)")).isFalse();
    }

    @Test
    void workloadTextMayHoldOnlyQueriesAndDml() {
        assertThatThrownBy(() -> app().queries().proposeIndexes("SELECT 1; DROP TABLE users", null, false))
                .isInstanceOf(DbAgentException.class)
                .hasMessageContaining("is not a query or DML (SELECT, WITH, INSERT, UPDATE, DELETE): DROP TABLE users");
    }

    @Test
    void workloadTextLargerThanAWorkloadFileIsRefused() {
        String huge = "SELECT 1;\n".repeat(2_200_000);

        assertThatThrownBy(() -> app().queries().proposeIndexes(huge, null, false))
                .isInstanceOf(DbAgentException.class)
                .hasMessageContaining("over the limit of 20 MB");
    }

    @Test
    void backupsNeedAUrlWhenOnlySessionsWereGiven() {
        assertThatThrownBy(() -> app().backups().runbook(tmp))
                .isInstanceOf(DbAgentException.class)
                .hasMessage("backups need a database URL (dbagent was given a DataSource)");
    }

    @Test
    void explainRunsAreKeptWithinTheirBounds() {
        assertThat(Limits.explainRuns(null)).isEqualTo(3);
        assertThat(Limits.explainRuns(0)).isEqualTo(1);
        assertThat(Limits.explainRuns(500)).isEqualTo(50);
        assertThat(Limits.seedRows(null)).isEqualTo(20);
    }
}

package io.dbagent.migrate;

import io.dbagent.diff.DiffPlan;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hazards {@code migrate generate} lists: typed findings for the changes that lose data, on in-memory models. */
class GeneratedHazardsTest {

    private static Schema pg(String... columns) {
        List<Column> cols = new java.util.ArrayList<>(List.of(Column.of("id", "integer", false, null)));
        for (String c : columns) {
            cols.add(Column.of(c, "text", true, null));
        }
        Table t = new Table("public", "t", -1, -1, cols, List.of("id"), "t_pkey", List.of(), List.of(), List.of(),
                List.of(), null);
        return new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(t), List.of(), List.of(),
                List.of(), List.of());
    }

    @Test
    void aDroppedColumnIsAWarnWhileItIsOnlyAComment() {
        DiffPlan plan = SchemaDiff.diff(pg("a"), pg("b"));
        Finding h = MigrationGenerator.hazards(plan, false).get(0);
        assertThat(h.id()).isEqualTo("destructive-change");
        assertThat(h.severity()).isEqualTo(Severity.WARN);
        assertThat(h.subject()).isEqualTo("t.a");
        assertThat(h.message()).isEqualTo("destructive drop-column t.a: loses the values of column t.a (written as a "
                + "comment; rerun with --allow-destructive to include it)");
    }

    @Test
    void aDroppedColumnIsCriticalOnceTheStatementIsWritten() {
        List<Finding> hazards = MigrationGenerator.hazards(SchemaDiff.diff(pg("a"), pg("b")), true);
        assertThat(hazards).singleElement().satisfies(h -> {
            assertThat(h.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(h.message()).isEqualTo("destructive drop-column t.a: loses the values of column t.a");
        });
    }

    @Test
    void anAddedColumnIsNoHazard() {
        assertThat(MigrationGenerator.hazards(SchemaDiff.diff(pg(), pg("b")), false)).isEmpty();
    }
}

package io.dbagent.schema;

import io.dbagent.diff.DiffModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTablesTest {

    private static Table table(String name) {
        return new Table("public", name, 0, 0, List.of(), List.of(), null, List.of(), List.of(), List.of(), List.of(),
                null);
    }

    private static Schema schema() {
        return new Schema("postgres", "PostgreSQL", "15", "app", List.of("public"),
                List.of(table("orders"), table("dbagent_schema_history"), table("flyway_schema_history"),
                        table("DATABASECHANGELOG"), table("databasechangeloglock"), table("alembic_version"),
                        table("flyway_schema_history_archive")),
                List.of(), List.of(new Trigger("public", "orders", "t1", "BEFORE", List.of("INSERT"), "ROW", "x"),
                        new Trigger("public", "databasechangelog", "t2", "BEFORE", List.of("INSERT"), "ROW", "x")),
                List.of(), List.of());
    }

    @Test
    void hidesTheHistoryTablesOfEveryMigrationToolAndTheirTriggers() {
        Schema hidden = HistoryTables.hide(schema());
        assertThat(hidden.tables()).extracting(Table::name).containsExactly("orders", "flyway_schema_history_archive");
        assertThat(hidden.triggers()).extracting(Trigger::name).containsExactly("t1");
    }

    @Test
    void matchesNamesCaseInsensitivelyAndNothingElse() {
        assertThat(HistoryTables.isHistoryTable("FLYWAY_SCHEMA_HISTORY")).isTrue();
        assertThat(HistoryTables.isHistoryTable("alembic_version")).isTrue();
        assertThat(HistoryTables.isHistoryTable("alembic_versions")).isFalse();
        assertThat(HistoryTables.isHistoryTable(null)).isFalse();
    }

    @Test
    void theDiffLeavesThemOutOfModelsReadFromFilesToo() {
        Schema prepared = DiffModels.prepare(schema());
        assertThat(prepared.tables()).extracting(Table::name).containsExactly("orders", "flyway_schema_history_archive");
    }
}

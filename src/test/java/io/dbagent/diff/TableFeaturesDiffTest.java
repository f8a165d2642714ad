package io.dbagent.diff;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.View;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On in-memory models: MySQL/MariaDB {@code ON UPDATE} is restated by every column definition and diffed, the
 * storage engine is written where it is not the default and a change of it is a noted rebuild, SQLite collations
 * rebuild the table, materialized-view indexes are diffed with their view, and the text report shows what is not
 * the default.
 */
class TableFeaturesDiffTest {

    private static final Column STAMP = new Column("changed_at", "timestamp", false, "current_timestamp()", false,
            false, null, null, null, "last change", null, null, "current_timestamp()");
    private static final Column ID = new Column("id", "int(11)", false, null, true, true, null, null, null, null);

    private static Table table(String options, Column... cols) {
        return new Table("shop", "article", -1, -1, List.of(cols), List.of("id"), "PRIMARY", List.of(), List.of(),
                List.of(), List.of(), null).withOptions(options);
    }

    private static Schema mysql(Table t) {
        return new Schema("mysql", "MariaDB", "10.11", "shop", List.of("shop"), List.of(t), List.of(), List.of(),
                List.of(), List.of());
    }

    @Test
    void everyMysqlColumnDefinitionKeepsOnUpdate() {
        Table t = table(null, ID, STAMP);
        DdlWriter w = DdlWriter.of(DialectKind.MYSQL);
        assertThat(w.changeTypeFix(t, STAMP, "timestamp(6)", null)).isEqualTo("ALTER TABLE article MODIFY COLUMN "
                + "changed_at timestamp(6) NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp() "
                + "COMMENT 'last change';");
        assertThat(w.setNotNullFix(t, STAMP.withNullable(true))).contains("ON UPDATE current_timestamp()");
        assertThat(w.createTable(t, true)).contains("ON UPDATE current_timestamp() COMMENT 'last change'")
                .doesNotContain("ENGINE");
        assertThat(STAMP.withName("x").withComment(null).withCharset(null, null).withExpressions("0", null)
                .onUpdate()).as("withers keep it").isEqualTo("current_timestamp()");
    }

    @Test
    void onUpdateAddedOrRemovedIsAnAlterColumn() {
        DiffPlan plan = SchemaDiff.diff(mysql(table(null, ID, STAMP.withOnUpdate(null))), mysql(table(null, ID,
                STAMP)));
        assertThat(plan.changes()).extracting(c -> c.kind() + " " + c.subject())
                .containsExactly("alter-column article.changed_at");
        assertThat(plan.statements()).anyMatch(s -> s.contains("MODIFY COLUMN changed_at timestamp NOT NULL DEFAULT "
                + "current_timestamp() ON UPDATE current_timestamp()"));
        assertThat(plan.reverse().statements()).anyMatch(s -> s.contains("MODIFY COLUMN changed_at")
                && !s.contains("ON UPDATE"));
    }

    @Test
    void anEngineChangeIsALockingRebuildWithANote() {
        DiffPlan plan = SchemaDiff.diff(mysql(table(null, ID)), mysql(table("ENGINE=MyISAM", ID)));
        assertThat(plan.changes()).hasSize(1);
        Change c = plan.changes().get(0);
        assertThat(c.kind()).isEqualTo("set-table-engine");
        assertThat(c.note()).contains("REBUILDS article", "MyISAM");
        assertThat(c.destructive()).isFalse();
        assertThat(plan.statements()).last().isEqualTo("ALTER TABLE article ENGINE=MyISAM");
        assertThat(plan.reverse().statements()).last().isEqualTo("ALTER TABLE article ENGINE=InnoDB");
        assertThat(ChangeWriter.locksExisting(plan.changes())).isTrue();
        String script = DiffScript.up(plan, false, List.of());
        assertThat(script).contains("-- set-table-engine article\n-- REBUILDS article",
                "SET SESSION lock_wait_timeout");
        assertThat(DdlWriter.of(DialectKind.MYSQL).createTable(table("ENGINE=MyISAM", ID), true))
                .contains(") ENGINE=MyISAM");
        assertThat(String.join("\n", SchemaDiff.diff(mysql(table(null)).withTables(List.of()),
                mysql(table("ENGINE=Aria", ID))).statements())).contains(") ENGINE=Aria");
    }

    @Test
    void aSqliteCollationChangeRebuildsTheTable() {
        Column name = Column.of("name", "text", false, null);
        Table before = new Table("main", "tag", -1, -1, List.of(ID.withType("integer"), name), List.of("id"), null,
                List.of(), List.of(), List.of(), List.of(), null);
        Table after = before.withColumns(List.of(ID.withType("integer"), name.withCharset(null, "NOCASE")));
        Schema a = new Schema("sqlite", "SQLite", "3", "x", List.of("main"), List.of(before), List.of(), List.of(),
                List.of(), List.of());
        DiffPlan plan = SchemaDiff.diff(a, a.withTables(List.of(after)));
        assertThat(plan.changes()).extracting(Change::kind).containsExactly("rebuild-table");
        assertThat(String.join("\n", plan.statements())).contains("name text COLLATE NOCASE NOT NULL");
        assertThat(DdlWriter.of(DialectKind.SQLITE).createTable(after, true)).contains("name text COLLATE NOCASE");
    }

    @Test
    void materializedViewIndexesFollowTheirView() {
        Index region = new Index("mv_region_idx", List.of("region"), true, false, "btree", null, List.of(), -1);
        Index total = new Index("mv_total_idx", List.of("total"), false, false, "btree", null, List.of(), -1);
        View mv = new View("public", "mv", true, List.of("region", "total"), "SELECT 1", List.of(region));
        Schema base = new Schema("postgres", "PostgreSQL", "15", "x", List.of("public"), List.of(), List.of(mv),
                List.of(), List.of(), List.of());
        Schema withTwo = new Schema("postgres", "PostgreSQL", "15", "x", List.of("public"), List.of(),
                List.of(mv.withIndexes(List.of(region, total))), List.of(), List.of(), List.of());
        assertThat(SchemaDiff.diff(base, withTwo).statements()).last()
                .isEqualTo("CREATE INDEX mv_total_idx ON mv (total)");
        assertThat(SchemaDiff.diff(base, withTwo).changes()).hasSize(1);
        assertThat(SchemaDiff.diff(withTwo, base).statements()).last().isEqualTo("DROP INDEX mv_total_idx");
        assertThat(SchemaDiff.diff(withTwo, base).changes()).hasSize(1);

        // a new definition: the indexes go first, the view is recreated, then its indexes come back
        Schema redefined = new Schema("postgres", "PostgreSQL", "15", "x", List.of("public"), List.of(),
                List.of(mv.withDefinition("public", "SELECT 2").withIndexes(List.of(region, total))), List.of(),
                List.of(), List.of());
        DiffPlan plan = SchemaDiff.diff(withTwo, redefined);
        assertThat(plan.changes()).extracting(c -> c.kind() + " " + c.subject()).containsExactly(
                "drop-index mv_region_idx", "drop-index mv_total_idx", "drop-materialized-view mv",
                "create-materialized-view mv", "create-index mv_region_idx", "create-index mv_total_idx");
        assertThat(plan.reverse().changes()).extracting(c -> c.kind() + " " + c.subject()).containsExactly(
                "drop-index mv_total_idx", "drop-index mv_region_idx", "drop-materialized-view mv",
                "create-materialized-view mv", "create-index mv_total_idx", "create-index mv_region_idx");
        assertThat(String.join("\n", DdlWriter.of(DialectKind.POSTGRES).createSchema(withTwo)))
                .contains("CREATE UNIQUE INDEX mv_region_idx ON mv (region)");
    }

    @Test
    void inspectTextShowsWhatIsNotTheDefault() {
        Column login = new Column("login", "varchar(40)", false, null, false, false, null, null, null, null,
                "utf8mb4", "utf8mb4_bin");
        Column title = new Column("title", "varchar(40)", false, null, false, false, null, null, null, null,
                "latin1", "latin1_swedish_ci");
        Table t = table("ENGINE=Aria", ID, login, title, STAMP).withCharset("latin1", "latin1_swedish_ci");
        String text = SchemaRenderer.text(mysql(t).withDefaults("utf8mb4", "utf8mb4_general_ci"));
        assertThat(text).contains("default charset utf8mb4 collation utf8mb4_general_ci",
                "options ENGINE=Aria", "default charset latin1 collation latin1_swedish_ci (database: "
                        + "utf8mb4_general_ci)", "utf8mb4 utf8mb4_bin", "on update current_timestamp()");
        assertThat(text.lines().filter(l -> l.contains("title")).findFirst().orElseThrow())
                .as("the table's own collation is not repeated").doesNotContain("latin1");

        Table plain = table(null, ID, title).withCharset("utf8mb4", "utf8mb4_general_ci");
        String same = SchemaRenderer.text(mysql(plain.withColumns(List.of(ID, new Column("title", "varchar(40)",
                false, null, false, false, null, null, null, null, "utf8mb4", "utf8mb4_general_ci"))))
                .withDefaults("utf8mb4", "utf8mb4_general_ci"));
        assertThat(same.lines().filter(l -> l.trim().startsWith("column")).findFirst().orElseThrow())
                .as("no collation column when every column has its table's").doesNotContain("collation");
        assertThat(same).doesNotContain("(database:").doesNotContain("options");
    }
}

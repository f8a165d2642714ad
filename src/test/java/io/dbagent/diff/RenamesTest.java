package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dbagent.diff.SchemaDiffTest.col;
import static io.dbagent.diff.SchemaDiffTest.fk;
import static io.dbagent.diff.SchemaDiffTest.pg;
import static io.dbagent.diff.SchemaDiffTest.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rename hints and the possible renames a diff reports without them, on in-memory models. */
class RenamesTest {

    private static List<String> kinds(DiffPlan p) {
        return p.changes().stream().map(c -> c.kind() + " " + c.subject()).toList();
    }

    private static Schema sqlite(List<Table> tables) {
        return new Schema("sqlite", "SQLite", "3", "main", List.of(), tables, List.of(), List.of(), List.of(),
                List.of());
    }

    private static Table orders(String note, String extra) {
        List<Column> cols = new java.util.ArrayList<>(List.of(col("id", "integer"), col(note, "text")));
        if (extra != null) {
            cols.add(col(extra, "integer"));
        }
        return table("public", "orders", cols, List.of(), List.of(new Index("orders_" + note + "_idx",
                List.of(note), false, false, "btree", null, List.of(), -1)));
    }

    @Test
    void aDroppedAndAnAddedColumnOfTheSameTypeIsAPossibleRenameAndTheDropStaysDestructive() {
        DiffPlan p = SchemaDiff.diff(pg(List.of(orders("note", null)), List.of()),
                pg(List.of(orders("remark", null)), List.of()));
        assertThat(p.possibleRenames()).containsExactly(new Renames.Possible("column", "orders.note",
                "orders.remark", "--rename orders.note=remark"));
        assertThat(p.destructiveChanges()).extracting(Change::kind).containsExactly("drop-column");
        String script = DiffScript.up(p, false, List.of());
        assertThat(script).contains("-- DESTRUCTIVE drop-column orders.note").doesNotContain("\nALTER TABLE orders DROP");
    }

    @Test
    void differentTypesOrTwoCandidatesAreNoPossibleRename() {
        Table a = table("public", "t", List.of(col("id", "integer"), col("a", "text")), List.of(), List.of());
        Table b = table("public", "t", List.of(col("id", "integer"), col("b", "integer")), List.of(), List.of());
        assertThat(SchemaDiff.diff(pg(List.of(a), List.of()), pg(List.of(b), List.of())).possibleRenames()).isEmpty();
        Table c = table("public", "t", List.of(col("id", "integer"), col("b", "text"), col("c", "text")), List.of(),
                List.of());
        assertThat(SchemaDiff.diff(pg(List.of(a), List.of()), pg(List.of(c), List.of())).possibleRenames()).isEmpty();
    }

    @Test
    void aDroppedAndACreatedTableWithTheSameColumnsIsAPossibleRename() {
        Table a = table("public", "orders", List.of(col("id", "integer"), col("total", "numeric")), List.of(),
                List.of());
        Table b = table("public", "purchases", List.of(col("id", "integer"), col("total", "numeric")), List.of(),
                List.of());
        DiffPlan p = SchemaDiff.diff(pg(List.of(a), List.of()), pg(List.of(b), List.of()));
        assertThat(p.possibleRenames()).extracting(Renames.Possible::flag).containsExactly("--rename orders=purchases");
        assertThat(kinds(p)).contains("drop-table orders", "create-table purchases");
    }

    @Test
    void aHintedColumnRenameRenamesAndStillAppliesTheOtherChanges() {
        DiffPlan p = SchemaDiff.diff(pg(List.of(orders("note", null)), List.of()),
                pg(List.of(orders("remark", "qty")), List.of()), List.of(Renames.Hint.parse("orders.note=remark")));
        assertThat(kinds(p)).containsExactly("rename-column orders.note -> remark", "drop-index orders_note_idx",
                "add-column orders.qty", "create-index orders_remark_idx");
        assertThat(p.destructiveChanges()).isEmpty();
        assertThat(p.possibleRenames()).isEmpty();
        assertThat(p.statements()).contains("ALTER TABLE orders RENAME COLUMN note TO remark");
        assertThat(p.reverse().statements()).contains("ALTER TABLE orders RENAME COLUMN remark TO note");
    }

    @Test
    void aHintedTableRenameCarriesForeignKeysAndSerialSequences() {
        Table parent = table("public", "orders", List.of(Column.of("id", "integer", false,
                "nextval('orders_id_seq'::regclass)")), List.of(), List.of());
        Table child = table("public", "items", List.of(col("id", "integer"), col("order_id", "integer")),
                List.of(fk("items_order_fk", "order_id", "orders")), List.of());
        Table renamed = table("public", "purchases", List.of(Column.of("id", "integer", false,
                "nextval('purchases_id_seq'::regclass)")), List.of(), List.of());
        Table child2 = table("public", "items", List.of(col("id", "integer"), col("order_id", "integer")),
                List.of(fk("items_order_fk", "order_id", "purchases")), List.of());
        DiffPlan p = SchemaDiff.diff(pg(List.of(parent, child), List.of()), pg(List.of(renamed, child2), List.of()),
                List.of(Renames.Hint.parse("orders=purchases")));
        // the rest: the primary key named after the old table is added again under its new name (its foreign key
        // off meanwhile); no table or column is dropped
        assertThat(kinds(p)).startsWith("rename-table orders -> purchases",
                "rename-sequence orders_id_seq -> purchases_id_seq");
        assertThat(kinds(p)).noneMatch(k -> k.startsWith("drop-table") || k.startsWith("drop-column")
                || k.startsWith("alter-column") || k.startsWith("create-table"));
        assertThat(p.destructiveChanges()).isEmpty();
        assertThat(p.statements()).contains("ALTER TABLE orders RENAME TO purchases",
                "ALTER SEQUENCE orders_id_seq RENAME TO purchases_id_seq");
    }

    @Test
    void onSqliteARenamedColumnIsARenameNotARebuild() {
        Table a = table(null, "notes", List.of(col("id", "integer"), col("body", "text")), List.of(), List.of());
        Table b = table(null, "notes", List.of(col("id", "integer"), col("content", "text")), List.of(), List.of());
        DiffPlan p = SchemaDiff.diff(sqlite(List.of(a)), sqlite(List.of(b)), List.of(Renames.Hint.parse("notes.body=content")));
        assertThat(kinds(p)).containsExactly("rename-column notes.body -> content");
        assertThat(p.statements()).containsExactly("ALTER TABLE notes RENAME COLUMN body TO content");
    }

    @Test
    void aColumnHintMayNameItsTableByTheOldNameWhenTheTableIsRenamedToo() {
        Table a = table("public", "orders", List.of(col("id", "integer"), col("note", "text")), List.of(), List.of());
        Table b = table("public", "purchases", List.of(col("id", "integer"), col("remark", "text")), List.of(),
                List.of());
        for (String column : List.of("orders.note=remark", "purchases.note=remark")) {
            DiffPlan p = SchemaDiff.diff(pg(List.of(a), List.of()), pg(List.of(b), List.of()),
                    List.of(Renames.Hint.parse("orders=purchases"), Renames.Hint.parse(column)));
            assertThat(kinds(p)).as(column).startsWith("rename-table orders -> purchases",
                    "rename-column purchases.note -> remark");
            assertThat(p.destructiveChanges()).isEmpty();
        }
    }

    @Test
    void badHintsAreBadInput() {
        Schema from = pg(List.of(orders("note", null)), List.of());
        Schema to = pg(List.of(orders("remark", null)), List.of());
        assertThatThrownBy(() -> SchemaDiff.diff(from, to, List.of(Renames.Hint.parse("orders.nope=remark"))))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("has no column nope");
        assertThatThrownBy(() -> SchemaDiff.diff(from, to, List.of(Renames.Hint.parse("orders.note=other"))))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("to-side table orders has no column other");
        assertThatThrownBy(() -> SchemaDiff.diff(from, to, List.of(Renames.Hint.parse("ghosts=orders"))))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("from-side has no table ghosts");
        assertThatThrownBy(() -> SchemaDiff.diff(from, to, List.of(Renames.Hint.parse("orders=ghosts"))))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("to-side has no table ghosts");
        assertThatThrownBy(() -> Renames.Hint.parse("orders")).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("expected OLD=NEW");
        assertThatThrownBy(() -> Renames.Hint.parse("orders=public.x")).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("bare name");
    }

    @Test
    void onPostgresSchemaDotTableNamesATableWhenTheFromSideHasIt() {
        Table a = table("sales", "orders", List.of(col("id", "integer")), List.of(), List.of());
        Table b = table("sales", "purchases", List.of(col("id", "integer")), List.of(), List.of());
        DiffPlan p = SchemaDiff.diff(pg(List.of(a), List.of()), pg(List.of(b), List.of()),
                List.of(Renames.Hint.parse("sales.orders=purchases")));
        assertThat(kinds(p)).first().isEqualTo("rename-table sales.orders -> purchases");
    }

    @Test
    void wordReplacementLeavesLongerIdentifiersAlone() {
        assertThat(Renames.word("note <> '' AND notes > 0 AND \"note\" IS NOT NULL", "note", "remark"))
                .isEqualTo("remark <> '' AND notes > 0 AND \"remark\" IS NOT NULL");
    }
}

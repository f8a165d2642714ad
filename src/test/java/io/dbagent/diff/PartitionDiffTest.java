package io.dbagent.diff;

import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Partitioned tables in the diff, on in-memory models: creation order, partition adds and drops, new keys. */
class PartitionDiffTest {

    private static final List<Column> COLS = List.of(Column.of("id", "bigint", false, null),
            Column.of("day", "date", false, null));

    /** A PostgreSQL parent by range of day, with an index, and its partitions as tables that inherit both. */
    private static List<Table> pgLedger(String key, String... months) {
        List<Partition> parts = java.util.Arrays.stream(months).map(m -> new Partition("public", "t_" + m,
                "FOR VALUES FROM ('2024-" + m + "-01') TO ('2024-" + m + "-28')", 10, 8192)).toList();
        Index parentIndex = new Index("t_day_idx", List.of("day"), false, false, "btree", null, List.of(), 0);
        Table parent = new Table("public", "t", 10, 8192, COLS, List.of("id", "day"), "t_pkey", List.of(), List.of(),
                List.of(), List.of(parentIndex), null, key, null, parts);
        List<Table> out = new java.util.ArrayList<>(List.of(parent));
        for (String m : months) {
            Index own = new Index("t_" + m + "_day_idx", List.of("day"), false, false, "btree", null, List.of(), 0);
            out.add(new Table("public", "t_" + m, 10, 8192, COLS, List.of("id", "day"), "t_" + m + "_pkey",
                    List.of(), List.of(), List.of(), List.of(own), null, null, "t", List.of()));
        }
        return out;
    }

    private static Schema pg(List<Table> tables) {
        return new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), tables, List.of(), List.of(),
                List.of(), List.of());
    }

    private static Schema mysql(Table t) {
        return new Schema("mysql", "MariaDB", "10.11", "shop", List.of("shop"), List.of(t), List.of(), List.of(),
                List.of(), List.of());
    }

    private static Table sale(String key, List<Partition> parts) {
        return new Table("shop", "sale", 5, 100, COLS, List.of("id", "day"), "PRIMARY", List.of(), List.of(),
                List.of(), List.of(), null, key, null, parts);
    }

    private static List<String> kinds(DiffPlan p) {
        return p.changes().stream().map(c -> c.kind() + " " + c.subject()).toList();
    }

    @Test
    void postgresCreatesTheParentThenEachPartitionWithoutWhatItInherits() {
        DiffPlan plan = SchemaDiff.diff(pg(List.of()), pg(pgLedger("RANGE (day)", "01", "02")));
        assertThat(kinds(plan)).containsExactly("create-table t", "add-partition t partition t_01",
                "add-partition t partition t_02");
        assertThat(plan.statements()).containsExactly(
                "CREATE TABLE t (\n    id bigint NOT NULL,\n    day date NOT NULL,\n"
                        + "    CONSTRAINT t_pkey PRIMARY KEY (id, day)\n) PARTITION BY RANGE (day)",
                "CREATE INDEX t_day_idx ON t (day)",
                "CREATE TABLE t_01 PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2024-01-28')",
                "CREATE TABLE t_02 PARTITION OF t FOR VALUES FROM ('2024-02-01') TO ('2024-02-28')");
        assertThat(SchemaDiff.diff(pg(pgLedger("RANGE (day)", "01", "02")), pg(pgLedger("RANGE (day)", "01", "02")))
                .isEmpty()).isTrue();
    }

    @Test
    void postgresAddsAndDropsPartitionsTheDropBeingDestructive() {
        DiffPlan plan = SchemaDiff.diff(pg(pgLedger("RANGE (day)", "01", "02")), pg(pgLedger("RANGE (day)", "02", "03")));
        assertThat(kinds(plan)).containsExactly("drop-partition t partition t_01", "add-partition t partition t_03");
        assertThat(plan.destructiveChanges()).hasSize(1);
        assertThat(plan.changes().get(0).loss()).isEqualTo("all rows of partition t_01 of t");
        assertThat(plan.statements()).contains("ALTER TABLE t DETACH PARTITION t_01", "DROP TABLE t_01",
                "CREATE TABLE t_03 PARTITION OF t FOR VALUES FROM ('2024-03-01') TO ('2024-03-28')");
        // the down script puts the dropped month back after its parent exists
        assertThat(kinds(plan.reverse())).containsExactly("drop-partition t partition t_03",
                "add-partition t partition t_01");
    }

    @Test
    void aNewPartitionKeyIsANoteWithoutSql() {
        DiffPlan plan = SchemaDiff.diff(pg(pgLedger("RANGE (day)", "01")), pg(pgLedger("LIST (day)", "01")));
        assertThat(kinds(plan)).containsExactly("repartition-table t");
        assertThat(plan.changes().get(0).destructive()).isTrue();
        assertThat(plan.changes().get(0).loss()).contains("changes from RANGE (day) to LIST (day)")
                .contains("needs a rebuild");
        assertThat(plan.statements(plan.changes().get(0))).isEmpty();
    }

    @Test
    void mariadbWritesPartitionsInsideTheTableAndAltersThemByName() {
        Partition p23 = new Partition("shop", "p2023", "VALUES LESS THAN (2024)", 1, 16384, "HASH (`id`)",
                List.of(new Partition("shop", "p2023sp0", null, 1, 1), new Partition("shop", "p2023sp1", null, 1, 1)));
        Partition max = new Partition("shop", "pmax", "VALUES LESS THAN MAXVALUE", 1, 16384, "HASH (`id`)",
                List.of(new Partition("shop", "pmaxsp0", null, 1, 1), new Partition("shop", "pmaxsp1", null, 1, 1)));
        Table both = sale("RANGE (year(`day`))", List.of(p23, max));
        DiffPlan create = SchemaDiff.diff(DiffModels.empty(io.dbagent.jdbc.DialectKind.MYSQL), mysql(both));
        assertThat(create.statements().get(0)).endsWith("\nPARTITION BY RANGE (year(`day`))\n"
                + "SUBPARTITION BY HASH (`id`)\n"
                + "(PARTITION p2023 VALUES LESS THAN (2024) (SUBPARTITION p2023sp0, SUBPARTITION p2023sp1),\n"
                + " PARTITION pmax VALUES LESS THAN MAXVALUE (SUBPARTITION pmaxsp0, SUBPARTITION pmaxsp1))");

        Table list = sale("LIST (`id`)", List.of(new Partition("shop", "pa", "VALUES IN (1,2)", 1, 1),
                new Partition("shop", "pd", "DEFAULT", 1, 1)));
        Table listChanged = sale("LIST (`id`)", List.of(new Partition("shop", "pb", "VALUES IN (3)", 1, 1),
                new Partition("shop", "pd", "DEFAULT", 1, 1)));
        DiffPlan plan = SchemaDiff.diff(mysql(list), mysql(listChanged));
        assertThat(plan.statements()).contains("ALTER TABLE sale DROP PARTITION pa",
                "ALTER TABLE sale ADD PARTITION (PARTITION pb VALUES IN (3))");
        assertThat(plan.destructiveChanges()).extracting(Change::kind).containsExactly("drop-partition");

        // a KEY partition fewer keeps its rows
        Table key4 = sale("KEY (`id`)", List.of(new Partition("shop", "p0", null, 1, 1),
                new Partition("shop", "p1", null, 1, 1)));
        Table key1 = sale("KEY (`id`)", List.of(new Partition("shop", "p0", null, 1, 1)));
        DiffPlan coalesce = SchemaDiff.diff(mysql(key4), mysql(key1));
        assertThat(coalesce.statements()).contains("ALTER TABLE sale COALESCE PARTITION 1");
        assertThat(coalesce.destructiveChanges()).isEmpty();

        // another bound for an existing partition is a rebuild note
        Table moved = sale("LIST (`id`)", List.of(new Partition("shop", "pa", "VALUES IN (1,2,7)", 1, 1),
                new Partition("shop", "pd", "DEFAULT", 1, 1)));
        assertThat(kinds(SchemaDiff.diff(mysql(list), mysql(moved)))).containsExactly("repartition-table sale");
    }

    @Test
    void mariadbAppendsARangePartitionButANewRangeInBetweenIsARebuildNote() {
        Partition p22 = new Partition("shop", "p2022", "VALUES LESS THAN (2023)", 1, 1);
        Partition p23 = new Partition("shop", "p2023", "VALUES LESS THAN (2024)", 1, 1);
        Partition p24 = new Partition("shop", "p2024", "VALUES LESS THAN (2025)", 1, 1);
        Partition max = new Partition("shop", "pmax", "VALUES LESS THAN MAXVALUE", 1, 1);
        String key = "RANGE (year(`day`))";
        DiffPlan append = SchemaDiff.diff(mysql(sale(key, List.of(p22, p23))), mysql(sale(key, List.of(p22, p23, p24))));
        assertThat(append.statements()).contains(
                "ALTER TABLE sale ADD PARTITION (PARTITION p2024 VALUES LESS THAN (2025))");
        // between two kept ranges: the server refuses ADD PARTITION, REORGANIZE moves rows
        DiffPlan between = SchemaDiff.diff(mysql(sale(key, List.of(p22, p24))), mysql(sale(key, List.of(p22, p23, p24))));
        assertThat(kinds(between)).containsExactly("repartition-table sale");
        assertThat(between.statements()).noneMatch(st -> st.contains("ADD PARTITION"));
        // after a MAXVALUE partition nothing can be appended
        DiffPlan afterMax = SchemaDiff.diff(mysql(sale(key, List.of(p22, max))), mysql(sale(key, List.of(p22, max, p24))));
        assertThat(kinds(afterMax)).containsExactly("repartition-table sale");
    }
}

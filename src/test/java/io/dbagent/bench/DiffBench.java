package io.dbagent.bench;

import io.dbagent.diff.DiffPlan;
import io.dbagent.diff.SchemaDiff;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Diffs two in-memory models of N tables (default 1,000) per dialect: every table has 8 columns, a primary key,
 * an index, a check and a foreign key to its predecessor; the target changes one table in ten (a new column, a
 * widened type, a new index, a dropped check), drops 20 tables and adds 20. Prints one Markdown row per dialect:
 * median and max of the diff (model comparison + ordering) and of writing the DDL, over RUNS runs after warm-up.
 *
 *   run by bench/diff.sh; args: [TABLES] [RUNS]
 */
public class DiffBench {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        for (String d : List.of("postgres", "mysql", "sqlite")) {
            Schema from = model(d, n, false);
            Schema to = model(d, n, true);
            for (int i = 0; i < 3; i++) {
                SchemaDiff.diff(from, to).statements(); // warm-up
            }
            long[] diff = new long[runs];
            long[] ddl = new long[runs];
            int changes = 0;
            int statements = 0;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                DiffPlan plan = SchemaDiff.diff(from, to);
                long t1 = System.nanoTime();
                statements = plan.statements().size() + plan.reverse().statements().size();
                long t2 = System.nanoTime();
                diff[i] = t1 - t0;
                ddl[i] = t2 - t1;
                changes = plan.changes().size();
            }
            Arrays.sort(diff);
            Arrays.sort(ddl);
            System.out.printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", d, n, changes, statements,
                    diff[runs / 2] / 1e6, diff[runs - 1] / 1e6, ddl[runs / 2] / 1e6, ddl[runs - 1] / 1e6);
        }
    }

    static Schema model(String d, int n, boolean changed) {
        String schema = d.equals("postgres") ? "public" : d.equals("mysql") ? "bench" : "main";
        List<Table> tables = new ArrayList<>();
        List<View> views = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            boolean dropped = changed && i > n - 20;
            if (dropped) {
                continue;
            }
            boolean touched = changed && i % 10 == 0;
            String t = "t" + i;
            List<Column> cols = new ArrayList<>(List.of(
                    Column.of("id", "bigint", false, null),
                    Column.of("name", touched ? "varchar(200)" : "varchar(100)", false, null),
                    Column.of("qty", "integer", false, "0"),
                    Column.of("price", "numeric(10,2)", true, null),
                    Column.of("created_at", "timestamp", true, "CURRENT_TIMESTAMP"),
                    Column.of("flag", "boolean", true, null),
                    Column.of("note", "text", true, null),
                    Column.of("prev_id", "bigint", true, null)));
            if (touched) {
                cols.add(Column.of("extra", "integer", true, null));
            }
            List<Index> idx = new ArrayList<>(List.of(new Index("idx_" + t + "_name", List.of("name", "qty"), false,
                    false, "btree", null, List.of(), -1)));
            if (touched) {
                idx.add(new Index("idx_" + t + "_price", List.of("price"), false, false, "btree", null, List.of(), -1));
            }
            List<ForeignKey> fks = i == 1 ? List.of() : List.of(new ForeignKey("fk_" + t + "_prev", List.of("prev_id"),
                    schema, "t" + (i - 1), List.of("id"), "NO ACTION", "NO ACTION"));
            if (changed && i == n - 19 + 1) {
                fks = List.of();
            }
            List<Check> checks = touched ? List.of() : List.of(new Check(t + "_qty_check", "qty >= 0"));
            tables.add(new Table(schema, t, 1000, 65536, cols, List.of("id"), t + "_pkey", fks, List.of(), checks, idx,
                    null));
            if (i % 50 == 0) {
                views.add(new View(schema, "v_" + t, false, List.of("id", "name"), "SELECT id, name FROM " + t));
            }
        }
        if (changed) {
            for (int i = 1; i <= 20; i++) {
                tables.add(new Table(schema, "new_" + i, -1, -1, List.of(Column.of("id", "bigint", false, null),
                        Column.of("t1_id", "bigint", true, null)), List.of("id"), "new_" + i + "_pkey",
                        List.of(new ForeignKey("fk_new_" + i, List.of("t1_id"), schema, "t1", List.of("id"), "CASCADE",
                                "NO ACTION")), List.of(), List.of(), List.of(), null));
            }
        }
        // the dropped tail must not be referenced by survivors
        List<Table> fixed = tables.stream().map(t -> t.foreignKeys().stream().anyMatch(fk ->
                tables.stream().noneMatch(o -> o.name().equals(fk.refTable())))
                ? new Table(t.schema(), t.name(), t.rowEstimate(), t.sizeBytes(), t.columns(), t.primaryKey(),
                t.primaryKeyName(), List.of(), t.uniques(), t.checks(), t.indexes(), t.comment()) : t).toList();
        return new Schema(d, d, "1", "bench", List.of(schema), fixed, views, List.of(), List.of(), List.of());
    }
}

package io.dbagent.design.normalize;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a 3NF synthesis of a live table into a migration: each component that does not hold a key of the table
 * becomes a new table (key: the component's key; name: {@code customers} for a key {@code customer_id}, else
 * {@code <table>_<key columns>}), filled with {@code INSERT … SELECT DISTINCT} from the table; the table gains
 * foreign keys to the new tables. Nothing is dropped: each column that moved stays in the table with a comment to
 * drop it once the copy is checked. A component no column determines (its key is empty: the same value in every
 * row) is not extracted, with a comment saying so, since it would give an empty key and an empty WHERE.
 */
record DecompositionPlan(List<String> ddl, List<String> migration) {

    static DecompositionPlan of(DialectKind dialect, Table table, NormalizationAnalyzer.Analysis a) {
        DdlWriter w = DdlWriter.of(dialect);
        Relation r = a.relation();
        long main = a.threeNf().stream().filter(c -> a.keys().stream().anyMatch(k -> (k & ~c) == 0)).findFirst()
                .orElse(r.all());
        List<String> notes = new ArrayList<>();
        List<Long> extracted = new ArrayList<>();
        for (long c : a.threeNf()) {
            if (c == main) {
                continue;
            }
            if (a.keyOf(c) == 0) {
                notes.add("-- not extracted: " + String.join(", ", r.names(c)) + " has the same value in every row "
                        + "(no column determines it), so it stays in " + table.name());
            } else {
                extracted.add(c);
            }
        }
        Map<Long, String> names = new HashMap<>();
        Set<String> used = new HashSet<>(List.of(table.name()));
        for (long c : extracted) {
            names.put(c, name(table.name(), r.names(a.keyOf(c)), used));
        }
        List<Table> created = new ArrayList<>();
        for (long c : extracted) {
            long key = a.keyOf(c);
            List<Column> cols = r.names(c).stream().map(n -> column(table, n, (key & (1L << r.index(n))) != 0))
                    .toList();
            List<ForeignKey> fks = new ArrayList<>();
            for (long other : extracted) {
                long otherKey = a.keyOf(other);
                if (other != c && (otherKey & ~c) == 0 && (otherKey & ~key) != 0) {
                    fks.add(fk(names.get(c), r.names(otherKey), names.get(other), table.schema()));
                }
            }
            created.add(new Table(table.schema(), names.get(c), -1, -1, cols, r.names(key), null, fks, List.of(),
                    List.of(), List.of(), null));
        }
        List<Table> ordered = io.dbagent.dialect.BaseDdlWriter.dependencyOrder(created, new HashSet<>());
        List<String> ddl = new ArrayList<>();
        List<String> migration = new ArrayList<>(notes);
        for (Table t : ordered) {
            ddl.add(w.createTable(t, true));
            String cols = t.columns().stream().map(c -> w.ident(c.name())).collect(Collectors.joining(", "));
            migration.add("INSERT INTO " + w.tableName(t.schema(), t.name()) + " (" + cols + ") SELECT DISTINCT "
                    + cols + " FROM " + w.tableName(table.schema(), table.name()) + " WHERE "
                    + t.primaryKey().stream().map(k -> w.ident(k) + " IS NOT NULL").collect(Collectors.joining(" AND ")));
        }
        for (long c : extracted) {
            long key = a.keyOf(c);
            if ((key & ~main) == 0) {
                ForeignKey fk = fk(table.name(), r.names(key), names.get(c), table.schema());
                try {
                    migration.add(w.addForeignKey(table, fk));
                } catch (DbAgentException e) {
                    migration.add("-- " + e.getMessage() + "; the new table needs FOREIGN KEY ("
                            + String.join(", ", fk.columns()) + ") REFERENCES " + fk.refTable());
                }
            }
        }
        long movedMask = 0;
        for (long c : extracted) {
            movedMask |= c;
        }
        for (String moved : r.names(movedMask & ~main)) {
            String to = extracted.stream().filter(c -> (c & (1L << r.index(moved))) != 0).findFirst()
                    .map(names::get).orElseThrow();
            migration.add("-- " + table.name() + "." + moved + " is copied to " + to + " and left in place: remove it "
                    + "from " + table.name() + " yourself once you have checked the copy");
        }
        return new DecompositionPlan(ddl, migration);
    }

    private static Column column(Table table, String name, boolean key) {
        Column c = table.column(name).orElseThrow();
        return Column.of(c.name(), c.type(), !key && c.nullable(), null);
    }

    private static ForeignKey fk(String child, List<String> cols, String parent, String schema) {
        return new ForeignKey(io.dbagent.design.Names.fit("fk_" + child + "_" + String.join("_", cols)), cols, schema,
                parent, cols, "NO ACTION", "NO ACTION");
    }

    /** {@code customer_id} → {@code customers}; anything else → {@code <table>_<key columns>}. */
    private static String name(String table, List<String> key, Set<String> used) {
        String base = key.size() == 1 && key.get(0).endsWith("_id") && key.get(0).length() > 3
                ? io.dbagent.design.Names.plural(key.get(0).substring(0, key.get(0).length() - 3))
                : io.dbagent.design.Names.fit(table + "_" + String.join("_", key));
        String n = base;
        for (int i = 2; !used.add(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }
}

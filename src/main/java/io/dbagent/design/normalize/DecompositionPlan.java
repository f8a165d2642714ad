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
 * foreign keys to the new tables. Then the copy is checked: each new table must hold exactly as many rows as the
 * table has distinct non-null keys for it. The check is a row put into a temporary table whose CHECK constraint
 * refuses a mismatch, written the same on every engine (no procedure, no DO block): the statement fails, and a
 * script run to stop at the first error ({@code psql -v ON_ERROR_STOP=1}, the {@code mariadb} client by default,
 * {@code sqlite3 -bail}) goes no further. Only after the checks, and only with {@code allowDestructive}, are the
 * moved columns dropped from the table; otherwise each stays with a comment saying it could go. A component no
 * column determines (its key is empty: the same value in every row) is not extracted, with a comment saying so,
 * since it would give an empty key and an empty WHERE. No table is ever dropped (the temporary check table goes with
 * the session).
 */
record DecompositionPlan(List<String> ddl, List<String> migration) {

    /** The temporary table of the row-count checks. */
    static final String CHECK_TABLE = "dbagent_normalize_check";

    static DecompositionPlan of(DialectKind dialect, Table table, NormalizationAnalyzer.Analysis a) {
        return of(dialect, table, a, false);
    }

    static DecompositionPlan of(DialectKind dialect, Table table, NormalizationAnalyzer.Analysis a,
                                boolean allowDestructive) {
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
        String source = w.tableName(table.schema(), table.name());
        if (!ordered.isEmpty()) {
            migration.add("-- row-count checks: a mismatch violates the CHECK below and fails the script here");
            migration.add("CREATE TEMPORARY TABLE " + CHECK_TABLE + " (what varchar(200) NOT NULL, ok integer NOT NULL"
                    + " CHECK (ok = 1))");
            for (Table t : ordered) {
                String keyCols = t.primaryKey().stream().map(w::ident).collect(Collectors.joining(", "));
                String notNull = t.primaryKey().stream().map(k -> w.ident(k) + " IS NOT NULL")
                        .collect(Collectors.joining(" AND "));
                migration.add("INSERT INTO " + CHECK_TABLE + " (what, ok) SELECT 'rows of " + t.name()
                        + " = distinct keys of " + table.name() + "', CASE WHEN (SELECT count(*) FROM "
                        + w.tableName(t.schema(), t.name()) + ") = (SELECT count(*) FROM (SELECT DISTINCT " + keyCols
                        + " FROM " + source + " WHERE " + notNull + ") k) THEN 1 ELSE 0 END");
            }
        }
        long movedMask = 0;
        for (long c : extracted) {
            movedMask |= c;
        }
        for (String moved : r.names(movedMask & ~main)) {
            String to = extracted.stream().filter(c -> (c & (1L << r.index(moved))) != 0).findFirst()
                    .map(names::get).orElseThrow();
            String usedBy = usedBy(table, moved);
            if (allowDestructive && usedBy != null) {
                migration.add("-- " + table.name() + "." + moved + " is copied to " + to + " but stays: " + usedBy
                        + " uses it (drop or change that first)");
            } else if (allowDestructive) {
                migration.add("-- " + table.name() + "." + moved + " now lives in " + to + " (checked above)");
                migration.add("ALTER TABLE " + source + " DROP COLUMN " + w.ident(moved));
            } else {
                migration.add("-- " + table.name() + "." + moved + " is copied to " + to + " and left in place: "
                        + "rerun with --allow-destructive to drop it after the checks");
            }
        }
        return new DecompositionPlan(ddl, migration);
    }

    /** What of the table uses the column (so dropping it would fail or take that along); null when nothing. */
    private static String usedBy(Table t, String column) {
        if (t.primaryKey().contains(column)) {
            return "the primary key";
        }
        for (ForeignKey fk : t.foreignKeys()) {
            if (fk.columns().contains(column)) {
                return "foreign key " + (fk.name() == null ? "to " + fk.refTable() : fk.name());
            }
        }
        for (io.dbagent.schema.Unique u : t.uniques()) {
            if (u.columns().contains(column)) {
                return "unique constraint " + u.name();
            }
        }
        for (io.dbagent.schema.Index i : t.indexes()) {
            if (i.columns().stream().anyMatch(p -> mentions(p, column)) || mentions(i.where(), column)) {
                return "index " + i.name();
            }
        }
        for (io.dbagent.schema.Check c : t.checks()) {
            if (mentions(c.expression(), column)) {
                return "a CHECK constraint";
            }
        }
        for (Column c : t.columns()) {
            if (c.generated() != null && mentions(c.generated(), column)) {
                return "generated column " + c.name();
            }
        }
        return null;
    }

    private static boolean mentions(String text, String column) {
        return text != null && java.util.regex.Pattern.compile("(?<![A-Za-z0-9_$])[\"`]?"
                + java.util.regex.Pattern.quote(column) + "[\"`]?(?![A-Za-z0-9_$])",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text).find();
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

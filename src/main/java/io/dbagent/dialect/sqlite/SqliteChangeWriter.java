package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.diff.Change;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffModels;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * SQLite DDL for the diff's changes. What SQLite's ALTER TABLE cannot do is a {@link Change.RebuildTable}, written as
 * the procedure of the SQLite manual (section "Making Other Kinds Of Table Schema Changes"): with foreign keys off,
 * create the new table, copy the rows, drop the old one, rename, recreate indexes (views and triggers come back in
 * their own changes), then {@code PRAGMA foreign_key_check}. The script runs in one transaction between the
 * foreign_keys pragmas (SQLite ignores them inside one), so a failing copy leaves the old table and its rows.
 */
final class SqliteChangeWriter implements ChangeWriter {

    private static final DialectKind D = DialectKind.SQLITE;
    static final String REBUILD_PREFIX = "_dbagent_new_";

    @Override
    public List<String> write(Change change) {
        if (change instanceof Change.CreateTable c) {
            return createTable(c.table(), c.table().name());
        }
        if (change instanceof Change.DropTable c) {
            return List.of("DROP TABLE " + id(c.table().name()));
        }
        if (change instanceof Change.RenameTable c) {
            return List.of("ALTER TABLE " + id(c.table().name()) + " RENAME TO " + id(c.newName()));
        }
        if (change instanceof Change.RenameColumn c) {
            // SQLite 3.25+; references in indexes, triggers, views and foreign keys follow
            return List.of("ALTER TABLE " + id(c.table().name()) + " RENAME COLUMN " + id(c.from()) + " TO "
                    + id(c.to()));
        }
        if (change instanceof Change.AddColumn c) {
            return List.of("ALTER TABLE " + id(c.table().name()) + " ADD COLUMN " + column(c.column(), false));
        }
        if (change instanceof Change.DropColumn c) {
            return List.of("ALTER TABLE " + id(c.table().name()) + " DROP COLUMN " + id(c.column().name()));
        }
        if (change instanceof Change.RebuildTable c) {
            return rebuild(c.from(), c.to());
        }
        if (change instanceof Change.CreateIndex c) {
            return List.of(createIndex(c.table().name(), c.index()));
        }
        if (change instanceof Change.DropIndex c) {
            return List.of("DROP INDEX " + id(c.index().name()));
        }
        if (change instanceof Change.CreateView c) {
            return List.of("CREATE VIEW " + id(c.view().name()) + " AS " + c.view().definition());
        }
        if (change instanceof Change.DropView c) {
            return List.of("DROP VIEW " + id(c.view().name()));
        }
        if (change instanceof Change.CreateTrigger c) {
            return List.of(c.trigger().definition());
        }
        if (change instanceof Change.DropTrigger c) {
            return List.of("DROP TRIGGER " + id(c.trigger().name()));
        }
        throw new IllegalStateException(change.kind() + " does not occur in a SQLite diff (tables are rebuilt)");
    }

    @Override
    public List<String> prologue(List<Change> changes) {
        return needsForeignKeysOff(changes) ? List.of("PRAGMA foreign_keys = OFF") : List.of();
    }

    @Override
    public List<String> epilogue(List<Change> changes) {
        return needsForeignKeysOff(changes) ? List.of("PRAGMA foreign_key_check") : List.of();
    }

    @Override
    public List<String> finale(List<Change> changes) {
        return needsForeignKeysOff(changes) ? List.of("PRAGMA foreign_keys = ON") : List.of();
    }

    /** A rebuild drops the old table: the whole script commits only when every copy worked. */
    @Override
    public boolean scriptTransaction(List<Change> changes) {
        return needsForeignKeysOff(changes);
    }

    /** Dropping or rebuilding a parent table with foreign keys on would delete or fail on the child rows. */
    private static boolean needsForeignKeysOff(List<Change> changes) {
        return changes.stream().anyMatch(c -> c instanceof Change.RebuildTable || c instanceof Change.DropTable);
    }

    private List<String> rebuild(Table from, Table to) {
        String temp = REBUILD_PREFIX + to.name();
        List<String> out = new ArrayList<>();
        out.add(createTable(to, temp).get(0));
        List<Column> copied = to.columns().stream()
                .filter(c -> c.generated() == null)
                .filter(c -> from.column(c.name()).map(fc -> fc.generated() == null).orElse(false))
                .toList();
        if (!copied.isEmpty()) {
            String list = copied.stream().map(c -> id(c.name())).collect(Collectors.joining(", "));
            String values = copied.stream().map(c -> copiedValue(from.column(c.name()).orElseThrow(), c))
                    .collect(Collectors.joining(", "));
            out.add("INSERT INTO " + id(temp) + " (" + list + ") SELECT " + values + " FROM " + id(from.name()));
        }
        out.add("DROP TABLE " + id(from.name()));
        out.add("ALTER TABLE " + id(temp) + " RENAME TO " + id(to.name()));
        indexes(to).forEach(i -> out.add(createIndex(to.name(), i)));
        return out;
    }

    /**
     * The value a rebuild copies into a column: a column that becomes NOT NULL with a default gets the default where
     * the old row holds NULL (what an in-place {@code SET NOT NULL} after a backfill would leave), so the copy does
     * not fail on existing NULLs.
     */
    private static String copiedValue(Column from, Column to) {
        boolean backfill = from.nullable() && !to.nullable() && to.defaultValue() != null
                && !to.defaultValue().equalsIgnoreCase("NULL");
        return backfill ? "COALESCE(" + id(to.name()) + ", " + to.defaultValue() + ")" : id(to.name());
    }

    /** CREATE TABLE under {@code name}, then its indexes. */
    private List<String> createTable(Table t, String name) {
        List<String> parts = new ArrayList<>();
        t.columns().forEach(c -> parts.add(column(c, t.primaryKey().size() == 1 && c.autoIncrement())));
        // SQLite numbers the autoindexes of PRIMARY KEY and UNIQUE in the order the clauses appear: keep that order
        List<Keyed> keys = new ArrayList<>();
        if (!t.primaryKey().isEmpty()) {
            keys.add(new Keyed(autoindexNumber(t, t.primaryKey(), true),
                    constraint(t.primaryKeyName()) + "PRIMARY KEY (" + cols(t.primaryKey()) + ")"));
        }
        for (Unique u : t.uniques()) {
            String name2 = u.name() == null || u.name().toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex_")
                    ? null : u.name();
            keys.add(new Keyed(autoindexNumber(t, u.columns(), false),
                    constraint(name2) + "UNIQUE (" + cols(u.columns()) + ")"));
        }
        keys.sort(Comparator.comparingInt(Keyed::order));
        keys.forEach(k -> parts.add(k.text()));
        t.checks().forEach(k -> parts.add(constraint(k.name()) + "CHECK (" + k.expression() + ")"));
        t.foreignKeys().forEach(fk -> parts.add(foreignKey(fk)));
        List<String> out = new ArrayList<>();
        out.add("CREATE TABLE " + id(name) + " (\n    " + String.join(",\n    ", parts) + "\n)"
                + (t.options() == null ? "" : " " + t.options()));
        if (name.equals(t.name())) {
            indexes(t).forEach(i -> out.add(createIndex(t.name(), i)));
        }
        return out;
    }

    private record Keyed(int order, String text) {
    }

    private static int autoindexNumber(Table t, List<String> columns, boolean primary) {
        for (Index i : t.indexes()) {
            String n = i.name().toLowerCase(Locale.ROOT);
            if (n.startsWith("sqlite_autoindex_") && i.primary() == primary && i.columns().equals(columns)) {
                try {
                    return Integer.parseInt(n.substring(n.lastIndexOf('_') + 1));
                } catch (NumberFormatException e) {
                    return Integer.MAX_VALUE;
                }
            }
        }
        return primary ? 0 : Integer.MAX_VALUE;
    }

    private static List<Index> indexes(Table t) {
        return t.indexes().stream().filter(i -> !DiffModels.backsConstraint(D, t, i)).toList();
    }

    private static String column(Column c, boolean rowidAlias) {
        StringBuilder s = new StringBuilder(id(c.name()));
        if (c.type() != null && !c.type().isEmpty()) {
            s.append(' ').append(c.type());
        }
        if (c.collation() != null) {
            s.append(" COLLATE ").append(c.collation());
        }
        if (!c.nullable() && !rowidAlias) {
            s.append(" NOT NULL");
        }
        if (c.defaultValue() != null) {
            s.append(" DEFAULT ").append(SqliteDdlWriter.defaultExpression(c.defaultValue()));
        }
        if (c.generated() != null) {
            s.append(" GENERATED ALWAYS AS (").append(c.generated()).append(")")
                    .append("stored".equalsIgnoreCase(c.generatedKind()) ? " STORED" : " VIRTUAL");
        }
        return s.toString();
    }

    private static String createIndex(String table, Index i) {
        String parts = i.columns().stream().map(p -> ChangeWriter.isPlainColumn(p) ? id(p) : p)
                .collect(Collectors.joining(", "));
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + id(i.name()) + " ON " + id(table) + " ("
                + parts + ")" + (i.where() == null ? "" : " WHERE " + i.where());
    }

    private static String foreignKey(ForeignKey fk) {
        return constraint(fk.name()) + "FOREIGN KEY (" + cols(fk.columns()) + ") REFERENCES " + id(fk.refTable())
                + (fk.refColumns().isEmpty() ? "" : " (" + cols(fk.refColumns()) + ")")
                + ChangeWriter.action("DELETE", fk.onDelete())
                + ChangeWriter.action("UPDATE", fk.onUpdate());
    }

    private static String constraint(String name) {
        return name == null ? "" : "CONSTRAINT " + id(name) + " ";
    }

    private static String id(String name) {
        return DdlWriter.of(D).ident(name);
    }

    private static String cols(List<String> names) {
        return names.stream().map(SqliteChangeWriter::id).collect(Collectors.joining(", "));
    }
}

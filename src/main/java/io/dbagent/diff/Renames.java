package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rename hints ({@code --rename OLD=NEW} for a table, {@code --rename TABLE.OLD=NEW} for a column) and the
 * possible renames a diff without hints reports. A hint is resolved against the from-side model: on PostgreSQL
 * {@code a.b=c} renames table {@code b} of schema {@code a} when the from-side has that table, else column {@code b}
 * of table {@code a}; {@code schema.table.column=new} names a column in a schema. The new name is a bare name: a
 * table stays in its schema, a column in its table.
 */
public final class Renames {

    /** One hint as given: {@code old} the dotted from-side name, {@code to} the new bare name. */
    public record Hint(String old, String to) {

        /** Parses {@code OLD=NEW}; anything else is bad input. */
        public static Hint parse(String text) {
            int eq = text == null ? -1 : text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw DbAgentException.badInput("--rename " + text + ": expected OLD=NEW for a table or TABLE.OLD=NEW "
                        + "for a column");
            }
            String old = text.substring(0, eq).trim();
            String to = text.substring(eq + 1).trim();
            if (to.contains(".") || to.isEmpty() || old.isEmpty() || old.startsWith(".") || old.endsWith(".")) {
                throw DbAgentException.badInput("--rename " + text + ": the new name is a bare name (the table stays "
                        + "in its schema, the column in its table): OLD=NEW or TABLE.OLD=NEW");
            }
            return new Hint(old, to);
        }

        public static List<Hint> parseAll(List<String> texts) {
            return texts == null ? List.of() : texts.stream().filter(t -> t != null && !t.isBlank())
                    .map(Hint::parse).toList();
        }

        String flag() {
            return "--rename " + old + "=" + to;
        }
    }

    /**
     * A dropped and an added object that may be one renamed: {@code kind} {@code table} or {@code column},
     * {@code from} and {@code to} display names, {@code flag} the exact option that makes the diff rename it.
     */
    public record Possible(String kind, String from, String to, String flag) {

        public String message() {
            return "possible rename: " + kind + " " + from + " is dropped and " + to
                    + " is added with the same " + ("table".equals(kind) ? "columns" : "type")
                    + "; if it is a rename (the drop loses its data), rerun with " + flag;
        }
    }

    /** The from-side model with the hints applied, and the rename changes that do it on the database. */
    record Applied(Schema from, List<Change> changes, Set<String> touchedTables) {
    }

    private Renames() {
    }

    /**
     * Checks the hints against both sides (each names an object of the from-side, and its new name one of the
     * to-side) and renames the objects in the from-side model; both models as {@link DiffModels#prepare} leaves them.
     */
    static Applied apply(DialectKind d, Schema from, Schema to, List<Hint> hints) {
        if (hints.isEmpty()) {
            return new Applied(from, List.of(), Set.of());
        }
        boolean bySchema = Dialects.of(d).namesBySchema();
        List<Table> tables = new ArrayList<>(from.tables());
        List<Change> changes = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        List<Hint> columnHints = new ArrayList<>();
        // table renames first, so a column hint may name the table by its old or its new name
        Map<Hint, Table> tableHints = new LinkedHashMap<>();
        for (Hint h : hints) {
            Optional<Table> t = tableNamed(tables, h.old(), bySchema);
            if (t.isPresent()) {
                tableHints.put(h, t.get());
            } else {
                columnHints.add(h);
            }
        }
        for (Map.Entry<Hint, Table> e : tableHints.entrySet()) {
            Hint h = e.getKey();
            Table old = e.getValue();
            String newName = h.to();
            if (find(to.tables(), old.schema(), newName).isEmpty()) {
                throw DbAgentException.badInput(h.flag() + ": the to-side has no table " + display(old.schema(),
                        newName));
            }
            if (find(tables, old.schema(), newName).isPresent()) {
                throw DbAgentException.badInput(h.flag() + ": the from-side already has a table " + display(
                        old.schema(), newName));
            }
            String actual = find(to.tables(), old.schema(), newName).get().name();
            changes.add(new Change.RenameTable(TableRef.of(old), actual));
            sequenceRenames(from, old, actual, null, null, changes);
            touched.add(old.name());
            touched.add(actual);
            List<Table> next = new ArrayList<>();
            for (Table t : tables) {
                Table r = t == old ? renameSerialDefaults(t.withName(actual), old.name(), actual) : t;
                next.add(r.withForeignKeys(r.foreignKeys().stream().map(fk -> refersTo(fk, t, old)
                        ? new ForeignKey(fk.name(), fk.columns(), fk.refSchema(), actual, fk.refColumns(),
                        fk.onDelete(), fk.onUpdate(), fk.deferrable()) : fk).toList()));
            }
            tables = next;
        }
        for (Hint h : columnHints) {
            int dot = h.old().lastIndexOf('.');
            if (dot < 0) {
                throw DbAgentException.badInput(h.flag() + ": the from-side has no table " + h.old());
            }
            String given = h.old().substring(0, dot);
            String columnName = h.old().substring(dot + 1);
            // the table may be named by its old name when a hint renames it too
            String tableName = tableHints.keySet().stream().filter(th -> th.old().equalsIgnoreCase(given))
                    .map(th -> given.contains(".") ? given.substring(0, given.lastIndexOf('.') + 1) + th.to()
                            : th.to()).findFirst().orElse(given);
            Table t = tableNamed(tables, tableName, bySchema).orElseThrow(() -> DbAgentException.badInput(h.flag()
                    + ": the from-side has no table " + given));
            Column c = t.column(columnName).orElseThrow(() -> DbAgentException.badInput(h.flag()
                    + ": the from-side table " + TableRef.of(t).display() + " has no column " + columnName));
            Table target = find(to.tables(), t.schema(), t.name()).orElseThrow(() -> DbAgentException.badInput(
                    h.flag() + ": the to-side has no table " + TableRef.of(t).display()));
            Column neu = target.column(h.to()).orElseThrow(() -> DbAgentException.badInput(h.flag()
                    + ": the to-side table " + TableRef.of(target).display() + " has no column " + h.to()));
            if (t.column(neu.name()).isPresent()) {
                throw DbAgentException.badInput(h.flag() + ": the from-side table " + TableRef.of(t).display()
                        + " already has a column " + neu.name());
            }
            changes.add(new Change.RenameColumn(TableRef.of(t), c.name(), neu.name()));
            sequenceRenames(from, t, t.name(), c.name(), neu.name(), changes);
            touched.add(t.name());
            List<Table> next = new ArrayList<>();
            for (Table other : tables) {
                Table r = other == t ? renameColumn(other, c.name(), neu.name()) : other;
                next.add(r.withForeignKeys(r.foreignKeys().stream().map(fk -> refersTo(fk, other, t)
                        ? new ForeignKey(fk.name(), fk.columns(), fk.refSchema(), fk.refTable(),
                        replaceAll(fk.refColumns(), c.name(), neu.name()), fk.onDelete(), fk.onUpdate(),
                        fk.deferrable()) : fk).toList()));
            }
            tables = next;
        }
        return new Applied(from.withTables(tables), changes, touched);
    }

    /**
     * Dropped and added objects that look like one renamed: in a table both sides have, a dropped column and an
     * added one of the same type (when exactly one of each type); a dropped table and a created one with the same
     * columns (names and types).
     */
    static List<Possible> detect(DialectKind d, Schema from, Schema to) {
        Map<String, Table> fromTables = new LinkedHashMap<>();
        from.tables().forEach(t -> fromTables.put(DiffModels.key(d, t), t));
        Map<String, Table> toTables = new LinkedHashMap<>();
        to.tables().forEach(t -> toTables.put(DiffModels.key(d, t), t));
        List<Possible> out = new ArrayList<>();
        List<Table> dropped = fromTables.entrySet().stream().filter(e -> !toTables.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        List<Table> created = toTables.entrySet().stream().filter(e -> !fromTables.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        for (Table a : dropped) {
            List<Table> same = created.stream().filter(b -> Objects.equals(a.schema(), b.schema())
                    && shape(a).equals(shape(b))).toList();
            if (same.size() == 1) {
                Table b = same.get(0);
                out.add(new Possible("table", TableRef.of(a).display(), TableRef.of(b).display(),
                        "--rename " + TableRef.of(a).display() + "=" + b.name()));
            }
        }
        fromTables.forEach((k, a) -> {
            Table b = toTables.get(k);
            if (b == null) {
                return;
            }
            List<Column> gone = a.columns().stream().filter(c -> c.generated() == null
                    && b.column(c.name()).isEmpty()).toList();
            List<Column> added = b.columns().stream().filter(c -> c.generated() == null
                    && a.column(c.name()).isEmpty()).toList();
            for (Column g : gone) {
                List<Column> sameType = added.stream().filter(c -> sameType(g, c)).toList();
                long goneOfType = gone.stream().filter(c -> sameType(g, c)).count();
                if (sameType.size() == 1 && goneOfType == 1) {
                    String table = TableRef.of(a).display();
                    out.add(new Possible("column", table + "." + g.name(), table + "." + sameType.get(0).name(),
                            "--rename " + table + "." + g.name() + "=" + sameType.get(0).name()));
                }
            }
        });
        return out;
    }

    private static boolean sameType(Column a, Column b) {
        return a.type() != null && a.type().equalsIgnoreCase(b.type());
    }

    private static Set<String> shape(Table t) {
        Set<String> out = new HashSet<>();
        t.columns().forEach(c -> out.add(c.name().toLowerCase(Locale.ROOT) + " "
                + (c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT))));
        return out;
    }

    private static Optional<Table> tableNamed(List<Table> tables, String dotted, boolean bySchema) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            List<Table> named = tables.stream().filter(t -> t.name().equalsIgnoreCase(dotted)).toList();
            if (named.size() > 1) {
                return named.stream().filter(t -> t.schema() == null || "public".equals(t.schema())).findFirst();
            }
            return named.stream().findFirst();
        }
        if (!bySchema || dotted.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return find(tables, dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    private static Optional<Table> find(List<Table> tables, String schema, String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)
                && (schema == null || t.schema() == null || t.schema().equalsIgnoreCase(schema))).findFirst();
    }

    private static boolean refersTo(ForeignKey fk, Table owner, Table referenced) {
        String refSchema = fk.refSchema() == null ? owner.schema() : fk.refSchema();
        return fk.refTable().equalsIgnoreCase(referenced.name())
                && (refSchema == null || referenced.schema() == null || refSchema.equalsIgnoreCase(referenced.schema()));
    }

    private static String display(String schema, String name) {
        return new TableRef(schema, name).display();
    }

    /** The table with column {@code old} called {@code neu} everywhere the table names it. */
    static Table renameColumn(Table t, String old, String neu) {
        List<Column> cols = t.columns().stream().map(c -> {
            Column r = c.name().equalsIgnoreCase(old) ? c.withName(neu) : c;
            String def = r.defaultValue() == null ? null : serial(r.defaultValue(), t.name() + "_" + old,
                    t.name() + "_" + neu);
            return r.withExpressions(def, word(r.generated(), old, neu));
        }).toList();
        Table r = t.withColumns(cols).withKeys(replaceAll(t.primaryKey(), old, neu),
                t.uniques().stream().map(u -> new Unique(u.name(), replaceAll(u.columns(), old, neu), u.deferrable()))
                        .toList(),
                t.checks().stream().map(c -> new Check(c.name(), word(c.expression(), old, neu))).toList(),
                t.indexes().stream().map(i -> new Index(i.name(), i.columns().stream().map(p -> word(p, old, neu))
                        .toList(), i.unique(), i.primary(), i.method(), word(i.where(), old, neu),
                        replaceAll(i.include(), old, neu), i.sizeBytes())).toList());
        return r.withForeignKeys(r.foreignKeys().stream().map(fk -> new ForeignKey(fk.name(),
                replaceAll(fk.columns(), old, neu), fk.refSchema(), fk.refTable(),
                fk.refTable().equalsIgnoreCase(t.name()) ? replaceAll(fk.refColumns(), old, neu) : fk.refColumns(),
                fk.onDelete(), fk.onUpdate(), fk.deferrable())).toList());
    }

    private static Table renameSerialDefaults(Table t, String oldTable, String newTable) {
        return t.withColumns(t.columns().stream().map(c -> c.defaultValue() == null ? c
                : c.withExpressions(serial(c.defaultValue(), oldTable + "_" + c.name(), newTable + "_" + c.name()),
                c.generated())).toList());
    }

    private static final Pattern SEQ_REF = Pattern.compile("nextval\\('(?:(?:\"?[^'\".]+\"?)\\.)?\"?([^'\".]+)\"?'");

    /** A default {@code nextval('<prefix>_seq'…)} with the sequence named after the new prefix. */
    private static String serial(String def, String oldPrefix, String newPrefix) {
        Matcher m = SEQ_REF.matcher(def);
        if (m.find() && m.group(1).equalsIgnoreCase(oldPrefix + "_seq")) {
            return def.substring(0, m.start(1)) + newPrefix + "_seq" + def.substring(m.end(1));
        }
        return def;
    }

    /** The sequence a serial column owns ({@code <table>_<column>_seq}) follows the table or column renamed. */
    private static void sequenceRenames(Schema from, Table t, String newTable, String oldColumn, String newColumn,
                                        List<Change> changes) {
        for (Column c : t.columns()) {
            if (c.defaultValue() == null || oldColumn != null && !c.name().equalsIgnoreCase(oldColumn)) {
                continue;
            }
            Matcher m = SEQ_REF.matcher(c.defaultValue());
            String expected = t.name() + "_" + c.name() + "_seq";
            if (m.find() && m.group(1).equalsIgnoreCase(expected)) {
                String neu = newTable + "_" + (newColumn == null ? c.name() : newColumn) + "_seq";
                changes.add(new Change.RenameSequence(t.schema(), m.group(1), neu));
            }
        }
    }

    private static List<String> replaceAll(List<String> names, String old, String neu) {
        return names.stream().map(n -> n.equalsIgnoreCase(old) ? neu : n).toList();
    }

    /** {@code text} with the identifier {@code old} (bare or quoted) replaced by {@code neu}. */
    static String word(String text, String old, String neu) {
        if (text == null) {
            return null;
        }
        Pattern p = Pattern.compile("(?<![A-Za-z0-9_$])([\"`]?)" + Pattern.quote(old) + "\\1(?![A-Za-z0-9_$])",
                Pattern.CASE_INSENSITIVE);
        return p.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + neu + m.group(1)));
    }
}

package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The changes that turn one version of a table into another, put into their phases. */
final class TableDiff {

    /** What the rest of the diff needs to know about a changed table. */
    record Outcome(boolean structural, boolean rebuilt, Set<String> retypedColumns, boolean keysDropped) {
    }

    private TableDiff() {
    }

    static Outcome compare(DialectKind d, Table from, Table to, Phases phases) {
        return Dialects.of(d).diff().altersTablesInPlace() ? compareAlterable(d, from, to, phases)
                : compareRebuilding(d, from, to, phases);
    }

    private static Outcome compareAlterable(DialectKind d, Table from, Table to, Phases phases) {
        TableRef ref = TableRef.of(to);
        boolean structural;
        Set<String> retyped = new HashSet<>();
        List<Change> columnChanges = new ArrayList<>();
        // drops last column first, so that the reverse re-adds them in order, each AFTER one that exists
        List<Column> fromCols = from.columns();
        for (int i = fromCols.size() - 1; i >= 0; i--) {
            Column c = fromCols.get(i);
            Column t = to.column(c.name()).orElse(null);
            if (t == null || generationChanged(c, t)) {
                columnChanges.add(new Change.DropColumn(ref, c, i == 0 ? null : fromCols.get(i - 1).name()));
            }
        }
        List<Column> toCols = to.columns();
        for (int i = 0; i < toCols.size(); i++) {
            Column t = toCols.get(i);
            Column c = from.column(t.name()).orElse(null);
            if (c == null || generationChanged(c, t)) {
                columnChanges.add(new Change.AddColumn(ref, t, i == 0 ? null : toCols.get(i - 1).name()));
            } else if (!Objects.equals(c.comment(), t.comment()) && sameColumn(c, t.withComment(c.comment()))) {
                columnChanges.add(new Change.SetColumnComment(ref, c, t));
            } else if (!sameColumn(c, t)) {
                columnChanges.add(new Change.AlterColumn(ref, c, t));
                if (!Objects.equals(c.type(), t.type())) {
                    retyped.add(t.name());
                }
            }
        }
        // an added column or a comment leaves views and triggers valid; dropping or retyping one may not
        structural = columnChanges.stream().anyMatch(c -> !(c instanceof Change.AddColumn
                || c instanceof Change.SetColumnComment));
        if (!Objects.equals(from.charset(), to.charset()) || !Objects.equals(from.collation(), to.collation())) {
            phases.add(Phases.ALTER_TABLES, new Change.SetTableCharset(ref, from.charset(), from.collation(),
                    to.charset(), to.collation()));
        }
        if (!Objects.equals(from.options(), to.options())) {
            // the only table option MySQL/MariaDB models is ENGINE=…; PostgreSQL has none
            phases.add(Phases.ALTER_TABLES, new Change.SetTableEngine(ref, engine(from.options()),
                    engine(to.options())));
        }
        phases.addAll(Phases.ALTER_TABLES, columnChanges);
        if (!Objects.equals(from.comment(), to.comment())) {
            phases.add(Phases.ALTER_TABLES, new Change.SetTableComment(ref, from.comment(), to.comment()));
        }

        boolean keysDropped = false;
        if (!from.primaryKey().equals(to.primaryKey()) || !Objects.equals(from.primaryKeyName(), to.primaryKeyName())) {
            if (!from.primaryKey().isEmpty()) {
                phases.add(Phases.DROP_CONSTRAINTS_AND_INDEXES,
                        new Change.DropPrimaryKey(ref, from.primaryKeyName(), from.primaryKey()));
                keysDropped = true;
            }
            if (!to.primaryKey().isEmpty()) {
                phases.add(Phases.ADD_CONSTRAINTS_AND_INDEXES,
                        new Change.AddPrimaryKey(ref, to.primaryKeyName(), to.primaryKey()));
            }
        }
        diffNamed(byName(from.foreignKeys(), ForeignKey::name), byName(to.foreignKeys(), ForeignKey::name),
                fk -> phases.add(Phases.DROP_FOREIGN_KEYS, new Change.DropForeignKey(ref, fk)),
                fk -> phases.add(Phases.ADD_FOREIGN_KEYS, new Change.AddForeignKey(ref, fk)));
        Map<String, Unique> fromUniques = byName(from.uniques(), Unique::name);
        Map<String, Unique> toUniques = byName(to.uniques(), Unique::name);
        keysDropped |= fromUniques.entrySet().stream().anyMatch(e -> !e.getValue().equals(toUniques.get(e.getKey())));
        diffNamed(fromUniques, toUniques,
                u -> phases.add(Phases.DROP_CONSTRAINTS_AND_INDEXES, new Change.DropUnique(ref, u)),
                u -> phases.add(Phases.ADD_CONSTRAINTS_AND_INDEXES, new Change.AddUnique(ref, u)));
        diffNamed(byName(from.checks(), Check::name), byName(to.checks(), Check::name),
                c -> phases.add(Phases.DROP_CONSTRAINTS_AND_INDEXES, new Change.DropCheck(ref, c)),
                c -> phases.add(Phases.ADD_CONSTRAINTS_AND_INDEXES, new Change.AddCheck(ref, c)));
        diffNamed(byName(from.exclusions(), io.dbagent.schema.Exclusion::name),
                byName(to.exclusions(), io.dbagent.schema.Exclusion::name),
                x -> phases.add(Phases.DROP_CONSTRAINTS_AND_INDEXES, new Change.DropExclusion(ref, x)),
                x -> phases.add(Phases.ADD_CONSTRAINTS_AND_INDEXES, new Change.AddExclusion(ref, x)));
        diffIndexes(d, from, to, ref, phases);
        if (!Objects.equals(from.rowSecurity(), to.rowSecurity())) {
            phases.add(Phases.ALTER_TABLES, new Change.SetRowSecurity(ref, from.rowSecurity(), to.rowSecurity()));
        }
        from.inherits().stream().filter(p -> !to.inherits().contains(p))
                .forEach(p -> phases.add(Phases.ALTER_TABLES, new Change.DropInherit(ref, p)));
        to.inherits().stream().filter(p -> !from.inherits().contains(p))
                .forEach(p -> phases.add(Phases.ALTER_TABLES, new Change.AddInherit(ref, p)));
        partitions(d, from, to, ref, phases);
        return new Outcome(structural, false, retyped, keysDropped);
    }

    /**
     * Where tables are rebuilt (SQLite), little changes in place: indexes, and a plain column appended at the end.
     * Anything else about the table (column types, nullability, defaults, keys, checks, dropped columns) goes through
     * the rebuild.
     */
    private static Outcome compareRebuilding(DialectKind d, Table from, Table to, Phases phases) {
        TableRef ref = TableRef.of(to);
        if (sameShape(from, to)) {
            diffIndexes(d, from, to, ref, phases);
            return new Outcome(false, false, Set.of(), false);
        }
        List<Column> appended = appendedPlainColumns(from, to);
        if (appended != null) {
            List<Column> toCols = to.columns();
            for (Column c : appended) {
                int i = toCols.indexOf(c);
                phases.add(Phases.ALTER_TABLES, new Change.AddColumn(ref, c, toCols.get(i - 1).name()));
            }
            diffIndexes(d, from, to, ref, phases);
            return new Outcome(false, false, Set.of(), false);
        }
        phases.add(Phases.ALTER_TABLES, new Change.RebuildTable(from, to));
        return new Outcome(true, true, Set.of(), true);
    }

    /**
     * Partitions that are part of their table's definition (MySQL/MariaDB) are added and dropped by name; a changed
     * bound or sub-partitioning needs a rebuild, noted once for the table. A changed key is noted by the caller.
     */
    private static void partitions(DialectKind d, Table from, Table to, TableRef ref, Phases phases) {
        if (Dialects.of(d).diff().partitionsAreTables() || from.partitionKey() == null
                || !from.partitionKey().equals(to.partitionKey())) {
            return;
        }
        Map<String, Partition> a = byName(from.partitions(), Partition::name);
        Map<String, Partition> b = byName(to.partitions(), Partition::name);
        List<String> changed = a.keySet().stream().filter(k -> b.containsKey(k) && !a.get(k).equals(b.get(k)))
                .toList();
        if (!changed.isEmpty()) {
            phases.add(Phases.ALTER_TABLES, new Change.RepartitionTable(ref, describe(from, changed),
                    describe(to, changed)));
            return;
        }
        if (rangeAddedBeforeTheEnd(from, to, a.keySet())) {
            // ADD PARTITION only appends after the last range; a range in between (or after MAXVALUE) needs
            // REORGANIZE PARTITION, which moves rows: a rebuild note, not SQL that the server would refuse
            List<String> added = to.partitions().stream().map(Partition::name).filter(n -> !a.containsKey(n)).toList();
            phases.add(Phases.ALTER_TABLES, new Change.RepartitionTable(ref,
                    describe(from, from.partitions().stream().map(Partition::name).toList()), describe(to, added)));
            return;
        }
        a.forEach((k, p) -> {
            if (!b.containsKey(k)) {
                phases.add(Phases.DROP_TABLES, new Change.DropPartition(ref, p, null));
            }
        });
        b.forEach((k, p) -> {
            if (!a.containsKey(k)) {
                phases.add(Phases.ALTER_TABLES, new Change.AddPartition(ref, p, null));
            }
        });
    }

    /**
     * Whether a new RANGE partition of a MySQL/MariaDB table does not come after every partition it keeps, or the
     * kept ones already end with {@code MAXVALUE}.
     */
    private static boolean rangeAddedBeforeTheEnd(Table from, Table to, java.util.Set<String> kept) {
        if (!from.partitionKey().trim().toUpperCase(java.util.Locale.ROOT).startsWith("RANGE")) {
            return false;
        }
        List<String> order = to.partitions().stream().map(Partition::name).toList();
        int lastKept = -1;
        int firstAdded = Integer.MAX_VALUE;
        for (int i = 0; i < order.size(); i++) {
            if (kept.contains(order.get(i))) {
                lastKept = i;
            } else {
                firstAdded = Math.min(firstAdded, i);
            }
        }
        if (firstAdded == Integer.MAX_VALUE) {
            return false;
        }
        boolean endsAtMaxvalue = from.partitions().stream().filter(p -> to.partitions().stream()
                        .anyMatch(q -> q.name().equals(p.name())))
                .anyMatch(p -> p.bound() != null && p.bound().toUpperCase(java.util.Locale.ROOT).contains("MAXVALUE"));
        return firstAdded < lastKept || endsAtMaxvalue;
    }

    private static String describe(Table t, List<String> names) {
        return t.partitions().stream().filter(p -> names.contains(p.name()))
                .map(p -> p.name() + " " + p.bound() + (p.subpartitionKey() == null ? ""
                        : " subpartitioned by " + p.subpartitionKey() + " into " + p.subpartitions().size()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static boolean sameShape(Table a, Table b) {
        if (a.columns().size() != b.columns().size()) {
            return false;
        }
        for (int i = 0; i < a.columns().size(); i++) {
            if (!sameColumn(a.columns().get(i), b.columns().get(i))) {
                return false;
            }
        }
        return sameKeys(a, b);
    }

    /** Keys, checks and the table options ({@code STRICT}, {@code WITHOUT ROWID}: a change of those rebuilds). */
    private static boolean sameKeys(Table a, Table b) {
        return Objects.equals(a.options(), b.options()) && a.primaryKey().equals(b.primaryKey()) && Objects.equals(a.primaryKeyName(), b.primaryKeyName())
                && new HashSet<>(a.foreignKeys()).equals(new HashSet<>(b.foreignKeys()))
                && new HashSet<>(a.uniques()).equals(new HashSet<>(b.uniques()))
                && new HashSet<>(a.checks()).equals(new HashSet<>(b.checks()));
    }

    /** The columns {@code to} adds at its end, when that is all that changed and ADD COLUMN can do it; else null. */
    private static List<Column> appendedPlainColumns(Table from, Table to) {
        int n = from.columns().size();
        if (to.columns().size() <= n || !sameKeys(from, to)) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (!sameColumn(from.columns().get(i), to.columns().get(i))) {
                return null;
            }
        }
        List<Column> added = to.columns().subList(n, to.columns().size());
        for (Column c : added) {
            // SQLite reports an expression default without its parentheses: a call is not a constant
            boolean constantDefault = c.defaultValue() != null && !c.defaultValue().contains("(")
                    && !c.defaultValue().toUpperCase(java.util.Locale.ROOT).startsWith("CURRENT_")
                    && !c.defaultValue().equalsIgnoreCase("NULL");
            if (c.generated() != null || c.primaryKey() || !c.nullable() && !constantDefault
                    || c.defaultValue() != null && !constantDefault) {
                return null;
            }
        }
        return added;
    }

    private static void diffIndexes(DialectKind d, Table from, Table to, TableRef ref, Phases phases) {
        Map<String, Index> a = new LinkedHashMap<>();
        from.indexes().stream().filter(i -> !DiffModels.backsConstraint(d, from, i)).forEach(i -> a.put(i.name(), i));
        Map<String, Index> b = new LinkedHashMap<>();
        to.indexes().stream().filter(i -> !DiffModels.backsConstraint(d, to, i)).forEach(i -> b.put(i.name(), i));
        diffNamed(a, b, TableDiff::sameIndex,
                i -> phases.add(Phases.DROP_CONSTRAINTS_AND_INDEXES, new Change.DropIndex(ref, i)),
                i -> phases.add(Phases.ADD_CONSTRAINTS_AND_INDEXES, new Change.CreateIndex(ref, i)));
    }

    static boolean sameIndex(Index a, Index b) {
        return a.columns().equals(b.columns()) && a.unique() == b.unique() && Objects.equals(a.method(), b.method())
                && Objects.equals(a.where(), b.where()) && a.include().equals(b.include());
    }

    static boolean sameColumn(Column a, Column b) {
        return a.name().equals(b.name()) && Objects.equals(a.type(), b.type()) && a.nullable() == b.nullable()
                && Objects.equals(a.defaultValue(), b.defaultValue()) && Objects.equals(a.identity(), b.identity())
                && a.autoIncrement() == b.autoIncrement() && Objects.equals(a.generated(), b.generated())
                && Objects.equals(a.generatedKind(), b.generatedKind()) && Objects.equals(a.comment(), b.comment())
                && Objects.equals(a.charset(), b.charset()) && Objects.equals(a.collation(), b.collation())
                && Objects.equals(a.onUpdate(), b.onUpdate());
    }

    /** The engine an {@code ENGINE=…} option names, null for none. */
    private static String engine(String options) {
        if (options == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bENGINE\\s*=\\s*(\\w+)")
                .matcher(options);
        return m.find() ? m.group(1) : options;
    }

    private static boolean generationChanged(Column a, Column b) {
        return !Objects.equals(a.generated(), b.generated()) || !Objects.equals(a.generatedKind(), b.generatedKind());
    }

    private static <T> Map<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        Map<String, T> out = new LinkedHashMap<>();
        int unnamed = 0;
        for (T item : items) {
            String n = name.apply(item);
            out.put(n == null ? "\u0000" + unnamed++ : n, item);
        }
        return out;
    }

    private static <T> void diffNamed(Map<String, T> from, Map<String, T> to, java.util.function.Consumer<T> drop,
                                      java.util.function.Consumer<T> add) {
        diffNamed(from, to, Objects::equals, drop, add);
    }

    private static <T> void diffNamed(Map<String, T> from, Map<String, T> to,
                                      java.util.function.BiPredicate<T, T> same,
                                      java.util.function.Consumer<T> drop, java.util.function.Consumer<T> add) {
        from.forEach((k, v) -> {
            T other = to.get(k);
            if (other == null || !same.test(v, other)) {
                drop.accept(v);
            }
        });
        to.forEach((k, v) -> {
            T other = from.get(k);
            if (other == null || !same.test(other, v)) {
                add.accept(v);
            }
        });
    }
}

package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Domain;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Policy;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Index;
import io.dbagent.schema.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two models of the same dialect and returns the ordered changes from one to the other. Objects are matched
 * by name (a rename shows as drop + create); column order is not compared, since PostgreSQL cannot reorder columns
 * without rewriting the table.
 *
 * <p>Dependencies are handled by phases (see {@link Phases}) plus three rules: views and triggers that mention a
 * table whose columns change, or a routine that is dropped, are dropped first and created again at the end; foreign keys whose columns change type
 * or whose referenced key is dropped are dropped and added again; tables are created parents first and dropped
 * children first, a foreign key inside a cycle being added (or dropped) on its own.
 */
public final class SchemaDiff {

    private SchemaDiff() {
    }

    public static DiffPlan diff(Schema fromModel, Schema toModel) {
        return diff(fromModel, toModel, List.of());
    }

    /**
     * The changes with rename hints: each hinted table or column is renamed first, and the rest of the diff compares
     * it under its new name (its other changes still apply). Without a hint, a dropped and an added object that look
     * like one renamed are reported in {@link DiffPlan#possibleRenames()}.
     */
    public static DiffPlan diff(Schema fromModel, Schema toModel, List<Renames.Hint> hints) {
        DialectKind d = DiffModels.dialect(fromModel);
        if (DiffModels.dialect(toModel) != d) {
            throw DbAgentException.badInput("cannot diff a " + d + " schema against a " + toModel.dialect()
                    + " schema: both sides must be the same engine");
        }
        Schema to = DiffModels.prepare(toModel);
        Renames.Applied renamed = Renames.apply(d, DiffModels.prepare(fromModel), to, hints);
        Schema from = renamed.from();
        Phases phases = new Phases();
        phases.addAll(Phases.RENAMES, renamed.changes());

        Map<String, Table> fromTables = tables(d, from);
        Map<String, Table> toTables = tables(d, to);
        Set<String> structural = new HashSet<>();
        Map<String, TableDiff.Outcome> outcomes = new HashMap<>();
        Set<String> rebuilt = partitioning(d, fromTables, toTables, phases);
        fromTables.keySet().removeIf(rebuilt::contains);
        toTables.keySet().removeIf(rebuilt::contains);
        for (Map.Entry<String, Table> e : fromTables.entrySet()) {
            Table t = toTables.get(e.getKey());
            if (t == null) {
                structural.add(e.getKey());
            } else {
                TableDiff.Outcome o = TableDiff.compare(d, ownPart(d, e.getValue(), t, fromTables),
                        ownPart(d, t, e.getValue(), toTables), phases);
                outcomes.put(e.getKey(), o);
                if (o.structural()) {
                    structural.add(e.getKey());
                }
            }
        }
        disturbedForeignKeys(d, fromTables, toTables, outcomes, phases);
        dropTables(d, fromTables, toTables, phases);
        createTables(d, fromTables, toTables, phases);
        types(d, from, to, phases);
        extensions(from, to, phases);
        domains(d, from, to, phases);
        Set<String> structuralNames = new HashSet<>();
        structural.forEach(k -> structuralNames.add(fromTables.get(k).name()));
        // a view or trigger over a renamed table or column is written again with the new names
        structuralNames.addAll(renamed.touchedTables());
        // a view or trigger that calls a routine which is dropped (or dropped and created again) goes first
        structuralNames.addAll(routines(d, from, to, phases));
        views(d, from, to, structuralNames, phases);
        triggers(d, from, to, structuralNames, phases);
        policies(fromTables, toTables, structuralNames, phases);
        return new DiffPlan(d, phases.flatten(), Renames.detect(d, from, to));
    }

    /**
     * A table without what it inherits from the parents it has on both sides: those columns and checks change with
     * the parent (PostgreSQL passes an ALTER TABLE of the parent on to its children).
     */
    private static Table ownPart(DialectKind d, Table t, Table other, Map<String, Table> all) {
        List<String> common = t.inherits().stream().filter(other.inherits()::contains).toList();
        if (common.isEmpty()) {
            return t;
        }
        return DiffModels.declaredPart(d, t.withInherits(common), all.values()).withInherits(t.inherits());
    }

    private static Map<String, Table> tables(DialectKind d, Schema s) {
        Map<String, Table> out = new LinkedHashMap<>();
        s.tables().forEach(t -> out.put(DiffModels.key(d, t), t));
        return out;
    }

    /**
     * A foreign key that stays the same still has to be taken off while its columns change type (MySQL refuses
     * otherwise) or while the key it references is dropped and added again (PostgreSQL refuses otherwise).
     */
    private static void disturbedForeignKeys(DialectKind d, Map<String, Table> fromTables, Map<String, Table> toTables,
                                             Map<String, TableDiff.Outcome> outcomes, Phases phases) {
        if (!Dialects.of(d).diff().altersTablesInPlace()) {
            return; // a rebuilt table carries its foreign keys
        }
        for (Map.Entry<String, Table> e : fromTables.entrySet()) {
            Table to = toTables.get(e.getKey());
            TableDiff.Outcome own = outcomes.get(e.getKey());
            if (to == null || own == null) {
                continue;
            }
            for (ForeignKey fk : e.getValue().foreignKeys()) {
                if (!to.foreignKeys().contains(fk)) {
                    continue; // already dropped and added by the table diff
                }
                TableDiff.Outcome ref = outcomes.get(DiffModels.key(d, fk.refSchema() == null
                        ? e.getValue().schema() : fk.refSchema(), fk.refTable()));
                boolean disturbed = fk.columns().stream().anyMatch(own.retypedColumns()::contains)
                        || ref != null && (ref.keysDropped()
                        || fk.refColumns().stream().anyMatch(ref.retypedColumns()::contains));
                if (disturbed) {
                    TableRef tr = TableRef.of(to);
                    phases.add(Phases.DROP_FOREIGN_KEYS, new Change.DropForeignKey(tr, fk));
                    phases.add(Phases.ADD_FOREIGN_KEYS, new Change.AddForeignKey(tr, fk));
                }
            }
        }
    }

    private static void createTables(DialectKind d, Map<String, Table> fromTables, Map<String, Table> toTables,
                                     Phases phases) {
        Map<String, Table> created = new LinkedHashMap<>();
        toTables.forEach((k, t) -> {
            if (!fromTables.containsKey(k)) {
                created.put(k, t);
            }
        });
        TableOrder.Result order = TableOrder.parentsFirst(d, created);
        for (Table t : order.tables()) {
            if (!isPartition(d, t)) {
                phases.add(Phases.CREATE_TABLES,
                        new Change.CreateTable(DiffModels.declaredPart(d, order.inline(t), toTables.values())));
            }
        }
        // partitions after their parents, a partition that is partitioned again before its own partitions
        order.tables().stream().filter(t -> isPartition(d, t))
                .sorted(java.util.Comparator.comparingInt(t -> depth(d, t, toTables)))
                .forEach(t -> phases.add(Phases.CREATE_TABLES, new Change.AddPartition(parentRef(d, t, toTables),
                        partitionOf(d, t, toTables), order.inline(t))));
        order.forEach((t, fk) -> phases.add(Phases.ADD_FOREIGN_KEYS,
                new Change.AddForeignKey(TableRef.of(t), fk)));
    }

    private static void dropTables(DialectKind d, Map<String, Table> fromTables, Map<String, Table> toTables,
                                   Phases phases) {
        Map<String, Table> dropped = new LinkedHashMap<>();
        fromTables.forEach((k, t) -> {
            if (!toTables.containsKey(k)) {
                dropped.put(k, t);
            }
        });
        TableOrder.Result order = TableOrder.parentsFirst(d, dropped);
        order.forEach((t, fk) -> phases.add(Phases.DROP_FOREIGN_KEYS,
                new Change.DropForeignKey(TableRef.of(t), fk)));
        // partitions before their parents (deepest first), so the reverse creates them again after their parents
        order.tables().stream().filter(t -> isPartition(d, t))
                .sorted(java.util.Comparator.comparingInt(t -> -depth(d, t, fromTables)))
                .forEach(t -> phases.add(Phases.DROP_TABLES, new Change.DropPartition(parentRef(d, t, fromTables),
                        partitionOf(d, t, fromTables), order.inline(t))));
        List<Table> childrenFirst = new ArrayList<>(order.tables());
        java.util.Collections.reverse(childrenFirst);
        for (Table t : childrenFirst) {
            if (!isPartition(d, t)) {
                phases.add(Phases.DROP_TABLES, new Change.DropTable(order.inline(t)));
            }
        }
    }

    /** Whether {@code t} is a partition that is a table of its own (PostgreSQL). */
    private static boolean isPartition(DialectKind d, Table t) {
        return t.partitionOf() != null && Dialects.of(d).diff().partitionsAreTables();
    }

    /** The key of a partition's parent in the table maps. */
    private static String parentKey(DialectKind d, Table t) {
        String p = t.partitionOf();
        int dot = p.indexOf('.');
        return dot < 0 ? DiffModels.key(d, t.schema() == null ? null : "public", p)
                : DiffModels.key(d, p.substring(0, dot), p.substring(dot + 1));
    }

    private static TableRef parentRef(DialectKind d, Table t, Map<String, Table> tables) {
        Table parent = tables.get(parentKey(d, t));
        if (parent != null) {
            return TableRef.of(parent);
        }
        String p = t.partitionOf();
        int dot = p.indexOf('.');
        return dot < 0 ? new TableRef("public", p) : new TableRef(p.substring(0, dot), p.substring(dot + 1));
    }

    /** The partition entry of {@code t} in its parent's list (its bound, its own key). */
    private static io.dbagent.schema.Partition partitionOf(DialectKind d, Table t, Map<String, Table> tables) {
        if (t.partitionOf() == null) {
            return null;
        }
        Table parent = tables.get(parentKey(d, t));
        return parent == null ? null : parent.partitions().stream()
                .filter(p -> p.name().equals(t.name()) && Objects.equals(p.schema(), t.schema())
                        || p.name().equals(t.name()) && t.schema() == null)
                .findFirst().orElse(null);
    }

    private static int depth(DialectKind d, Table t, Map<String, Table> tables) {
        int n = 0;
        for (Table x = t; x != null && x.partitionOf() != null && n < 100; x = tables.get(parentKey(d, x))) {
            n++;
        }
        return n;
    }

    /**
     * Partitioning that ALTER TABLE cannot change (another key, partitioning added or removed, a partition moved to
     * another parent or given another bound) becomes one {@link Change.RepartitionTable} note per table; the keys
     * returned (the table, and for a new key every partition under it) are left out of the rest of the diff.
     */
    private static Set<String> partitioning(DialectKind d, Map<String, Table> fromTables, Map<String, Table> toTables,
                                            Phases phases) {
        Set<String> out = new HashSet<>();
        boolean asTables = Dialects.of(d).diff().partitionsAreTables();
        for (Map.Entry<String, Table> e : fromTables.entrySet()) {
            Table a = e.getValue();
            Table b = toTables.get(e.getKey());
            if (b == null) {
                continue;
            }
            if (!Objects.equals(a.partitionKey(), b.partitionKey())) {
                phases.add(Phases.ALTER_TABLES, new Change.RepartitionTable(TableRef.of(b), a.partitionKey(),
                        b.partitionKey()));
                if (asTables) {
                    out.add(e.getKey()); // its partitions' columns are its own only when partitioned both ways
                }
            } else if (asTables && (!Objects.equals(a.partitionOf(), b.partitionOf())
                    || !Objects.equals(bound(partitionOf(d, a, fromTables)), bound(partitionOf(d, b, toTables))))) {
                phases.add(Phases.ALTER_TABLES, new Change.RepartitionTable(TableRef.of(b),
                        a.partitionOf() == null ? null : "partition of " + a.partitionOf() + " "
                                + bound(partitionOf(d, a, fromTables)),
                        b.partitionOf() == null ? null : "partition of " + b.partitionOf() + " "
                                + bound(partitionOf(d, b, toTables))));
                out.add(e.getKey());
            }
        }
        if (asTables && !out.isEmpty()) {
            Set<String> under = new HashSet<>();
            for (Map<String, Table> side : List.of(fromTables, toTables)) {
                side.forEach((k, t) -> {
                    for (Table x = t; x != null && x.partitionOf() != null; x = side.get(parentKey(d, x))) {
                        if (out.contains(parentKey(d, x))) {
                            under.add(k);
                            break;
                        }
                    }
                });
            }
            out.addAll(under);
        }
        return out;
    }

    private static String bound(io.dbagent.schema.Partition p) {
        return p == null ? null : p.bound();
    }

    private static void types(DialectKind d, Schema from, Schema to, Phases phases) {
        Map<String, Sequence> fromSeq = new LinkedHashMap<>();
        from.sequences().forEach(s -> fromSeq.put(DiffModels.key(d, s.schema(), s.name()), s));
        Map<String, Sequence> toSeq = new LinkedHashMap<>();
        to.sequences().forEach(s -> toSeq.put(DiffModels.key(d, s.schema(), s.name()), s));
        fromSeq.forEach((k, s) -> {
            Sequence t = toSeq.get(k);
            if (t == null) {
                phases.add(Phases.DROP_TYPES, new Change.DropSequence(s));
            } else if (!s.equals(t)) {
                phases.add(Phases.CREATE_TYPES, new Change.AlterSequence(s, t));
            }
        });
        toSeq.forEach((k, s) -> {
            if (!fromSeq.containsKey(k)) {
                phases.add(Phases.CREATE_TYPES, new Change.CreateSequence(s));
            }
        });
        Map<String, EnumType> fromEnum = new LinkedHashMap<>();
        from.enums().forEach(e -> fromEnum.put(DiffModels.key(d, e.schema(), e.name()), e));
        Map<String, EnumType> toEnum = new LinkedHashMap<>();
        to.enums().forEach(e -> toEnum.put(DiffModels.key(d, e.schema(), e.name()), e));
        fromEnum.forEach((k, e) -> {
            EnumType t = toEnum.get(k);
            if (t == null) {
                phases.add(Phases.DROP_TYPES, new Change.DropEnum(e));
            } else if (!e.values().equals(t.values())) {
                phases.add(Phases.CREATE_TYPES, new Change.AlterEnum(e, t, enumUses(from, e)));
            }
        });
        toEnum.forEach((k, e) -> {
            if (!fromEnum.containsKey(k)) {
                phases.add(Phases.CREATE_TYPES, new Change.CreateEnum(e));
            }
        });
    }

    /** Extensions by name: created if missing, dropped (a destructive change) when the target has no use for them. */
    private static void extensions(Schema from, Schema to, Phases phases) {
        Set<String> had = new HashSet<>();
        from.extensions().forEach(e -> had.add(e.name()));
        Set<String> wanted = new HashSet<>();
        to.extensions().forEach(e -> wanted.add(e.name()));
        from.extensions().stream().filter(e -> !wanted.contains(e.name()))
                .forEach(e -> phases.add(Phases.DROP_EXTENSIONS, new Change.DropExtension(e)));
        to.extensions().stream().filter(e -> !had.contains(e.name()))
                .forEach(e -> phases.add(Phases.CREATE_EXTENSIONS, new Change.CreateExtension(e)));
    }

    /**
     * Domains by schema and name. A new base type or collation means dropping and creating the domain again (which
     * fails while a column uses it); anything else changes in place with ALTER DOMAIN.
     */
    private static void domains(DialectKind d, Schema from, Schema to, Phases phases) {
        Map<String, Domain> fromDomains = new LinkedHashMap<>();
        from.domains().forEach(x -> fromDomains.put(DiffModels.key(d, x.schema(), x.name()), x));
        Map<String, Domain> toDomains = new LinkedHashMap<>();
        to.domains().forEach(x -> toDomains.put(DiffModels.key(d, x.schema(), x.name()), x));
        fromDomains.forEach((k, x) -> {
            Domain t = toDomains.get(k);
            if (t == null) {
                phases.add(Phases.DROP_DOMAINS, new Change.DropDomain(x));
            } else if (!Objects.equals(x.baseType(), t.baseType()) || !Objects.equals(x.collation(), t.collation())) {
                phases.add(Phases.DROP_DOMAINS, new Change.DropDomain(x));
                phases.add(Phases.CREATE_DOMAINS, new Change.CreateDomain(t));
            } else if (!x.equals(t)) {
                phases.add(Phases.CREATE_DOMAINS, new Change.AlterDomain(x, t));
            }
        });
        toDomains.forEach((k, x) -> {
            if (!fromDomains.containsKey(k)) {
                phases.add(Phases.CREATE_DOMAINS, new Change.CreateDomain(x));
            }
        });
    }

    /**
     * Row-level security policies of the tables on both sides, by name; a changed policy is dropped and created
     * again, as is one on a table whose columns change or that names such a table or a dropped routine. The
     * policies of a new table are created once everything else exists; those of a dropped table go with it.
     */
    private static void policies(Map<String, Table> fromTables, Map<String, Table> toTables,
                                 Set<String> structuralNames, Phases phases) {
        toTables.forEach((k, t) -> {
            Table f = fromTables.get(k);
            TableRef ref = TableRef.of(t);
            Map<String, Policy> before = new LinkedHashMap<>();
            if (f != null) {
                f.policies().forEach(p -> before.put(p.name(), p));
            }
            Set<String> dropped = new HashSet<>();
            before.forEach((n, p) -> {
                Policy other = t.policies().stream().filter(q -> q.name().equals(n)).findFirst().orElse(null);
                boolean touched = structuralNames.contains(t.name()) || structuralNames.stream()
                        .anyMatch(s -> DiffModels.mentions(p.using(), s) || DiffModels.mentions(p.withCheck(), s));
                if (other == null || !other.equals(p) || touched) {
                    phases.add(Phases.DROP_POLICIES, new Change.DropPolicy(ref, p));
                    dropped.add(n);
                }
            });
            t.policies().stream().filter(p -> !before.containsKey(p.name()) || dropped.contains(p.name()))
                    .forEach(p -> phases.add(Phases.CREATE_POLICIES, new Change.CreatePolicy(ref, p)));
        });
    }

    private static List<Change.EnumUse> enumUses(Schema s, EnumType e) {
        List<Change.EnumUse> out = new ArrayList<>();
        for (Table t : s.tables()) {
            for (Column c : t.columns()) {
                if (c.type().equals(e.name()) || c.type().equals(e.schema() + "." + e.name())) {
                    out.add(new Change.EnumUse(TableRef.of(t), c.name(), c.defaultValue()));
                }
            }
        }
        return out;
    }

    private static void views(DialectKind d, Schema from, Schema to, Set<String> structuralTables, Phases phases) {
        Map<String, View> fromViews = new LinkedHashMap<>();
        from.views().forEach(v -> fromViews.put(DiffModels.key(d, v.schema(), v.name()), v));
        Map<String, View> toViews = new LinkedHashMap<>();
        to.views().forEach(v -> toViews.put(DiffModels.key(d, v.schema(), v.name()), v));
        Set<String> droppedNames = new HashSet<>();
        Set<String> dropKeys = new HashSet<>();
        fromViews.forEach((k, v) -> {
            View t = toViews.get(k);
            if (t == null || !sameView(v, t) || structuralTables.stream().anyMatch(n -> DiffModels.mentions(v.definition(), n))) {
                dropKeys.add(k);
                droppedNames.add(v.name());
            }
        });
        // a view over a view that goes must go too, until nothing more is pulled in
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, View> e : fromViews.entrySet()) {
                if (!dropKeys.contains(e.getKey())
                        && droppedNames.stream().anyMatch(n -> DiffModels.mentions(e.getValue().definition(), n))) {
                    dropKeys.add(e.getKey());
                    droppedNames.add(e.getValue().name());
                    grew = true;
                }
            }
        }
        List<View> drops = ViewOrder.dependenciesFirst(fromViews.entrySet().stream()
                .filter(e -> dropKeys.contains(e.getKey())).map(Map.Entry::getValue).toList());
        // a materialized view's indexes go with it; dropping them first lets the down script bring them back
        drops.forEach(v -> v.indexes().forEach(i -> phases.add(Phases.DROP_VIEWS,
                new Change.DropIndex(new TableRef(v.schema(), v.name()), i))));
        for (int i = drops.size() - 1; i >= 0; i--) {
            phases.add(Phases.DROP_VIEWS, new Change.DropView(drops.get(i)));
        }
        List<View> creates = ViewOrder.dependenciesFirst(toViews.entrySet().stream()
                .filter(e -> !fromViews.containsKey(e.getKey()) || dropKeys.contains(e.getKey()))
                .map(Map.Entry::getValue).toList());
        creates.forEach(v -> phases.add(Phases.CREATE_VIEWS, new Change.CreateView(v)));
        creates.forEach(v -> v.indexes().forEach(i -> phases.add(Phases.CREATE_VIEWS,
                new Change.CreateIndex(new TableRef(v.schema(), v.name()), i))));
        // a materialized view that stays keeps its indexes: those that differ are dropped and created
        fromViews.forEach((k, v) -> {
            View t = toViews.get(k);
            if (t == null || dropKeys.contains(k)) {
                return;
            }
            TableRef ref = new TableRef(t.schema(), t.name());
            Map<String, Index> a = new LinkedHashMap<>();
            v.indexes().forEach(i -> a.put(i.name(), i));
            Map<String, Index> b = new LinkedHashMap<>();
            t.indexes().forEach(i -> b.put(i.name(), i));
            a.forEach((n, i) -> {
                if (!b.containsKey(n) || !TableDiff.sameIndex(i, b.get(n))) {
                    phases.add(Phases.DROP_VIEWS, new Change.DropIndex(ref, i));
                }
            });
            b.forEach((n, i) -> {
                if (!a.containsKey(n) || !TableDiff.sameIndex(a.get(n), i)) {
                    phases.add(Phases.CREATE_VIEWS, new Change.CreateIndex(ref, i));
                }
            });
        });
    }

    private static boolean sameView(View a, View b) {
        return a.materialized() == b.materialized() && Objects.equals(a.definition(), b.definition());
    }

    private static void triggers(DialectKind d, Schema from, Schema to, Set<String> structuralTables, Phases phases) {
        Map<String, Trigger> fromTriggers = new LinkedHashMap<>();
        from.triggers().forEach(t -> fromTriggers.put(triggerKey(d, t), t));
        Map<String, Trigger> toTriggers = new LinkedHashMap<>();
        to.triggers().forEach(t -> toTriggers.put(triggerKey(d, t), t));
        Set<String> dropped = new HashSet<>();
        fromTriggers.forEach((k, t) -> {
            Trigger other = toTriggers.get(k);
            boolean touched = structuralTables.contains(t.table())
                    || structuralTables.stream().anyMatch(n -> DiffModels.mentions(t.definition(), n));
            if (other == null || !other.equals(t) || touched) {
                phases.add(Phases.DROP_TRIGGERS, new Change.DropTrigger(t));
                dropped.add(k);
            }
        });
        toTriggers.forEach((k, t) -> {
            if (!fromTriggers.containsKey(k) || dropped.contains(k)) {
                phases.add(Phases.CREATE_TRIGGERS, new Change.CreateTrigger(t));
            }
        });
    }

    private static String triggerKey(DialectKind d, Trigger t) {
        return DiffModels.key(d, t.schema(), t.table()) + "." + t.name();
    }

    /**
     * Routines matched by kind, schema, name and identity arguments (overloads are separate routines). A changed one
     * is replaced in place where the engine can and its arguments and return type stay; otherwise dropped and
     * created again. Returns the names of the routines dropped, whose callers must be recreated.
     */
    private static Set<String> routines(DialectKind d, Schema from, Schema to, Phases phases) {
        Map<String, Routine> fromRoutines = new LinkedHashMap<>();
        from.routines().forEach(r -> fromRoutines.put(routineKey(d, r), r));
        Map<String, Routine> toRoutines = new LinkedHashMap<>();
        to.routines().forEach(r -> toRoutines.put(routineKey(d, r), r));
        boolean inPlace = Dialects.of(d).diff().replacesRoutinesInPlace();
        Set<String> dropped = new HashSet<>();
        Set<String> recreated = new HashSet<>();
        fromRoutines.forEach((k, r) -> {
            Routine t = toRoutines.get(k);
            if (t != null && Objects.equals(r.definition(), t.definition())) {
                return;
            }
            if (t != null && inPlace && Objects.equals(r.arguments(), t.arguments())
                    && Objects.equals(r.returns(), t.returns())) {
                phases.add(late(t) ? Phases.CREATE_LATE_ROUTINES : Phases.CREATE_ROUTINES,
                        new Change.ReplaceRoutine(r, t));
                return;
            }
            phases.add(late(r) ? Phases.DROP_LATE_ROUTINES : Phases.DROP_ROUTINES, new Change.DropRoutine(r));
            dropped.add(r.name());
            if (t != null) {
                recreated.add(k);
            }
        });
        toRoutines.forEach((k, r) -> {
            if (!fromRoutines.containsKey(k) || recreated.contains(k)) {
                phases.add(late(r) ? Phases.CREATE_LATE_ROUTINES : Phases.CREATE_ROUTINES, new Change.CreateRoutine(r));
            }
        });
        return dropped;
    }

    /**
     * A routine whose body is SQL-standard (PostgreSQL {@code BEGIN ATOMIC} / {@code RETURN}): it is parsed, and its
     * tables resolved, when created, so it comes after the tables and goes before them.
     */
    private static boolean late(Routine r) {
        return r.body() == null && "sql".equalsIgnoreCase(r.language()) && !Routine.EVENT.equals(r.kind());
    }

    private static String routineKey(DialectKind d, Routine r) {
        return r.kind() + " " + DiffModels.key(d, r.schema(), r.signature());
    }
}

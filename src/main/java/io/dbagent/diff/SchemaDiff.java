package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.EnumType;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
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
        for (Map.Entry<String, Table> e : fromTables.entrySet()) {
            Table t = toTables.get(e.getKey());
            if (t == null) {
                structural.add(e.getKey());
            } else {
                TableDiff.Outcome o = TableDiff.compare(d, e.getValue(), t, phases);
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
        Set<String> structuralNames = new HashSet<>();
        structural.forEach(k -> structuralNames.add(fromTables.get(k).name()));
        // a view or trigger over a renamed table or column is written again with the new names
        structuralNames.addAll(renamed.touchedTables());
        // a view or trigger that calls a routine which is dropped (or dropped and created again) goes first
        structuralNames.addAll(routines(d, from, to, phases));
        views(d, from, to, structuralNames, phases);
        triggers(d, from, to, structuralNames, phases);
        return new DiffPlan(d, phases.flatten(), Renames.detect(d, from, to));
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
            phases.add(Phases.CREATE_TABLES, new Change.CreateTable(order.inline(t)));
        }
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
        List<Table> childrenFirst = new ArrayList<>(order.tables());
        java.util.Collections.reverse(childrenFirst);
        for (Table t : childrenFirst) {
            phases.add(Phases.DROP_TABLES, new Change.DropTable(order.inline(t)));
        }
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
        for (int i = drops.size() - 1; i >= 0; i--) {
            phases.add(Phases.DROP_VIEWS, new Change.DropView(drops.get(i)));
        }
        List<View> creates = ViewOrder.dependenciesFirst(toViews.entrySet().stream()
                .filter(e -> !fromViews.containsKey(e.getKey()) || dropKeys.contains(e.getKey()))
                .map(Map.Entry::getValue).toList());
        creates.forEach(v -> phases.add(Phases.CREATE_VIEWS, new Change.CreateView(v)));
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

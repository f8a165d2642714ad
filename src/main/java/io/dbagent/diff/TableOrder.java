package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders tables so that a referenced table comes before the tables that reference it. A foreign key that closes a
 * cycle cannot be written inline; it is split off to be added after all tables exist (SQLite checks references only
 * when rows change, so there nothing is split).
 */
final class TableOrder {

    /** Tables parents first; {@code deferred} lists the foreign keys to add (or drop) separately. */
    record Result(List<Table> tables, List<Map.Entry<Table, ForeignKey>> deferred) {

        /** The table without its deferred foreign keys. */
        Table inline(Table t) {
            List<ForeignKey> split = deferred.stream().filter(e -> e.getKey() == t).map(Map.Entry::getValue).toList();
            if (split.isEmpty()) {
                return t;
            }
            return t.withForeignKeys(t.foreignKeys().stream().filter(fk -> !split.contains(fk)).toList());
        }

        /** Deferred foreign keys in a visitable form. */
        void forEach(java.util.function.BiConsumer<Table, ForeignKey> action) {
            deferred.forEach(e -> action.accept(e.getKey(), e.getValue()));
        }
    }

    private TableOrder() {
    }

    static Result parentsFirst(DialectKind d, Map<String, Table> tables) {
        List<Table> out = new ArrayList<>();
        List<Map.Entry<Table, ForeignKey>> deferred = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>(); // 1 = in progress, 2 = done
        for (String key : tables.keySet()) {
            visit(d, key, tables, state, out, deferred);
        }
        return new Result(out, deferred);
    }

    private static void visit(DialectKind d, String key, Map<String, Table> tables, Map<String, Integer> state,
                              List<Table> out, List<Map.Entry<Table, ForeignKey>> deferred) {
        if (state.containsKey(key)) {
            return;
        }
        state.put(key, 1);
        Table t = tables.get(key);
        for (String parent : t.inherits()) { // an inheritance parent before its children
            String ref = DiffModels.parentKey(d, t, parent);
            if (tables.containsKey(ref) && !state.containsKey(ref)) {
                visit(d, ref, tables, state, out, deferred);
            }
        }
        for (ForeignKey fk : t.foreignKeys()) {
            String ref = DiffModels.key(d, fk.refSchema() == null ? t.schema() : fk.refSchema(), fk.refTable());
            if (ref.equals(key) || !tables.containsKey(ref)) {
                continue;
            }
            Integer s = state.get(ref);
            if (s == null) {
                visit(d, ref, tables, state, out, deferred);
            } else if (s == 1 && !Dialects.of(d).diff().forwardForeignKeys()) {
                deferred.add(Map.entry(t, fk));
            }
        }
        state.put(key, 2);
        out.add(t);
    }
}

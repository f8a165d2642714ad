package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.dialect.Dialects;
import io.dbagent.report.Json;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two inspected models exactly, except for what describes data rather than structure (row estimates,
 * sizes, a sequence's current value), the database's own name, and on PostgreSQL the position of columns (which
 * PostgreSQL cannot change without rewriting the table: a column added back by a down migration comes last).
 * Used to check that a down migration restores the schema it started from.
 */
public final class ModelComparison {

    private ModelComparison() {
    }

    /** Human-readable differences, empty when the models are the same. */
    public static List<String> differences(Schema expected, Schema actual) {
        JsonNode a = Json.MAPPER.valueToTree(normalise(expected));
        JsonNode b = Json.MAPPER.valueToTree(normalise(actual));
        List<String> out = new ArrayList<>();
        compare("", a, b, out);
        return out;
    }

    /** The model with volatile fields cleared, as compared. */
    public static Schema normalise(Schema s) {
        DiffDialect engine = Dialects.of(DiffModels.dialect(s)).diff();
        Schema p = DiffModels.prepare(s);
        List<Table> tables = p.tables().stream().map(t -> engine.keepsColumnOrder() ? t
                : t.withColumns(t.columns().stream().sorted(Comparator.comparing(Column::name)).toList())).toList();
        // owned sequences are left out by the diff's preparation, but a down must restore them too
        List<Sequence> sequences = s.sequences().stream().map(q -> new Sequence(engine.schemaIsDatabase() ? null
                : q.schema(), q.name(), q.dataType(), q.start(), q.increment(), q.minValue(), q.maxValue(), q.cycle(),
                null, q.ownedBy())).toList();
        return new Schema(p.dialect(), p.product(), null, null, engine.schemaIsDatabase() ? List.of() : p.schemas(), tables,
                p.views(), p.triggers(), sequences, p.enums(), p.routines(), p.domains(), p.extensions());
    }

    private static void compare(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            if (!(a == null && b == null)) {
                out.add(path + ": " + brief(a) + " → " + brief(b));
            }
            return;
        }
        if (a.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                compare(path + "." + n, a.get(n), b.get(n), out);
            }
        } else if (a.isArray()) {
            if (allNamed(a) && allNamed(b)) {
                Map<String, JsonNode> am = byName(a);
                Map<String, JsonNode> bm = byName(b);
                Set<String> names = new LinkedHashSet<>(am.keySet());
                names.addAll(bm.keySet());
                for (String n : names) {
                    compare(path + "[" + n + "]", am.get(n), bm.get(n), out);
                }
                if (out.isEmpty() && !List.copyOf(am.keySet()).equals(List.copyOf(bm.keySet()))) {
                    out.add(path + ": order " + am.keySet() + " → " + bm.keySet());
                }
            } else if (!a.equals(b)) {
                out.add(path + ": " + brief(a) + " → " + brief(b));
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + brief(a) + " → " + brief(b));
        }
    }

    private static boolean allNamed(JsonNode arr) {
        Iterator<JsonNode> it = arr.elements();
        while (it.hasNext()) {
            JsonNode n = it.next();
            if (!n.isObject() || !n.hasNonNull("name")) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byName(JsonNode arr) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        arr.elements().forEachRemaining(n -> {
            String key = n.get("name").asText();
            if (n.hasNonNull("table")) {
                key = n.get("table").asText() + "." + key;
            }
            String k = key;
            int i = 2;
            while (out.containsKey(k)) {
                k = key + "#" + i++;
            }
            out.put(k, n);
        });
        return out;
    }

    private static String brief(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        String s = n.toString();
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}

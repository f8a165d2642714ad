package io.dbagent.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dbagent.dialect.Dialects;
import io.dbagent.diff.DiffDialect;
import io.dbagent.diff.DiffModels;
import io.dbagent.report.Json;
import io.dbagent.schema.Schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the schema model of the backup with the model of a restored copy. What a restore legitimately changes is
 * removed first: the database name (MySQL also writes it into schema fields and view/trigger text), statistics
 * (row estimates, sizes) and sequence positions. Lists of named objects are matched by name, so a difference reads
 * like {@code table orders / column total / type: 'numeric(10,2)' in the backup, 'numeric(12,2)' restored}.
 */
public final class SchemaComparer {

    private static final Set<String> VOLATILE = Set.of("database", "product", "serverVersion", "rowEstimate",
            "sizeBytes", "lastValue");
    private static final String DB = "<database>";
    private static final int MAX_DIFFERENCES = 50;

    private SchemaComparer() {
    }

    /** Differences, empty when the two models describe the same schema. */
    public static List<String> compare(Schema backup, Schema restored) {
        Schema restoredRoutines = backup.routines().isEmpty() ? restored.withRoutines(List.of()) : restored;
        JsonNode a = normalise(Json.MAPPER.valueToTree(canonicalRoutines(backup)), backup);
        JsonNode b = normalise(Json.MAPPER.valueToTree(canonicalRoutines(restoredRoutines)), restored);
        List<String> out = new ArrayList<>();
        diff("", a, b, out);
        return out.size() > MAX_DIFFERENCES ? out.subList(0, MAX_DIFFERENCES) : out;
    }

    /**
     * Routine texts as the diff compares them: a restore loads MySQL routines without their DEFINER (they belong to
     * the restoring user), and a recurring event's start time and state are the server's. A manifest written before
     * routines were part of the model holds none; routines are then not compared (the restore above).
     */
    private static Schema canonicalRoutines(Schema s) {
        DiffDialect engine = Dialects.of(DiffModels.dialect(s)).diff();
        return s.withRoutines(s.routines().stream().map(r -> r.with(r.schema(), engine.canonicalRoutine(r))).toList());
    }

    private static JsonNode normalise(JsonNode node, Schema s) {
        String db = "mysql".equals(s.dialect()) ? s.database() : null;
        return clean(node, db);
    }

    private static JsonNode clean(JsonNode node, String db) {
        if (node instanceof ObjectNode o) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!VOLATILE.contains(e.getKey())) {
                    copy.set(e.getKey(), clean(e.getValue(), db));
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            a.forEach(x -> copy.add(clean(x, db)));
            return copy;
        }
        if (node.isTextual() && db != null) {
            String t = node.asText();
            if (t.equals(db)) {
                return TextNode.valueOf(DB);
            }
            return TextNode.valueOf(t.replace("`" + db + "`.", "").replace(db + ".", ""));
        }
        return node;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() > MAX_DIFFERENCES || a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode x = a.get(k);
                JsonNode y = b.get(k);
                String p = path.isEmpty() ? k : path + " / " + k;
                if (x == null) {
                    out.add(p + ": absent in the backup, " + show(y) + " restored");
                } else if (y == null) {
                    out.add(p + ": " + show(x) + " in the backup, absent restored");
                } else {
                    diff(p, x, y, out);
                }
            }
            return;
        }
        if (a.isArray() && b.isArray() && named(a) && named(b)) {
            Map<String, JsonNode> ma = byName(a);
            Map<String, JsonNode> mb = byName(b);
            String kind = singular(path);
            for (var e : ma.entrySet()) {
                JsonNode other = mb.get(e.getKey());
                String p = prefix(path) + kind + " " + e.getKey();
                if (other == null) {
                    out.add(p + ": in the backup, missing restored");
                } else {
                    diff(p, e.getValue(), other, out);
                }
            }
            for (String k : mb.keySet()) {
                if (!ma.containsKey(k)) {
                    out.add(prefix(path) + kind + " " + k + ": not in the backup, present restored");
                }
            }
            return;
        }
        if (a.isTextual() && b.isTextual() && canonical(a.asText()).equals(canonical(b.asText()))) {
            return;
        }
        out.add(path + ": " + show(a) + " in the backup, " + show(b) + " restored");
    }

    /**
     * An expression without type casts, parentheses and blanks. PostgreSQL re-deparses what pg_restore re-creates,
     * and the text drifts without a change in meaning: {@code CHECK (status IN ('a','b'))} on a varchar column reads
     * {@code ARRAY['a'::character varying, …]::text[]} before and {@code ARRAY['a'::character varying::text, …]}
     * after a dump and restore. Only differences that survive this are reported.
     */
    static String canonical(String expression) {
        return CAST.matcher(expression).replaceAll("").replaceAll("[()\\s]", "");
    }

    private static final java.util.regex.Pattern CAST = java.util.regex.Pattern.compile(
            "::(?:character varying|double precision|timestamp with(?:out)? time zone|time with(?:out)? time zone"
                    + "|bit varying|\"[^\"]+\"|[a-z_][a-z0-9_.]*)(?:\\(\\d+(?:,\\d+)?\\))?(?:\\[\\])*");

    private static String prefix(String path) {
        int i = path.lastIndexOf(" / ");
        return i < 0 ? "" : path.substring(0, i) + " / ";
    }

    /** {@code tables} → {@code table}, {@code indexes} → {@code index}, for readable paths. */
    private static String singular(String path) {
        String last = path.substring(path.lastIndexOf(" / ") < 0 ? 0 : path.lastIndexOf(" / ") + 3);
        if (last.endsWith("xes")) {
            return last.substring(0, last.length() - 2);
        }
        return last.endsWith("s") ? last.substring(0, last.length() - 1) : last;
    }

    private static boolean named(JsonNode array) {
        if (array.isEmpty()) {
            return true;
        }
        for (JsonNode x : array) {
            if (!x.isObject() || !x.has("name")) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode x : array) {
            String schema = x.has("schema") && !x.get("schema").isNull() && !DB.equals(x.get("schema").asText())
                    && !"public".equals(x.get("schema").asText()) && !"main".equals(x.get("schema").asText())
                    ? x.get("schema").asText() + "." : "";
            String table = x.has("table") ? x.get("table").asText() + "." : "";
            m.put(schema + table + x.get("name").asText(), x);
        }
        return m;
    }

    private static String show(JsonNode n) {
        String s = n.isTextual() ? "'" + n.asText() + "'" : n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "…" : s;
    }
}

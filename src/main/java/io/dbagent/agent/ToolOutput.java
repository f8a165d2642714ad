package io.dbagent.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dbagent.report.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * Keeps tool output under a size limit without breaking it: a client (and a model) must still be able to parse a
 * cut answer. JSON is cut by dropping the tail of its largest arrays (then shortening its longest strings) and marked
 * {@code "truncated": true} with {@code "omitted": {"rows": 123}} saying how much of which array was left out;
 * text that is not JSON becomes {@code {"truncated": true, "text": "…", "omitted": {"chars": n}}}.
 */
public final class ToolOutput {

    /** Room kept for the truncation marker and note. */
    private static final int MARKER_ROOM = 400;

    private ToolOutput() {
    }

    /** {@code out} itself when it fits, else a valid JSON text of at most about {@code maxChars} characters. */
    public static String limit(String out, int maxChars) {
        if (out == null || out.length() <= maxChars) {
            return out;
        }
        int budget = Math.max(100, maxChars - MARKER_ROOM);
        JsonNode root = parse(out);
        if (root == null || !root.isContainerNode()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("truncated", true);
            o.put("text", out.substring(0, budget));
            o.putObject("omitted").put("chars", out.length() - budget);
            return Json.write(o);
        }
        ObjectNode omitted = JsonNodeFactory.instance.objectNode();
        // each round removes at least one element or shortens one string, so this ends; the cap is a backstop
        for (int round = 0; round < 10_000 && Json.write(root).length() > budget; round++) {
            int excess = Json.write(root).length() - budget;
            Found largest = largestArray(root, "items", null);
            if (largest != null && largest.size > 2) {
                trim(largest, excess, omitted);
            } else if (!shortenLongestString(root, excess, omitted)) {
                break;
            }
        }
        ObjectNode result;
        if (root.isObject()) {
            result = (ObjectNode) root;
        } else {
            result = JsonNodeFactory.instance.objectNode();
            result.set("items", root);
        }
        result.put("truncated", true);
        result.set("omitted", omitted);
        result.put("note", "output cut to about " + maxChars + " characters; ask for fewer tables, rows or columns");
        return Json.write(result);
    }

    private record Found(ArrayNode array, String name, int size) {
    }

    private static Found largestArray(JsonNode node, String name, Found best) {
        if (node.isArray()) {
            int size = Json.write(node).length();
            if (node.size() > 0 && (best == null || size > best.size)) {
                best = new Found((ArrayNode) node, name, size);
            }
            for (JsonNode child : node) {
                best = largestArray(child, name, best);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                best = largestArray(e.getValue(), e.getKey(), best);
            }
        }
        return best;
    }

    /** Drops elements from the end until about {@code excess} characters are gone (at least one). */
    private static void trim(Found f, int excess, ObjectNode omitted) {
        int removedChars = 0;
        int removed = 0;
        while (f.array.size() > 0 && (removed == 0 || removedChars < excess)) {
            JsonNode last = f.array.remove(f.array.size() - 1);
            removedChars += Json.write(last).length() + 2;
            removed++;
        }
        omitted.put(f.name, omitted.path(f.name).asLong(0) + removed);
    }

    private static boolean shortenLongestString(JsonNode root, int excess, ObjectNode omitted) {
        Object[] best = new Object[3]; // container, key or index, length
        findLongestString(root, null, best);
        if (best[0] == null || (int) best[2] <= 20) {
            return false;
        }
        String text = ((JsonNode) best[1]).textValue();
        int keep = Math.max(20, text.length() - excess - 20);
        TextNode cut = TextNode.valueOf(text.substring(0, keep) + "…");
        String label;
        if (best[0] instanceof ObjectNode o) {
            String key = keyOf(o, (JsonNode) best[1]);
            o.set(key, cut);
            label = key + "Chars";
        } else {
            ArrayNode a = (ArrayNode) best[0];
            int i = indexOf(a, (JsonNode) best[1]);
            a.set(i, cut);
            label = "chars";
        }
        omitted.put(label, omitted.path(label).asLong(0) + (text.length() - keep));
        return true;
    }

    private static void findLongestString(JsonNode node, JsonNode parent, Object[] best) {
        if (node.isTextual()) {
            if (best[2] == null || node.textValue().length() > (int) best[2]) {
                best[0] = parent;
                best[1] = node;
                best[2] = node.textValue().length();
            }
            return;
        }
        for (JsonNode child : node) {
            findLongestString(child, node, best);
        }
    }

    private static String keyOf(ObjectNode o, JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("value not found");
    }

    private static int indexOf(ArrayNode a, JsonNode value) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) == value) {
                return i;
            }
        }
        throw new IllegalStateException("value not found");
    }

    private static JsonNode parse(String s) {
        String t = s.stripLeading();
        if (!t.startsWith("{") && !t.startsWith("[")) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

package io.dbagent.design.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbagent.DbAgentException;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.design.spec.DesignSpec.Entity;
import io.dbagent.design.spec.DesignSpec.Options;
import io.dbagent.design.spec.DesignSpec.QueryPattern;
import io.dbagent.design.spec.DesignSpec.Relationship;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a design spec (YAML, or JSON, which YAML includes) into a {@link DesignSpec}. Structure is checked here:
 * unknown properties (typos), unknown types, relationship kinds, names. Each error is one line that names the file,
 * the line and the entity or relationship.
 */
public final class SpecParser {

    private static final Set<String> TOP = Set.of("name", "description", "options", "entities", "relationships",
            "queries", "volumes");
    private static final Set<String> OPTIONS = Set.of("keys", "uuid", "timestamps", "tableNames", "searchLanguage");
    private static final Set<String> ENTITY = Set.of("attributes", "table", "timestamps", "key", "unique",
            "description");
    private static final Set<String> ATTRIBUTE = Set.of("type", "required", "unique", "format", "min", "max",
            "length", "precision", "scale", "default", "enum", "values", "derived", "search", "index", "description");
    private static final Set<String> RELATIONSHIP = Set.of("from", "to", "type", "required", "as", "through",
            "attributes", "onDelete", "description");
    private static final Set<String> QUERY = Set.of("name", "entities", "perSecond", "description");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TYPE_WITH_ARGS = Pattern.compile("([a-z]+)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private final String source;
    private final Map<String, Integer> lines = new HashMap<>();

    private SpecParser(String source) {
        this.source = source;
    }

    public static DesignSpec parse(String text, String source) {
        return new SpecParser(source).read(text);
    }

    private DesignSpec read(String text) {
        JsonNode root;
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            indexLines(yaml, text);
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw DbAgentException.badInput(source + (line > 0 ? " line " + line : "") + ": not valid YAML/JSON: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw DbAgentException.badInput(source + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw DbAgentException.badInput(source + ": a design spec is a mapping with entities, relationships, …");
        }
        known(root, "", TOP, "the spec");
        String name = root.path("name").asText("schema");
        Options options = options(root.path("options"));
        JsonNode ents = root.path("entities");
        if (!ents.isObject() || ents.isEmpty()) {
            throw bad("/entities", "the spec has no entities (expected entities: {name: {attributes: …}})");
        }
        List<Entity> entities = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ents.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            entities.add(entity(e.getKey(), e.getValue()));
        }
        List<Relationship> relationships = new ArrayList<>();
        JsonNode rels = root.path("relationships");
        if (!rels.isMissingNode() && !rels.isArray()) {
            throw bad("/relationships", "relationships must be a list");
        }
        for (int i = 0; i < rels.size(); i++) {
            relationships.add(relationship(i, rels.get(i)));
        }
        List<QueryPattern> queries = new ArrayList<>();
        JsonNode qs = root.path("queries");
        for (int i = 0; i < qs.size(); i++) {
            queries.add(query(i, qs.get(i)));
        }
        Map<String, Long> volumes = new LinkedHashMap<>();
        Map<String, Integer> volumeLines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("volumes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> v = it.next();
            String ptr = "/volumes/" + v.getKey();
            if (!v.getValue().canConvertToLong() || v.getValue().asLong() < 0) {
                throw bad(ptr, "volume of '" + v.getKey() + "' must be a row count, not '" + v.getValue().asText() + "'");
            }
            volumes.put(v.getKey(), v.getValue().asLong());
            volumeLines.put(v.getKey(), line(ptr));
        }
        return new DesignSpec(name, source, options, entities, relationships, queries, volumes, volumeLines);
    }

    private Options options(JsonNode o) {
        Options d = Options.defaults();
        if (o.isMissingNode()) {
            return d;
        }
        known(o, "/options", OPTIONS, "options");
        String keys = oneOf(o, "/options/keys", "keys", d.keys(), List.of("auto", "int", "bigint", "uuid"));
        String uuid = oneOf(o, "/options/uuid", "uuid", d.uuidVersion(), List.of("v7", "random"));
        String tableNames = oneOf(o, "/options/tableNames", "tableNames", "plural", List.of("plural", "singular"));
        return new Options(keys, uuid, o.path("timestamps").asBoolean(d.timestamps()), tableNames.equals("plural"),
                o.path("searchLanguage").asText(d.searchLanguage()));
    }

    private Entity entity(String name, JsonNode e) {
        String ptr = "/entities/" + name;
        checkName(ptr, name, "entity");
        if (!e.isObject()) {
            throw bad(ptr, "entity '" + name + "' must be a mapping with attributes");
        }
        known(e, ptr, ENTITY, "entity '" + name + "'");
        List<Attribute> attrs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            attrs.add(attribute("entity '" + name + "'", ptr + "/attributes/" + a.getKey(), a.getKey(), a.getValue()));
        }
        List<List<String>> uniques = new ArrayList<>();
        for (JsonNode u : e.path("unique")) {
            List<String> cols = new ArrayList<>();
            (u.isArray() ? u : List.of(u)).forEach(c -> cols.add(c.asText()));
            for (String c : cols) {
                if (attrs.stream().noneMatch(a -> a.name().equals(c))) {
                    throw bad(ptr + "/unique", "entity '" + name + "': unique names '" + c + "', not an attribute");
                }
            }
            uniques.add(cols);
        }
        String key = e.has("key") ? oneOf(e, ptr + "/key", "key", null, List.of("int", "bigint", "uuid")) : null;
        Boolean timestamps = e.has("timestamps") ? e.get("timestamps").asBoolean() : null;
        String table = e.has("table") ? e.get("table").asText() : null;
        if (table != null) {
            checkName(ptr + "/table", table, "table");
        }
        return new Entity(name, table, attrs, timestamps, key, uniques, line(ptr));
    }

    private Attribute attribute(String owner, String ptr, String name, JsonNode a) {
        checkName(ptr, name, "attribute");
        String where = owner + ", attribute '" + name + "'";
        if (a.isTextual()) {
            a = ((com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().createObjectNode())
                    .put("type", a.asText());
        } else if (!a.isObject()) {
            throw bad(ptr, where + ": expected a type name or a mapping like {type: string, required: true}");
        }
        known(a, ptr, ATTRIBUTE, where);
        List<String> enumValues = null;
        String type = a.path("type").asText(null);
        JsonNode enumNode = a.has("enum") ? a.get("enum") : a.get("values");
        if (enumNode != null) {
            if (!enumNode.isArray() || enumNode.isEmpty()) {
                throw bad(ptr, where + ": enum needs a non-empty list of values, e.g. enum: [pending, paid]");
            }
            enumValues = new ArrayList<>();
            for (JsonNode v : enumNode) {
                enumValues.add(v.asText());
            }
            if (type != null && !type.equals("enum")) {
                throw bad(ptr, where + ": has enum values but type '" + type + "'");
            }
            type = "enum";
        }
        if (type == null) {
            throw bad(ptr, where + ": no type (expected one of " + String.join(", ", DesignSpec.TYPES) + ")");
        }
        Integer length = intOrNull(a, "length");
        Integer precision = intOrNull(a, "precision");
        Integer scale = intOrNull(a, "scale");
        Matcher m = TYPE_WITH_ARGS.matcher(type.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            type = m.group(1);
            if (type.equals("string")) {
                length = Integer.parseInt(m.group(2));
            } else if (type.equals("decimal")) {
                precision = Integer.parseInt(m.group(2));
                scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            }
        }
        type = type.trim().toLowerCase(Locale.ROOT);
        if (!DesignSpec.TYPES.contains(type)) {
            throw bad(a.has("type") ? ptr + "/type" : ptr, where + ": unknown type '" + type
                    + "' (expected string, text, int, bigint, decimal, boolean, date, timestamp, uuid, json or enum: [a, b])");
        }
        if (type.equals("enum") && enumValues == null) {
            throw bad(ptr, where + ": type enum needs its values, e.g. {enum: [pending, paid]}");
        }
        String format = a.path("format").asText(null);
        if (format != null && !format.equals("email")) {
            throw bad(ptr + "/format", where + ": unknown format '" + format + "' (supported: email)");
        }
        if (format != null && !List.of("string", "text").contains(type)) {
            throw bad(ptr + "/format", where + ": format email needs a string attribute, not " + type);
        }
        BigDecimal min = decimalOrNull(a, ptr, where, "min");
        BigDecimal max = decimalOrNull(a, ptr, where, "max");
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw bad(ptr, where + ": min " + min + " is greater than max " + max);
        }
        Object def = null;
        if (a.has("default")) {
            JsonNode d = a.get("default");
            def = d.isNumber() ? d.decimalValue() : d.isBoolean() ? (Object) d.booleanValue() : d.asText();
        }
        String derived = a.path("derived").asText(null);
        return new Attribute(name, type, a.path("required").asBoolean(false), a.path("unique").asBoolean(false),
                format, min, max, length, precision, scale, def, enumValues, derived, a.path("search").asBoolean(false),
                a.path("index").asBoolean(false), a.path("description").asText(null), line(ptr));
    }

    private Relationship relationship(int i, JsonNode r) {
        String ptr = "/relationships/" + i;
        String where = "relationship " + (i + 1);
        if (!r.isObject()) {
            throw bad(ptr, where + ": expected {from: a, to: b, type: many-to-one}");
        }
        known(r, ptr, RELATIONSHIP, where);
        String from = r.path("from").asText(null);
        String to = r.path("to").asText(null);
        if (from == null || to == null) {
            throw bad(ptr, where + ": needs both from and to");
        }
        String type = r.path("type").asText(null);
        if (type == null || !DesignSpec.RELATIONSHIP_TYPES.contains(type)) {
            throw bad(ptr + (type == null ? "" : "/type"), where + " (" + from + " -> " + to + "): "
                    + (type == null ? "no type" : "unknown type '" + type + "'")
                    + " (expected one-to-one, one-to-many, many-to-one or many-to-many)");
        }
        List<Attribute> attrs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            attrs.add(attribute(where + " (" + from + " " + type + " " + to + ")",
                    ptr + "/attributes/" + a.getKey(), a.getKey(), a.getValue()));
        }
        if (!attrs.isEmpty() && !type.equals("many-to-many")) {
            throw bad(ptr + "/attributes", where + " (" + from + " " + type + " " + to
                    + "): only a many-to-many relationship has attributes (they become join-table columns)");
        }
        String as = r.path("as").asText(null);
        if (as != null) {
            checkName(ptr + "/as", as, "role name");
        }
        String through = r.path("through").asText(null);
        if (through != null) {
            checkName(ptr + "/through", through, "join entity name");
            if (!type.equals("many-to-many")) {
                throw bad(ptr + "/through", where + ": through only applies to many-to-many");
            }
        }
        String onDelete = r.has("onDelete") ? oneOf(r, ptr + "/onDelete", "onDelete", null,
                List.of("cascade", "restrict", "set null", "no action")).toUpperCase(Locale.ROOT) : null;
        return new Relationship(i, from, to, type, r.path("required").asBoolean(false), as, through, attrs, onDelete,
                line(ptr));
    }

    private QueryPattern query(int i, JsonNode q) {
        String ptr = "/queries/" + i;
        known(q, ptr, QUERY, "query " + (i + 1));
        String name = q.path("name").asText("query_" + (i + 1));
        List<String> ents = new ArrayList<>();
        q.path("entities").forEach(e -> ents.add(e.asText()));
        if (ents.isEmpty()) {
            throw bad(ptr, "query '" + name + "' lists no entities");
        }
        JsonNode rate = q.path("perSecond");
        if (!rate.isMissingNode() && (!rate.isNumber() || rate.asDouble() < 0)) {
            throw bad(ptr + "/perSecond", "query '" + name + "': perSecond must be a non-negative number");
        }
        return new QueryPattern(name, ents, rate.asDouble(0), line(ptr));
    }

    // ---- helpers

    private void indexLines(ObjectMapper yaml, String text) throws IOException {
        try (JsonParser p = yaml.getFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.START_OBJECT) {
                    lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(),
                            p.currentTokenLocation().getLineNr());
                }
            }
        }
    }

    /** The line of the pointer, else of its nearest parent that has one (shorthand values have no own token). */
    int line(String pointer) {
        String p = pointer;
        while (!p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return 0;
    }

    private DbAgentException bad(String pointer, String message) {
        int l = line(pointer);
        return DbAgentException.badInput(source + (l > 0 ? " line " + l : "") + ": " + message);
    }

    private void known(JsonNode node, String ptr, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw bad(ptr + "/" + f, where + ": unknown property '" + f + "' (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private String oneOf(JsonNode node, String ptr, String field, String def, List<String> allowed) {
        if (!node.has(field)) {
            return def;
        }
        String v = node.get(field).asText().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw bad(ptr, field + " '" + v + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    private void checkName(String ptr, String name, String what) {
        if (!NAME.matcher(name).matches()) {
            throw bad(ptr, what + " name '" + name + "' must be snake_case: lower-case letters, digits and _, "
                    + "starting with a letter");
        }
        if (name.length() > 50) {
            throw bad(ptr, what + " name '" + name + "' is longer than 50 characters");
        }
    }

    private static Integer intOrNull(JsonNode a, String f) {
        return a.has(f) ? a.get(f).asInt() : null;
    }

    private BigDecimal decimalOrNull(JsonNode a, String ptr, String where, String f) {
        if (!a.has(f)) {
            return null;
        }
        if (!a.get(f).isNumber()) {
            throw bad(ptr + "/" + f, where + ": " + f + " must be a number, not '" + a.get(f).asText() + "'");
        }
        return a.get(f).decimalValue();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}

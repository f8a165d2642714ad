package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbagent.app.App;
import io.dbagent.report.Json;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.View;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * MCP resources: the schema as one resource per table and view ({@code dbagent://table/SCHEMA/NAME}), each read as
 * the neutral model's JSON of that object (columns, keys, indexes, partitions), so a client can attach a table to a
 * conversation without a tool call. Listing and reading inspect the database read-only.
 */
final class McpResources {

    static final String PREFIX = "dbagent://table/";

    private final App app;

    McpResources(App app) {
        this.app = app;
    }

    static String uri(String schema, String name) {
        return PREFIX + enc(schema) + "/" + enc(name);
    }

    ObjectNode list() {
        Schema s = app.schema().inspect(null);
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        ArrayNode out = r.putArray("resources");
        for (Table t : s.tables()) {
            if (t.partitionOf() != null) {
                continue; // a partition is read through its parent
            }
            out.addObject().put("uri", uri(t.schema(), t.name())).put("name", t.schema() + "." + t.name())
                    .put("title", "table " + t.name())
                    .put("description", "table " + t.schema() + "." + t.name() + ": " + t.columns().size()
                            + " columns, ~" + String.format(Locale.ROOT, "%,d", Math.max(0, t.rowEstimate()))
                            + " rows, " + SchemaRenderer.bytes(t.sizeBytes())
                            + (t.partitions().isEmpty() ? "" : ", " + t.partitions().size() + " partitions"))
                    .put("mimeType", "application/json");
        }
        for (View v : s.views()) {
            out.addObject().put("uri", uri(v.schema(), v.name())).put("name", v.schema() + "." + v.name())
                    .put("title", "view " + v.name())
                    .put("description", "view " + v.schema() + "." + v.name())
                    .put("mimeType", "application/json");
        }
        return r;
    }

    static ObjectNode templates() {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putArray("resourceTemplates").addObject().put("uriTemplate", PREFIX + "{schema}/{name}")
                .put("name", "table").put("title", "A table or view of the database")
                .put("description", "The table's columns, keys, indexes and partitions as JSON")
                .put("mimeType", "application/json");
        return r;
    }

    /** The object's JSON; an unknown or malformed URI is an {@link IllegalArgumentException}. */
    ObjectNode read(JsonNode params) {
        String uri = params.path("uri").asText("");
        if (!uri.startsWith(PREFIX)) {
            throw new IllegalArgumentException("unknown resource '" + uri + "': dbagent serves " + PREFIX
                    + "SCHEMA/NAME");
        }
        String[] parts = uri.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("resource URI must be " + PREFIX + "SCHEMA/NAME, got '" + uri + "'");
        }
        String schema = dec(parts[0]);
        String name = dec(parts[1]);
        Schema s = app.schema().inspect(null);
        Object object = s.tables().stream().filter(t -> t.schema().equals(schema) && t.name().equals(name))
                .findFirst().<Object>map(t -> t)
                .or(() -> s.views().stream().filter(v -> v.schema().equals(schema) && v.name().equals(name))
                        .findFirst().map(v -> v))
                .orElseThrow(() -> new IllegalArgumentException("no table or view " + schema + "." + name));
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.putArray("contents").addObject().put("uri", uri).put("mimeType", "application/json")
                .put("text", Json.write(object));
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String dec(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static List<String> methods() {
        return List.of("resources/list", "resources/read", "resources/templates/list");
    }
}

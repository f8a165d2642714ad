package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.ToolHints;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.Json;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP view of the agent's tools: one MCP tool per {@code @Tool} method of {@link DatabaseTools#all()}, so the
 * agent and MCP always offer the same tools, with the JSON schema LangChain4j derives from the method and the
 * annotations from its {@link ToolHints}. The schema is converted here from LangChain4j's public schema classes
 * (not its internal JSON helpers, which may change in any release).
 */
final class McpToolCatalog {

    /** One published tool. */
    record Entry(String name, ObjectNode descriptor, List<String> required, DefaultToolExecutor executor) {

        /** Runs the tool; its own failures already come back as {@code {"error": …}}, anything else is caught here. */
        String call(JsonNode arguments) {
            try {
                String json = Json.MAPPER.writeValueAsString(arguments == null ? JsonNodeFactory.instance.objectNode() : arguments);
                return executor.execute(ToolExecutionRequest.builder().id(name).name(name).arguments(json).build(), "mcp");
            } catch (Exception e) {
                return Json.write(Map.of("error", Redactor.redact(String.valueOf(e.getMessage()))));
            }
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final ArrayNode list = JsonNodeFactory.instance.arrayNode();

    /** {@code apply_plan} is published only when writes are allowed. */
    McpToolCatalog(DatabaseTools tools, boolean allowWrites) {
        List<Entry> all = new ArrayList<>();
        for (Object toolObject : tools.all()) {
            for (Method m : toolObject.getClass().getMethods()) {
                if (m.isAnnotationPresent(Tool.class)) {
                    Entry e = entry(toolObject, m);
                    if (allowWrites || !e.name().equals("apply_plan")) {
                        all.add(e);
                    }
                }
            }
        }
        all.sort(Comparator.comparing(Entry::name));
        for (Entry e : all) {
            entries.put(e.name(), e);
            list.add(e.descriptor());
        }
    }

    /** The {@code tools} array of a {@code tools/list} answer. */
    ArrayNode list() {
        return list;
    }

    Entry get(String name) {
        return entries.get(name);
    }

    private static Entry entry(Object toolObject, Method m) {
        ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("name", spec.name());
        d.put("description", spec.description());
        ObjectNode schema = spec.parameters() == null ? emptyObjectSchema() : (ObjectNode) schema(spec.parameters());
        d.set("inputSchema", schema);
        d.set("annotations", annotations(m));
        List<String> required = spec.parameters() == null || spec.parameters().required() == null ? List.of()
                : List.copyOf(spec.parameters().required());
        return new Entry(spec.name(), d, required, new DefaultToolExecutor(toolObject, m));
    }

    /** The MCP tool annotations. A tool without {@link ToolHints} is published as possibly destructive. */
    static ObjectNode annotations(Method m) {
        ToolHints h = m.getAnnotation(ToolHints.class);
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("readOnlyHint", h != null && h.readOnly());
        a.put("destructiveHint", h == null || (!h.readOnly() && h.destructive()));
        a.put("idempotentHint", h != null && h.idempotent());
        a.put("openWorldHint", h == null || h.openWorld());
        return a;
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "object");
        o.putObject("properties");
        return o;
    }

    /** JSON Schema for one LangChain4j schema element; an element we do not know becomes "any value". */
    static JsonNode schema(JsonSchemaElement e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (e instanceof JsonObjectSchema s) {
            o.put("type", "object");
            ObjectNode props = o.putObject("properties");
            if (s.properties() != null) {
                s.properties().forEach((k, v) -> props.set(k, schema(v)));
            }
            if (s.required() != null && !s.required().isEmpty()) {
                ArrayNode req = o.putArray("required");
                s.required().forEach(req::add);
            }
            if (s.additionalProperties() != null) {
                o.put("additionalProperties", s.additionalProperties());
            }
            description(o, s.description());
        } else if (e instanceof JsonArraySchema s) {
            o.put("type", "array");
            if (s.items() != null) {
                o.set("items", schema(s.items()));
            }
            description(o, s.description());
        } else if (e instanceof JsonStringSchema s) {
            o.put("type", "string");
            description(o, s.description());
        } else if (e instanceof JsonIntegerSchema s) {
            o.put("type", "integer");
            description(o, s.description());
        } else if (e instanceof JsonNumberSchema s) {
            o.put("type", "number");
            description(o, s.description());
        } else if (e instanceof JsonBooleanSchema s) {
            o.put("type", "boolean");
            description(o, s.description());
        } else if (e instanceof JsonEnumSchema s) {
            o.put("type", "string");
            ArrayNode values = o.putArray("enum");
            s.enumValues().forEach(values::add);
            description(o, s.description());
        } else if (e instanceof JsonAnyOfSchema s) {
            ArrayNode any = o.putArray("anyOf");
            s.anyOf().forEach(x -> any.add(schema(x)));
            description(o, s.description());
        } else if (e instanceof JsonNullSchema) {
            o.put("type", "null");
        }
        return o;
    }

    private static void description(ObjectNode o, String description) {
        if (description != null && !description.isBlank()) {
            o.put("description", description);
        }
    }
}

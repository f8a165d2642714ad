package io.dbagent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * MCP prompts: the common tasks as ready-made requests a client offers its user (in opencode, as slash commands).
 * Each names the tools to use in order, so a model that has never seen dbagent still takes the evidence-first path.
 */
final class McpPrompts {

    /** One prompt argument. */
    record Arg(String name, String description, boolean required) {
    }

    /** One prompt: its name, what it is for, its arguments and the request text with {@code {arg}} slots. */
    record Prompt(String name, String title, String description, List<Arg> args, String template) {
    }

    static final List<Prompt> ALL = List.of(
            new Prompt("review_schema", "Review the schema",
                    "A schema review: findings with the SQL fixes, ordered by severity, for the whole database or one table.",
                    List.of(new Arg("table", "Only this table (default: every table)", false)),
                    "Review the database schema{table: of table {table}}. First call list_objects to see what is there, "
                            + "then lint_schema{table: with tables [{table}]} and inspect_schema for the tables with "
                            + "findings. Report the findings by severity with the object, the number behind each, and "
                            + "the exact fix SQL from the findings; call propose_change for the fixes the user should "
                            + "apply, and never run a change yourself."),
            new Prompt("why_is_this_slow", "Why is this query slow?",
                    "Explains a slow query from its plan and timings and proposes the index or rewrite that fixes it.",
                    List.of(new Arg("sql", "The slow query", true)),
                    "Why is this query slow?\n\n{sql}\n\nCall explain_query on it (it is read-only), read the plan and "
                            + "its findings, and if an index would help, call advise_indexes with the query as the "
                            + "workload to cost it before recommending it. Answer with the cause (the plan node and "
                            + "its numbers), the fix SQL, and the expected effect; propose the change with "
                            + "propose_change rather than running it."),
            new Prompt("plan_migration", "Plan a migration",
                    "Turns a described schema change into a linted, reversible migration with its live-data preflight.",
                    List.of(new Arg("change", "The change, in words or as SQL", true)),
                    "Plan a migration for this change: {change}\n\nInspect the affected tables with inspect_schema, "
                            + "write the up and down SQL, then call lint_migration on it to find locking and data "
                            + "hazards and the rows that would block it on the live data, and fix what it reports. "
                            + "Give the final migration files (up and down), what each step locks and for how long, "
                            + "and how to roll back. Do not apply anything."));

    private McpPrompts() {
    }

    static ObjectNode list() {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        ArrayNode prompts = r.putArray("prompts");
        for (Prompt p : ALL) {
            ObjectNode o = prompts.addObject().put("name", p.name()).put("title", p.title())
                    .put("description", p.description());
            ArrayNode args = o.putArray("arguments");
            p.args().forEach(a -> args.addObject().put("name", a.name()).put("description", a.description())
                    .put("required", a.required()));
        }
        return r;
    }

    /** The prompt's messages with the arguments filled in; bad input is an {@link IllegalArgumentException}. */
    static ObjectNode get(JsonNode params) {
        String name = params.path("name").asText("");
        Prompt p = ALL.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown prompt '" + name + "': known are review_schema, "
                        + "why_is_this_slow, plan_migration"));
        JsonNode args = params.path("arguments");
        String text = p.template();
        for (Arg a : p.args()) {
            String value = args.path(a.name()).isValueNode() ? args.path(a.name()).asText("").strip() : "";
            if (a.required() && value.isEmpty()) {
                throw new IllegalArgumentException("prompt " + name + " needs the argument '" + a.name() + "'");
            }
            text = fill(text, a.name(), value);
        }
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("description", p.description());
        r.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text")
                .put("text", text);
        return r;
    }

    /** Replaces {@code {name}}, and keeps or drops the optional parts {@code {name: …}} by whether a value was given. */
    static String fill(String template, String name, String value) {
        StringBuilder out = new StringBuilder();
        String open = "{" + name + ":";
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith(open, i)) {
                int depth = 0;
                int j = i;
                for (; j < template.length(); j++) {
                    char c = template.charAt(j);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        break;
                    }
                }
                if (!value.isEmpty()) {
                    out.append(template, i + open.length(), j);
                }
                i = j + 1;
            } else {
                out.append(template.charAt(i));
                i++;
            }
        }
        return out.toString().replace("{" + name + "}", value);
    }
}

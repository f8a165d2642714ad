package io.dbagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A deterministic stand-in for a language model, shared by the scripted {@code ChatModel} and the fake
 * OpenAI-compatible HTTP server: it picks a scenario from the user's words, calls that scenario's tools one after
 * the other, and composes the answer from what the real tools returned. Tests then check that real results
 * (finding ids, DDL, memory titles) made it into the answer.
 */
public final class FakeBrain {

    /** One message of the conversation as the brain sees it. */
    public record Turn(String role, String content) {
    }

    /** A tool call. */
    public record Call(String name, String argumentsJson) {
    }

    /** What the model does next: call a tool, or answer. */
    public sealed interface Decision permits CallTool, Answer {
    }

    public record CallTool(Call call) implements Decision {
    }

    public record Answer(String text) implements Decision {
    }

    /** A scenario: the tools to call given the question, and how to answer from their results. */
    record Scenario(String keyword, Function<String, List<Call>> calls, Function<List<String>, String> answer) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("review my schema", q -> List.of(new Call("lint_schema", "{}")), FakeBrain::reviewAnswer),
            new Scenario("what did we learn about", q -> List.of(new Call("memory_search",
                    Json.write(Map.of("query", q.substring(q.toLowerCase(Locale.ROOT).indexOf("about") + 5).trim(),
                            "limit", 3)))), FakeBrain::memoryAnswer),
            new Scenario("how many", q -> List.of(new Call("run_read_query",
                    Json.write(Map.of("sql", "SELECT count(*) AS n FROM orders")))), FakeBrain::countAnswer),
            new Scenario("fix the missing index", q -> List.of(new Call("lint_schema", "{}")), FakeBrain::proposeOrAnswer),
            new Scenario("design tables for", q -> List.of(new Call("design_schema",
                    Json.write(Map.of("spec", specFor(q), "dialect", "postgres")))), FakeBrain::designAnswer),
            new Scenario("write a migration that adds", q -> {
                String dir = q.substring(q.indexOf(" in /") + 4).trim();
                return List.of(
                        new Call("generate_migration", Json.write(Map.of("name", "add_shipped_at", "dir", dir,
                                "change", "ALTER TABLE orders ADD COLUMN shipped_at timestamp"))),
                        new Call("lint_migration", Json.write(Map.of("dir", dir))),
                        new Call("test_migrations", Json.write(Map.of("dir", dir))));
            }, FakeBrain::migrationAnswer),
            new Scenario("why is this query slow", q -> {
                String sql = q.substring(q.indexOf(':') + 1).trim();
                return List.of(new Call("explain_query", Json.write(Map.of("sql", sql, "runs", 2))),
                        new Call("advise_indexes", Json.write(Map.of("workload", sql))));
            }, FakeBrain::slowQueryAnswer),
            new Scenario("is my database healthy", q -> List.of(new Call("check_health", "{}")), FakeBrain::healthAnswer));

    private FakeBrain() {
    }

    public static Decision decide(List<Turn> conversation) {
        int lastUser = -1;
        for (int i = 0; i < conversation.size(); i++) {
            if (conversation.get(i).role().equals("user")) {
                lastUser = i;
            }
        }
        if (lastUser < 0) {
            return new Answer("Hello.");
        }
        String question = conversation.get(lastUser).content();
        List<String> results = new ArrayList<>();
        for (int i = lastUser + 1; i < conversation.size(); i++) {
            if (conversation.get(i).role().equals("tool")) {
                results.add(conversation.get(i).content());
            }
        }
        for (Scenario s : SCENARIOS) {
            if (question.toLowerCase(Locale.ROOT).contains(s.keyword())) {
                List<Call> calls = s.calls().apply(question);
                if (results.size() < calls.size()) {
                    return new CallTool(calls.get(results.size()));
                }
                String answer = s.answer().apply(results);
                if (answer.startsWith("CALL ")) {
                    String[] parts = answer.substring(5).split(" ", 2);
                    return new CallTool(new Call(parts[0], parts[1]));
                }
                return new Answer(answer);
            }
        }
        return new Answer("I can review your schema, search what we learned, or count rows.");
    }

    /** Writes a spec the way a model would from "design tables for a X with As and Bs": two entities, many-to-many. */
    static String specFor(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        String[] nouns = q.substring(q.indexOf(" with ") + 6).replaceAll("[^a-z ]", "").split(" and ");
        String a = singular(nouns[0].trim());
        String b = singular(nouns[1].trim());
        return "name: app\nentities:\n"
                + "  " + a + ":\n    attributes:\n      title: {type: string, required: true}\n"
                + "  " + b + ":\n    attributes:\n      email: {type: string, required: true, unique: true, format: email}\n"
                + "relationships:\n  - {from: " + a + ", to: " + b + ", type: many-to-many}\n";
    }

    private static String singular(String word) {
        return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }

    private static String designAnswer(List<String> results) {
        JsonNode d = read(results.get(0));
        StringBuilder sb = new StringBuilder("Here is the schema:\n");
        d.at("/schema/tables").forEach(t -> sb.append("- table ").append(t.get("name").asText()).append('\n'));
        sb.append(d.get("ddl").asText());
        return sb.toString();
    }

    private static String migrationAnswer(List<String> results) {
        JsonNode gen = read(results.get(0));
        JsonNode lint = read(results.get(1));
        JsonNode test = read(results.get(2));
        if (gen.has("error")) {
            return "Could not generate: " + gen.get("error").asText();
        }
        StringBuilder sb = new StringBuilder("Wrote ").append(gen.get("up").asText()).append(" and ")
                .append(gen.get("down").asText()).append(".\nUp:\n").append(gen.get("upSql").asText())
                .append("\nDown:\n").append(gen.get("downSql").asText()).append("\nLint: ")
                .append(lint.at("/summary/critical").asText()).append(" critical, ")
                .append(lint.at("/summary/warn").asText()).append(" warn.\nTest: ");
        test.path("migrations").forEach(m -> sb.append(m.toString()).append('\n'));
        sb.append(test.has("error") ? "error " + test.get("error").asText() : "").append('\n');
        return sb.toString();
    }

    private static String slowQueryAnswer(List<String> results) {
        JsonNode explain = read(results.get(0));
        JsonNode advice = read(results.get(1));
        StringBuilder sb = new StringBuilder("Findings:\n");
        explain.path("findings").forEach(f -> sb.append("- ").append(f.get("id").asText()).append(": ")
                .append(f.get("message").asText()).append('\n'));
        sb.append("p95: ").append(explain.at("/timing/p95Ms").asText()).append(" ms\nRecommended:\n");
        advice.at("/advice/recommendations").forEach(r -> sb.append(r.get("ddl").asText()).append('\n'));
        sb.append("Approve ").append(advice.at("/plan/id").asText()).append(" to create it.");
        return sb.toString();
    }

    private static String healthAnswer(List<String> results) {
        JsonNode r = read(results.get(0));
        StringBuilder sb = new StringBuilder("Health: ").append(r.at("/summary/critical").asText()).append(" critical, ")
                .append(r.at("/summary/warn").asText()).append(" warn.\n");
        r.path("findings").forEach(f -> sb.append("- ").append(f.get("id").asText()).append(' ')
                .append(f.get("subject").asText()).append('\n'));
        return sb.toString();
    }

    private static String reviewAnswer(List<String> results) {
        StringBuilder sb = new StringBuilder("Schema review:\n");
        for (JsonNode f : read(results.get(0)).path("findings")) {
            // a hint without a safe fix (a reference column whose table cannot be found) carries no "fix"
            sb.append("- ").append(f.get("id").asText()).append(" on ").append(f.get("subject").asText());
            if (f.hasNonNull("fix")) {
                sb.append(": ").append(f.get("fix").asText());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String memoryAnswer(List<String> results) {
        StringBuilder sb = new StringBuilder("We learned:\n");
        for (JsonNode e : read(results.get(0))) {
            sb.append("- ").append(e.get("title").asText()).append('\n');
        }
        return sb.toString();
    }

    private static String countAnswer(List<String> results) {
        return "There are " + read(results.get(0)).at("/rows/0/n").asText() + " orders.";
    }

    /** After the lint, propose the first fk-without-index fix; after the proposal, tell the plan id. */
    private static String proposeOrAnswer(List<String> results) {
        if (results.size() == 1) {
            for (JsonNode f : read(results.get(0)).path("findings")) {
                if (f.get("id").asText().equals("fk-without-index")) {
                    return "CALL propose_change " + Json.write(Map.of("sql", f.get("fix").asText(),
                            "reason", f.get("message").asText()));
                }
            }
            return "Nothing to fix.";
        }
        return "Proposed " + read(results.get(results.size() - 1)).at("/plan/id").asText() + "; approve it to apply.";
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("tool result is not JSON: " + json, e);
        }
    }
}

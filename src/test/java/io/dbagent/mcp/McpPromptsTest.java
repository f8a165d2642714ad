package io.dbagent.mcp;

import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpPromptsTest {

    @Test
    void optionalPartsAreKeptOnlyWithAValue() {
        String t = "Review the schema{table: of table {table}}. Then lint{table: [{table}]}.";
        assertThat(McpPrompts.fill(t, "table", "orders")).isEqualTo("Review the schema of table orders. Then lint [orders].");
        assertThat(McpPrompts.fill(t, "table", "")).isEqualTo("Review the schema. Then lint.");
    }

    @Test
    void everyPromptFillsAndNamesOnlyToolsThatExist() throws Exception {
        var review = McpPrompts.get(Json.MAPPER.readTree("{\"name\":\"review_schema\",\"arguments\":{\"table\":\"orders\"}}"));
        String text = review.at("/messages/0/content/text").asText();
        assertThat(text).contains("of table orders", "lint_schema with tables [orders]").doesNotContain("{");
        var whole = McpPrompts.get(Json.MAPPER.readTree("{\"name\":\"review_schema\"}"));
        assertThat(whole.at("/messages/0/content/text").asText()).startsWith("Review the database schema. First")
                .doesNotContain("{");
        var plan = McpPrompts.get(Json.MAPPER.readTree("{\"name\":\"plan_migration\",\"arguments\":{\"change\":\"add a "
                + "NOT NULL column status to orders\"}}"));
        assertThat(plan.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(plan.at("/messages/0/content/text").asText()).contains("add a NOT NULL column status to orders",
                "lint_migration");
        assertThatThrownBy(() -> McpPrompts.get(Json.MAPPER.readTree("{\"name\":\"nope\"}")))
                .hasMessageStartingWith("unknown prompt 'nope'");
    }

    @Test
    void theToolsThePromptsNameAreTools(@org.junit.jupiter.api.io.TempDir java.nio.file.Path memory) {
        var tools = new io.dbagent.agent.DatabaseTools(io.dbagent.testsupport.NoDatabase.INSTANCE,
                new io.dbagent.memory.MemoryStore(memory), new io.dbagent.app.PlanStore(), false);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Object o : tools.all()) {
            for (var m : o.getClass().getMethods()) {
                var t = m.getAnnotation(dev.langchain4j.agent.tool.Tool.class);
                if (t != null) {
                    names.add(t.name());
                }
            }
        }
        for (McpPrompts.Prompt p : McpPrompts.ALL) {
            var m = java.util.regex.Pattern.compile("\\b[a-z]+_[a-z_]+\\b").matcher(p.template());
            int found = 0;
            while (m.find()) {
                assertThat(names).as(p.name() + " names " + m.group()).contains(m.group());
                found++;
            }
            assertThat(found).as(p.name()).isGreaterThanOrEqualTo(2);
        }
    }
}

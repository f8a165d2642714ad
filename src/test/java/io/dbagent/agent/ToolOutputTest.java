package io.dbagent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ToolOutputTest {

    @Test
    void smallOutputIsUntouched() {
        assertThat(ToolOutput.limit("{\"a\" : 1}", 100)).isEqualTo("{\"a\" : 1}");
    }

    @Test
    void theLargestArrayIsTrimmedAndTheCountOfOmittedRowsRecorded() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            rows.add(List.of(i, "row number " + i + " with some text in it"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", List.of("id", "note"));
        out.put("rows", rows);
        String cut = ToolOutput.limit(Json.write(out), 60_000);
        assertThat(cut.length()).isLessThanOrEqualTo(60_000);
        JsonNode n = Json.MAPPER.readTree(cut);
        assertThat(n.get("truncated").asBoolean()).isTrue();
        int kept = n.get("rows").size();
        assertThat(kept).isGreaterThan(100);
        assertThat(n.at("/omitted/rows").asInt()).isEqualTo(5000 - kept);
        assertThat(n.get("columns")).hasSize(2);
        assertThat(n.at("/rows/" + (kept - 1) + "/0").asInt()).isEqualTo(kept - 1);
    }

    @Test
    void aHugeStringIsShortenedAndPlainTextWrapped() throws Exception {
        String big = "x".repeat(200_000);
        JsonNode n = Json.MAPPER.readTree(ToolOutput.limit(Json.write(Map.of("markdown", big)), 60_000));
        assertThat(n.get("truncated").asBoolean()).isTrue();
        assertThat(n.get("markdown").asText().length()).isLessThan(60_000);
        assertThat(n.at("/omitted/markdownChars").asInt()).isGreaterThan(140_000);

        JsonNode t = Json.MAPPER.readTree(ToolOutput.limit("# Runbook\n" + big, 60_000));
        assertThat(t.get("text").asText()).startsWith("# Runbook");
        assertThat(t.at("/omitted/chars").asInt()).isGreaterThan(140_000);
    }

    @Test
    void aTopLevelArrayIsWrapped() throws Exception {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            many.add(i);
        }
        String cut = ToolOutput.limit(Json.write(many), 10_000);
        JsonNode n = Json.MAPPER.readTree(cut);
        assertThat(cut.length()).isLessThanOrEqualTo(10_000);
        assertThat(n.get("items").size() + n.at("/omitted/items").asInt()).isEqualTo(50_000);
    }
}

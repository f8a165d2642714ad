package io.dbagent.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportEnvelopeTest {

    record Sizes(String sql, long totalBytes, List<String> notes) {
    }

    private static final Finding WARN = Finding.builder("select-star", Severity.WARN).subject("q1")
            .message("the statement reads every column").build();

    @Test
    void payloadFieldsSitAtTheTopLevelBesideTheEnvelope() throws Exception {
        Report<Sizes> r = new Report<>("explain", "sqlite:x.db", "SQLite 3", List.of(WARN), Map.of(), Map.of("ms", 1.5),
                new Sizes("SELECT * FROM t", 42, List.of("a note")));
        JsonNode json = Json.MAPPER.readTree(Json.write(r));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("command", "target", "product", "sql", "totalBytes", "notes", "summary",
                "findings", "skipped", "metrics");
        assertThat(json.get("totalBytes").asLong()).isEqualTo(42);
        assertThat(json.get("summary").get("warn").asLong()).isEqualTo(1);
        assertThat(json.has("payload")).isFalse();
    }

    @Test
    void aReportOfFindingsOnlyWritesNoPayload() throws Exception {
        Report<Void> r = new Report<>("lint", "sqlite:x.db", null, List.of(WARN), null, null);
        JsonNode json = Json.MAPPER.readTree(Json.write(r));
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("command", "target", "summary", "findings", "skipped", "metrics");
    }

    @Test
    void exitCodeFollowsTheThresholdWhateverThePayload() {
        Report<Sizes> r = new Report<>("explain", "t", null, List.of(WARN), null, null, new Sizes("x", 1, List.of()));
        assertThat(r.exitCode(Severity.WARN)).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.exitCode(Severity.CRITICAL)).isEqualTo(ExitCodes.OK);
        assertThat(r.withPayload("other").exitCode(Severity.WARN)).isEqualTo(ExitCodes.FINDINGS);
    }
}

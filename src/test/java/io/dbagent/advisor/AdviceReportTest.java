package io.dbagent.advisor;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The advise report: recommendations and costs as the payload of the shared envelope, in JSON and text. */
class AdviceReportTest {

    private static Report<Advice> report() {
        Advice a = new Advice("w.sql", "hypopg", "cost units", null, 4, "exact", 100, 10, 90,
                List.of(new Advice.Recommendation("CREATE INDEX ON orders (user_id);", "orders", List.of("user_id"),
                        null, null, "hypopg", 8192, 90, List.of("q1"), null)),
                List.of(), List.of(new Advice.StatementCost("q1", 1, "SELECT * FROM orders WHERE user_id = 1", 1, 100,
                        10)), List.of(), Map.of(), 12, List.of());
        Finding info = Finding.builder("partition-candidate", Severity.INFO).subject("events")
                .message("events has 10M rows").build();
        Finding warn = Finding.builder("n-plus-one", Severity.WARN).subject("q1")
                .message("q1 ran 100 times in a loop").fix("-- fetch them in one query").build();
        return new Report<>("advise", "postgresql://h/db", "PostgreSQL 15", List.of(info, warn), Map.of(), null, a);
    }

    @Test
    void jsonKeepsTheRecommendationsAtTheTopLevel() throws Exception {
        JsonNode json = Json.MAPPER.readTree(ReportRenderer.render(report(), OutputFormat.JSON));
        assertThat(json.get("command").asText()).isEqualTo("advise");
        assertThat(json.get("workload").asText()).isEqualTo("w.sql");
        assertThat(json.get("recommendations").get(0).get("ddl").asText()).isEqualTo("CREATE INDEX ON orders (user_id);");
        assertThat(json.get("statements").get(0).get("costAfter").asDouble()).isEqualTo(10);
        assertThat(json.get("findings").findValuesAsText("id")).containsExactly("n-plus-one", "partition-candidate");
    }

    @Test
    void textListsTheIndexesThenTheFindingsMostSevereFirst() {
        String text = ReportRenderer.render(report(), OutputFormat.TEXT);
        assertThat(text).startsWith("advise of postgresql://h/db (PostgreSQL 15)\n");
        assertThat(text).contains("workload cost: 100.00 -> 10.00 cost units (-90.0%)\n", "recommended indexes:\n",
                "\nfindings:\n[WARN] n-plus-one  q1\n  q1 ran 100 times in a loop\n  fix: -- fetch them in one query\n"
                        + "[INFO] partition-candidate  events\n  events has 10M rows\n");
    }
}

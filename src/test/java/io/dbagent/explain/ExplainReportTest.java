package io.dbagent.explain;

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

/** The explain report: its plan and timings as the payload of the shared envelope, in JSON and text. */
class ExplainReportTest {

    private static Report<ExplainPayload> report() {
        PlanNode plan = PlanNode.builder("Seq Scan", "scan").relation("orders").estimatedRows(1000.0).cost(35.5).build();
        ExplainPayload p = new ExplainPayload("SELECT * FROM orders", "SELECT", true, "EXPLAIN (ANALYZE, FORMAT JSON)",
                null, plan, 0.1, 2.5, new Timing(3, 2.0, 3.0, 3.5, 1.9, 1.9, 3.0), Boolean.TRUE, "cost units",
                List.of("rolled back"));
        Finding f = Finding.builder("seq-scan-large-table", Severity.WARN).subject("orders")
                .message("a sequential scan reads all 1000 rows of orders").fix("CREATE INDEX ON orders (x);").build();
        return new Report<>("explain", "postgresql://h/db", "PostgreSQL 15", List.of(f),
                Map.of("row-estimate-off", "needs --analyze"), ExplainRenderer.metrics(p), p);
    }

    @Test
    void jsonKeepsThePlanAndTimingsAtTheTopLevel() throws Exception {
        JsonNode json = Json.MAPPER.readTree(ReportRenderer.render(report(), OutputFormat.JSON));
        assertThat(json.get("command").asText()).isEqualTo("explain");
        assertThat(json.get("plan").get("node").asText()).isEqualTo("Seq Scan");
        assertThat(json.get("executionMs").asDouble()).isEqualTo(2.5);
        assertThat(json.get("timing").get("p95Ms").asDouble()).isEqualTo(3.0);
        assertThat(json.get("notes").get(0).asText()).isEqualTo("rolled back");
        assertThat(json.get("findings").get(0).get("id").asText()).isEqualTo("seq-scan-large-table");
        assertThat(json.get("summary").get("warn").asInt()).isEqualTo(1);
        assertThat(json.get("metrics").get("p95Ms").asDouble()).isEqualTo(3.0);
        assertThat(json.has("payload")).isFalse();
    }

    @Test
    void textShowsThePlanThenTheFindingsInTheSharedLayout() {
        String text = ReportRenderer.render(report(), OutputFormat.TEXT);
        assertThat(text).startsWith("statement: SELECT * FROM orders\nmethod:    EXPLAIN (ANALYZE, FORMAT JSON)"
                + "  (inside a transaction, rolled back)\n");
        assertThat(text).contains("\nplan:\n  Seq Scan on orders  (cost=35.50 rows=1000)\n",
                "timing: 3 runs after one warm-up  p50 2.000 ms  IQR 1.900–3.000 ms  p95 3.000 ms  max 3.500 ms\n", "note: rolled back\n",
                "explain of postgresql://h/db (PostgreSQL 15)\n0 critical, 1 warn, 0 info\n",
                "[WARN] seq-scan-large-table  orders\n  a sequential scan reads all 1000 rows of orders\n"
                        + "  fix: CREATE INDEX ON orders (x);\n",
                "skipped:\n  row-estimate-off: needs --analyze\n");
    }
}

package io.dbagent.advisor;

import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code advise --apply} with a deliberately useless index (on a column no statement reads): whatever the clock
 * says, no statement is credited with a speed-up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdviceMeasureIT {

    private final List<DbUrl> dbs = new ArrayList<>();

    @AfterAll
    void drop() {
        dbs.forEach(TestDatabases::drop);
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void aUselessIndexIsReportedAsNoMeasurableChange(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "measure");
        dbs.add(url);
        QueryFixture.load(url);
        Workload wl = Workload.parse("w.sql", """
                SELECT count(*) FROM orders_t WHERE total > 5;
                SELECT id, total FROM orders_t WHERE customer_id = 42;
                """);
        Report<Advice> advice;
        try (DbSession ro = ConnectionFactory.open(url);
             DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            advice = IndexAdvisor.advise(ro, rw, AdviceOptions.builder(wl).whatIf("auto").build());
        }
        Advice a = advice.payload();
        String ddl = d == DialectKind.MYSQL ? "ALTER TABLE orders_t ADD INDEX idx_orders_t_note (note(100))"
                : "CREATE INDEX idx_orders_t_note ON orders_t (note)";
        Advice.Recommendation useless = new Advice.Recommendation(ddl, "orders_t", List.of("note"), null, null,
                a.method(), 8192, 5.0, List.of("q1"), null);
        Advice withUseless = new Advice(a.workload(), a.method(), a.costUnit(), a.budgetBytes(), a.candidates(),
                a.selection(), a.workloadCostBefore(), a.workloadCostAfter(), a.improvementPct(), List.of(useless),
                a.drops(), a.statements(), List.of(), a.whatIf(), a.elapsedMs(), a.notes());
        Report<Advice> applied;
        try (DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            applied = AdviceApplier.apply(rw, advice.withPayload(withUseless), 7);
        }
        assertThat(applied.payload().measured()).hasSize(2).allSatisfy(m -> {
            assertThat(m.usesNewIndex()).isFalse();
            assertThat(m.verdict()).isEqualTo(Advice.Measured.NO_CHANGE);
            assertThat(m.speedup()).isNull();
            assertThat(m.beforeP25Ms()).isLessThanOrEqualTo(m.beforeMs());
            assertThat(m.beforeP75Ms()).isGreaterThanOrEqualTo(m.beforeMs());
        });
        assertThat(applied.findings()).noneMatch(f -> f.id().equals("index-regression"));
        String json = Json.write(applied);
        assertThat(json).contains("\"verdict\" : \"no measurable change\"").doesNotContain("\"verdict\" : \"faster\"")
                .doesNotContain("\"speedup\"");
        String text = ReportRenderer.render(applied, OutputFormat.TEXT);
        assertThat(text).contains("no measurable change").doesNotContain("x faster");
        assertThat(text).contains("0 of 2 statement(s)");
    }
}

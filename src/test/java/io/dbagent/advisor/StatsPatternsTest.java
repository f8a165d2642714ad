package io.dbagent.advisor;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patterns from server statistics, on hand-made statistics rows (the test servers do not preload
 * pg_stat_statements, and reconfiguring a shared server inside a test is not safe).
 */
class StatsPatternsTest {

    private static Schema shop() {
        Table customers = new Table("public", "customers", 100_000, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("country", "char(2)", false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(), null);
        Table orders = new Table("public", "orders", 1_000_000, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("customer_id", "bigint", false, null),
                        Column.of("total", "numeric", false, null)),
                List.of("id"), null, List.of(new ForeignKey("fk_orders_customer", List.of("customer_id"), "public",
                "customers", List.of("id"), "NO ACTION", "NO ACTION")), List.of(), List.of(), List.of(), null);
        return new Schema("postgres", "PostgreSQL", "15", "shop", List.of("public"), List.of(customers, orders),
                List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void callRatiosAndMeanTimesFromStatistics() {
        List<WorkloadSources.SeenStatement> seen = List.of(
                new WorkloadSources.SeenStatement("SELECT id, total FROM orders WHERE customer_id = $1", 5000, 2500, 5000),
                new WorkloadSources.SeenStatement("SELECT id FROM customers WHERE country = $1 LIMIT 100", 100, 300, 10000),
                new WorkloadSources.SeenStatement("SELECT c.country, sum(o.total) FROM customers c JOIN orders o "
                        + "ON o.customer_id = c.id WHERE c.country = $1 GROUP BY c.country", 200, 40000, 200),
                new WorkloadSources.SeenStatement("SELECT count(*) FROM customers", 200, 100, 200));
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Finding> f = StatsPatterns.of(DialectKind.POSTGRES, shop(), seen, skipped);
        assertThat(f).extracting(Finding::id).containsExactlyInAnyOrder("n-plus-one", "matview-candidate");
        Finding loop = f.stream().filter(x -> x.id().equals("n-plus-one")).findFirst().orElseThrow();
        assertThat(loop.evidence().get("ratio")).isEqualTo(50.0);
        assertThat(loop.fix()).contains("customer_id = ANY(?)");
        Finding mv = f.stream().filter(x -> x.id().equals("matview-candidate")).findFirst().orElseThrow();
        assertThat(mv.message()).contains("200 times at 200.0 ms each");
        assertThat(mv.fix()).contains("CREATE MATERIALIZED VIEW").contains("GROUP BY c.country");
        assertThat(skipped).containsKey("cache-candidate");
        // a lookup only five times as frequent as its parent query is not a loop; a cheap aggregate is no matview
        List<Finding> none = StatsPatterns.of(DialectKind.MYSQL, shop(), List.of(
                new WorkloadSources.SeenStatement("SELECT id, total FROM orders WHERE customer_id = ?", 500, 50, 500),
                new WorkloadSources.SeenStatement("SELECT id FROM customers WHERE country = ?", 100, 30, 100),
                new WorkloadSources.SeenStatement("SELECT count(*) FROM customers", 200, 100, 200)), new LinkedHashMap<>());
        assertThat(none).isEmpty();
    }
}

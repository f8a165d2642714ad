package io.dbagent.explain;

import io.dbagent.dialect.mysql.MysqlPlanParser;
import io.dbagent.dialect.postgres.PostgresPlanParser;
import io.dbagent.dialect.sqlite.SqlitePlanParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plan formats we cannot produce on the test servers (MySQL 8) or want pinned (SQLite detail lines). */
class PlanParsersTest {

    @Test
    void mysql8JsonWithCostInfoAndTextualNumbers() {
        PlanNode plan = MysqlPlanParser.parse("""
                {"query_block": {"select_id": 1, "cost_info": {"query_cost": "2035.25"},
                  "nested_loop": [
                    {"table": {"table_name": "o", "access_type": "ALL", "rows_examined_per_scan": 20000,
                      "rows_produced_per_join": 2000, "filtered": "10.00",
                      "cost_info": {"read_cost": "1800.00", "eval_cost": "200.00", "prefix_cost": "2000.00"},
                      "attached_condition": "(`shop`.`o`.`status` = 'pending')"}},
                    {"table": {"table_name": "u", "access_type": "eq_ref", "key": "PRIMARY",
                      "used_key_parts": ["id"], "rows_examined_per_scan": 1, "filtered": "100.00",
                      "cost_info": {"prefix_cost": "2035.25"}}}]}}
                """);
        assertThat(plan.node()).isEqualTo("Query Block");
        assertThat(plan.cost()).isEqualTo(2035.25);
        PlanNode loop = plan.children().get(0);
        assertThat(loop.node()).isEqualTo("Nested Loop");
        PlanNode scan = loop.children().get(0);
        assertThat(scan.kind()).isEqualTo("full-scan");
        assertThat(scan.relation()).isEqualTo("o");
        assertThat(scan.estimatedRows()).isEqualTo(2000.0);
        assertThat(scan.cost()).isEqualTo(2000.0);
        assertThat(scan.filter()).contains("`status` = 'pending'");
        PlanNode lookup = loop.children().get(1);
        assertThat(lookup.node()).isEqualTo("Index Lookup (eq_ref)");
        assertThat(lookup.index()).isEqualTo("PRIMARY");
        assertThat(lookup.indexCondition()).isEqualTo("id");
    }

    @Test
    void postgresSortThatSpillsOnlyInParallelWorkersIsASpill() {
        PlanNode plan = PostgresPlanParser.parse("""
                [{"Plan": {"Node Type": "Gather Merge", "Plans": [
                  {"Node Type": "Sort", "Sort Method": "quicksort", "Sort Space Used": 2900, "Sort Space Type": "Memory",
                   "Workers": [
                     {"Worker Number": 0, "Sort Method": "external merge", "Sort Space Used": 5120, "Sort Space Type": "Disk"},
                     {"Worker Number": 1, "Sort Method": "external merge", "Sort Space Used": 4880, "Sort Space Type": "Disk"}],
                   "Plans": [{"Node Type": "Seq Scan", "Relation Name": "orders_t"}]}]},
                  "Planning Time": 0.1, "Execution Time": 80.0}]
                """).plan();
        PlanNode sort = plan.children().get(0);
        assertThat(sort.extra("sortSpaceType")).isEqualTo("Disk");
        assertThat(sort.extra("sortMethod")).isEqualTo("external merge");
        assertThat(sort.extra("sortSpaceUsed")).isEqualTo(10000L);
    }

    @Test
    void sqliteQueryPlanRows() {
        PlanNode plan = SqlitePlanParser.parse(List.of(
                new SqlitePlanParser.Row(3, 0, "SCAN o"),
                new SqlitePlanParser.Row(5, 0, "SEARCH u USING INTEGER PRIMARY KEY (rowid=?)"),
                new SqlitePlanParser.Row(9, 0, "SEARCH i USING COVERING INDEX idx_items (order_id=?)"),
                new SqlitePlanParser.Row(12, 0, "SEARCH c USING AUTOMATIC COVERING INDEX (k=?)"),
                new SqlitePlanParser.Row(20, 0, "CORRELATED SCALAR SUBQUERY 1"),
                new SqlitePlanParser.Row(24, 20, "SCAN x USING INDEX idx_x"),
                new SqlitePlanParser.Row(40, 0, "USE TEMP B-TREE FOR ORDER BY")));
        List<PlanNode> top = plan.children();
        assertThat(top).extracting(PlanNode::node).containsExactly("Full Scan", "Index Search",
                "Covering Index Search", "Automatic Index (built per execution)", "CORRELATED SCALAR SUBQUERY 1",
                "USE TEMP B-TREE FOR ORDER BY");
        assertThat(top.get(1).index()).isEqualTo("INTEGER PRIMARY KEY");
        assertThat(top.get(2).kind()).isEqualTo("index-only-scan");
        assertThat(top.get(3).kind()).isEqualTo("full-scan");
        assertThat(top.get(4).children()).singleElement().satisfies(n -> {
            assertThat(n.node()).isEqualTo("Full Index Scan");
            assertThat(n.index()).isEqualTo("idx_x");
        });
        assertThat(top.get(5).kind()).isEqualTo("sort");
    }

    @Test
    void timingPercentiles() {
        Timing t = Timing.of(List.of(5.0, 1.0, 2.0, 3.0, 4.0, 100.0, 6.0, 7.0, 8.0, 9.0));
        assertThat(t.p50Ms()).isEqualTo(5.0);
        assertThat(t.p95Ms()).isEqualTo(100.0);
        assertThat(t.maxMs()).isEqualTo(100.0);
        assertThat(t.minMs()).isEqualTo(1.0);
    }
}

package io.dbagent.advisor;

import io.dbagent.dialect.Dialects;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisor's rules without a database: candidate generation from a catalog and a statement, the cost model built
 * from a table of what-if costs ({@link CandidateCosts}), the engine's index shapes, and the selection it feeds.
 */
class AdvisorRulesTest {

    private static Table orders(Index... indexes) {
        return new Table(null, "orders", 100_000, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("customer_id", "bigint", false, null),
                        Column.of("status", "varchar(20)", false, null), Column.of("total", "numeric", false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(indexes), null);
    }

    private static Schema schema(DialectKind d, Table t) {
        return new Schema(d.id(), null, null, "shop", List.of(), List.of(t), List.of(), List.of(), List.of(), List.of());
    }

    private static List<String> candidates(DialectKind d, Table t, String sql) {
        Schema s = schema(d, t);
        Workload.Statement st = new Workload.Statement("q1", 1, sql, 1);
        SqlAnalysis a = SqlAnalysis.of(sql, ExplainService.columnsOf(s));
        return new CandidateGenerator(d, s, 3, null).generate(List.of(st), Map.of("q1", a)).stream()
                .map(Candidate::key).toList();
    }

    /** What-if costs from a table: statement id → cost with the candidate in place; sizes by candidate key. */
    private record TableOfCosts(Map<String, Map<String, Double>> byCandidate, long size) implements CandidateCosts {
        @Override
        public Map<String, Double> costs(List<Candidate> config, List<WhatIf.Stmt> statements) {
            Map<String, Double> all = byCandidate.getOrDefault(config.get(0).key(), Map.of());
            Map<String, Double> out = new HashMap<>();
            statements.forEach(s -> {
                if (all.containsKey(s.id())) {
                    out.put(s.id(), all.get(s.id()));
                }
            });
            return out;
        }

        @Override
        public long sizeOf(Candidate c) {
            return size;
        }
    }

    private static WhatIf.Stmt stmt(String id, String sql, double weight) {
        return new WhatIf.Stmt(id, sql, weight, SqlAnalysis.of(sql));
    }

    private static final Candidate BY_CUSTOMER = new Candidate(null, "orders", List.of("customer_id"), null, null);

    private static CostModel model(DialectKind d, List<WhatIf.Stmt> stmts, Map<String, Double> base,
                                   Map<String, Double> withIndex) throws Exception {
        return IndexAdvisor.model(new TableOfCosts(Map.of(BY_CUSTOMER.key(), withIndex), 8192), d, stmts, base,
                List.of(BY_CUSTOMER));
    }

    @Test
    void postgresCoversTheSelectedColumnsWithInclude() {
        assertThat(candidates(DialectKind.POSTGRES, orders(), "SELECT status, total FROM orders WHERE customer_id = ?"))
                .contains("orders(customer_id) include [status, total]")
                .doesNotContain("orders(customer_id,status,total)");
    }

    @Test
    void mysqlCoversTheSelectedColumnsByAppendingThemToTheKey() {
        assertThat(candidates(DialectKind.MYSQL, orders(), "SELECT status, total FROM orders WHERE customer_id = ?"))
                .contains("orders(customer_id,status,total)")
                .noneMatch(k -> k.contains("include"));
    }

    @Test
    void aCandidateThatAnExistingIndexStartsWithIsNotGenerated() {
        Index existing = new Index("idx_orders_customer_status", List.of("customer_id", "status"), false, false,
                "btree", null, List.of(), -1);
        assertThat(candidates(DialectKind.POSTGRES, orders(existing), "SELECT id FROM orders WHERE customer_id = ?"))
                .doesNotContain("orders(customer_id)");
    }

    @Test
    void aSavingWithinThePlannersNoiseIsNoBenefit() throws Exception {
        WhatIf.Stmt q = stmt("q1", "SELECT id FROM orders WHERE customer_id = 1", 1);
        CostModel m = model(DialectKind.POSTGRES, List.of(q), Map.of("q1", 1000.0), Map.of("q1", 999.5));
        assertThat(m.benefit[0][0]).isZero();
    }

    @Test
    void aFivePercentSavingCountsOnEveryEngineSinceSqliteCostsAreEstimatesNotTimings() throws Exception {
        WhatIf.Stmt q = stmt("q1", "SELECT id FROM orders WHERE customer_id = 1", 1);
        assertThat(model(DialectKind.POSTGRES, List.of(q), Map.of("q1", 100.0), Map.of("q1", 95.0)).benefit[0][0])
                .isEqualTo(5.0);
        assertThat(model(DialectKind.SQLITE, List.of(q), Map.of("q1", 100.0), Map.of("q1", 95.0)).benefit[0][0])
                .isEqualTo(5.0);
    }

    @Test
    void eachUpdateOfTheTableChargesTheIndexTenPercentOfItsWeightedCost() throws Exception {
        WhatIf.Stmt read = stmt("q1", "SELECT id FROM orders WHERE customer_id = 1", 1);
        WhatIf.Stmt update = stmt("q2", "UPDATE orders SET status = 'paid' WHERE id = 7", 2);
        CostModel m = model(DialectKind.POSTGRES, List.of(read, update), Map.of("q1", 100.0, "q2", 100.0),
                Map.of("q1", 10.0, "q2", 100.0));
        assertThat(m.penalty[0]).isEqualTo(2 * 100 * IndexAdvisor.WRITE_PENALTY / 2);
        assertThat(m.benefit[0][0]).isEqualTo(90.0);
    }

    @Test
    void aWiderIndexSavingLessThanTenPercentMoreIsCreditedWithTheNarrowOnesSaving() {
        Candidate narrow = new Candidate(null, "orders", List.of("customer_id"), null, null);
        Candidate wide = new Candidate(null, "orders", List.of("customer_id", "status"), null, null);
        double[][] benefit = {{50, 55}};
        IndexAdvisor.preferNarrow(List.of(narrow, wide), benefit, new double[] {100});
        assertThat(benefit[0]).containsExactly(50, 50);
    }

    @Test
    void anIndexWhoseWriteCostExceedsItsSavingIsNotChosenWhateverTheBudget() {
        CostModel m = new CostModel(new double[] {1}, new double[] {100}, new long[] {10}, new int[] {0},
                new double[][] {{30}}, new double[] {40});
        Selector.Choice c = new Selector(m).select(1_000_000);
        assertThat(c.chosen()).isEqualTo(new BitSet());
        assertThat(c.cost()).isEqualTo(100);
    }

    @Test
    void whatIfBuildsKeepIncludeAndPredicateOnPostgresAndDropBothOnMysql() {
        Candidate c = new Candidate(null, "orders", List.of("status"), List.of("total"), "status = 'new'");
        assertThat(c.plainDdl(DialectKind.POSTGRES, "w1"))
                .isEqualTo("CREATE INDEX w1 ON orders (status) INCLUDE (total) WHERE status = 'new'");
        assertThat(c.plainDdl(DialectKind.MYSQL, "w1")).isEqualTo("CREATE INDEX w1 ON orders (status)");
    }

    @Test
    void hashPartitionsOnPostgresAreEightTablesOfOneModulus() {
        String ddl = Dialects.of(DialectKind.POSTGRES).partitionDdl().orElseThrow()
                .hash(orders(), "customer_id", PartitionAdvisor.HASH_PARTITIONS);
        assertThat(ddl.split("FOR VALUES WITH \\(MODULUS 8, REMAINDER ", -1)).hasSize(9);
        assertThat(ddl).startsWith("CREATE TABLE orders_part (LIKE orders INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
                + "PARTITION BY HASH (customer_id);");
    }

    @Test
    void mysqlRangePartitionsPutThePartitionColumnIntoThePrimaryKey() {
        String ddl = Dialects.of(DialectKind.MYSQL).partitionDdl().orElseThrow().range(orders(), "customer_id",
                List.of(java.time.LocalDate.of(2025, 1, 1), java.time.LocalDate.of(2025, 2, 1)), true);
        assertThat(ddl).contains("ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, customer_id);")
                .contains("  PARTITION p2025_01 VALUES LESS THAN ('2025-02-01'),\n")
                .endsWith("  PARTITION pmax VALUES LESS THAN (MAXVALUE)\n);");
    }

    @Test
    void sqliteHasNoPartitioningAndNoStatementStatistics() {
        assertThat(Dialects.of(DialectKind.SQLITE).partitionDdl()).isEmpty();
        assertThat(Dialects.of(DialectKind.SQLITE).workloadStats()).isEmpty();
    }

    @Test
    void aBatchedLookupBindsOneArrayOnPostgres() {
        PatternAdvisor.Group g = group("SELECT id, total FROM orders WHERE customer_id = ?");
        SqlAnalysis.Predicate p = SqlAnalysis.of(g.sample()).predicates().get(0);
        assertThat(PatternAdvisor.batched(DialectKind.POSTGRES, g, p, "orders", null))
                .isEqualTo("-- fetch the children of all parent rows in one statement (bind the keys as one array):\n"
                        + "SELECT id, total FROM orders WHERE customer_id = ANY(?)");
    }

    private static PatternAdvisor.Group group(String sql) {
        return new PatternAdvisor.Group("g1", sql, sql, 500, java.util.Set.of(sql), null, SqlAnalysis.of(sql));
    }
}

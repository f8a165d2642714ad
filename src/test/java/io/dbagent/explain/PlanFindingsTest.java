package io.dbagent.explain;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan and query finding rules on hand-built neutral plan trees and catalogs: no database, one outcome per case.
 * The engine's part of each rule comes from its dialect ({@link PlanRules}), so a case names its engine.
 */
class PlanFindingsTest {

    private static Table orders(long rows, Index... indexes) {
        return new Table(null, "orders", rows, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("customer_id", "bigint", false, null),
                        Column.of("status", "varchar(20)", false, null), Column.of("note", "text", true, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(indexes), null);
    }

    private static Table customers(long rows) {
        return new Table(null, "customers", rows, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("name", "text", false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(), null);
    }

    private static Schema schema(DialectKind d, Table... tables) {
        return new Schema(d.id(), null, null, "shop", List.of(), List.of(tables), List.of(), List.of(), List.of(),
                List.of());
    }

    private static PlanNode scan(String node, String kind, String relation, Double est, Double actual, Long loops,
                                 String filter) {
        return new PlanNode(node, kind, relation, null, null, est, actual, loops, null, null, filter, null, null, null,
                List.of());
    }

    private static PlanNode join(String node, PlanNode outer, PlanNode inner) {
        return new PlanNode(node, "join", null, null, null, null, null, 1L, null, null, null, null, null, null,
                List.of(outer, inner));
    }

    private static FindingContext ctx(DialectKind d, Schema schema, String sql, PlanNode plan, boolean analyzed,
                                      Double executionMs) {
        SqlAnalysis a = SqlAnalysis.of(sql, ExplainService.columnsOf(schema));
        return new FindingContext(d, false, 15, schema, a,
                new ExplainRunner.RawPlan(plan, null, executionMs, Map.of(), "test"), null, analyzed, sql);
    }

    private static List<Finding> findings(FindingContext ctx, Map<String, String> skipped) {
        return PlanFindings.of(ctx, skipped);
    }

    private static Finding only(List<Finding> all, String id) {
        List<Finding> hits = all.stream().filter(f -> f.id().equals(id)).toList();
        assertThat(hits).as(id).hasSize(1);
        return hits.get(0);
    }

    private static Table users(Index... indexes) {
        return new Table(null, "users", 200_000, -1,
                List.of(Column.of("id", "bigint", false, null), Column.of("email", "text", false, null),
                        Column.of("created_at", "timestamp", false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(indexes), null);
    }

    private static Finding seqScanFix(DialectKind d, Table t, String sql) {
        return only(findings(ctx(d, schema(d, t), sql, scan("Seq Scan", "full-scan", t.name(), 5.0, null, null, "(x)"),
                false, null), new LinkedHashMap<>()), "seq-scan-large-table");
    }

    @Test
    void aDateFunctionFilterGetsTheRangeRewriteAndTheBareColumnIndex() {
        Finding f = seqScanFix(DialectKind.POSTGRES, users(), "SELECT id FROM users WHERE date(created_at) = '2025-03-01'");
        assertThat(f.fix()).contains("created_at >= '2025-03-01' AND created_at < '2025-03-02'")
                .contains("CREATE INDEX CONCURRENTLY idx_users_created_at ON users (created_at);");
        assertThat(f.evidence().get("shape")).isEqualTo("date-function");
    }

    @Test
    void aLowerFilterGetsAnExpressionIndexEvenWhenTheColumnIsIndexed() {
        Index byEmail = new Index("ix_email", List.of("email"), false, false, "btree", null, List.of(), -1);
        Finding f = seqScanFix(DialectKind.POSTGRES, users(byEmail), "SELECT id FROM users WHERE lower(email) = 'a@b.c'");
        assertThat(f.fix()).isEqualTo("CREATE INDEX CONCURRENTLY idx_users_lower_email ON users ((lower(email)));");
        Finding sqlite = seqScanFix(DialectKind.SQLITE, users(), "SELECT id FROM users WHERE lower(email) = 'a@b.c'");
        assertThat(sqlite.fix()).isEqualTo("CREATE INDEX idx_users_lower_email ON users (lower(email));");
    }

    @Test
    void anOrAcrossColumnsGetsOneIndexPerBranch() {
        Finding f = seqScanFix(DialectKind.POSTGRES, orders(50_000),
                "SELECT id FROM orders WHERE customer_id = 42 OR status = 'failed'");
        assertThat(f.fix()).contains("CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);")
                .contains("CREATE INDEX CONCURRENTLY idx_orders_status ON orders (status);")
                .doesNotContain("(customer_id, status)");
    }

    @Test
    void aFilteredFullScanOfALargeTableOffersTheIndexOnTheFilterColumn() {
        Schema s = schema(DialectKind.POSTGRES, orders(50_000));
        String sql = "SELECT id FROM orders WHERE customer_id = 42";
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, sql,
                scan("Seq Scan", "full-scan", "orders", 5.0, null, null, "(customer_id = 42)"), false, null),
                new LinkedHashMap<>()), "seq-scan-large-table");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.subject()).isEqualTo("orders");
        assertThat(f.fix()).isEqualTo("CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);");
        assertThat(f.evidence()).containsEntry("rows", 50_000L).containsEntry("filterColumns", List.of("customer_id"));
    }

    @Test
    void aFullScanOfAMillionRowsIsCritical() {
        Schema s = schema(DialectKind.POSTGRES, orders(2_000_000));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders WHERE status = 'new'",
                scan("Seq Scan", "full-scan", "orders", 5.0, null, null, null), false, null),
                new LinkedHashMap<>()), "seq-scan-large-table");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void onMysqlTheIndexIsAddedOnline() {
        Schema s = schema(DialectKind.MYSQL, orders(50_000));
        Finding f = only(findings(ctx(DialectKind.MYSQL, s, "SELECT id FROM orders WHERE customer_id = 42",
                scan("Full Table Scan", "full-scan", "orders", 50_000.0, null, null, null), false, null),
                new LinkedHashMap<>()), "seq-scan-large-table");
        assertThat(f.fix()).isEqualTo("ALTER TABLE orders ADD INDEX idx_orders_customer_id (customer_id), "
                + "ALGORITHM=INPLACE, LOCK=NONE;");
    }

    @Test
    void aScanDespiteAnIndexOnTheFilterColumnAsksForFreshStatistics() {
        Index existing = new Index("idx_orders_customer", List.of("customer_id"), false, false, "btree", null,
                List.of(), -1);
        Schema s = schema(DialectKind.POSTGRES, orders(50_000, existing));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders WHERE customer_id = 42",
                scan("Seq Scan", "full-scan", "orders", 5.0, null, null, null), false, null),
                new LinkedHashMap<>()), "seq-scan-large-table");
        assertThat(f.fix()).isEqualTo("ANALYZE orders;");
        assertThat(f.evidence()).containsEntry("existingIndex", "idx_orders_customer");
    }

    @Test
    void aFullScanOfASmallTableIsNoFinding() {
        Schema s = schema(DialectKind.POSTGRES, orders(10_000));
        List<Finding> all = findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders WHERE customer_id = 42",
                scan("Seq Scan", "full-scan", "orders", 5.0, null, null, null), false, null), new LinkedHashMap<>());
        assertThat(all).extracting(Finding::id).doesNotContain("seq-scan-large-table");
    }

    @Test
    void withoutAnalyzeTheRuntimeRulesAreSkippedWithTheReason() {
        Schema s = schema(DialectKind.POSTGRES, orders(100));
        Map<String, String> skipped = new LinkedHashMap<>();
        findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders",
                scan("Seq Scan", "full-scan", "orders", 100.0, null, null, null), false, null), skipped);
        assertThat(skipped.keySet()).containsExactly("row-estimate-off", "sort-spill", "nested-loop-many",
                "slow-query");
        assertThat(skipped.get("sort-spill")).startsWith("needs --analyze");
    }

    @Test
    void anEstimateFiveHundredTimesOffIsReportedWithItsFactor() {
        Schema s = schema(DialectKind.POSTGRES, orders(5_000));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders WHERE status = 'new'",
                scan("Seq Scan", "full-scan", "orders", 10.0, 5_000.0, 1L, null), true, 12.0),
                new LinkedHashMap<>()), "row-estimate-off");
        assertThat(f.subject()).isEqualTo("orders");
        assertThat(f.evidence()).containsEntry("factor", 500.0).containsEntry("estimatedRows", 10.0)
                .containsEntry("actualRows", 5_000.0);
        assertThat(f.fix()).isEqualTo("ANALYZE orders;");
    }

    @Test
    void sqliteSkipsTheEstimateRuleBecauseItPrintsNoEstimates() {
        Schema s = schema(DialectKind.SQLITE, orders(5_000));
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Finding> all = findings(ctx(DialectKind.SQLITE, s, "SELECT id FROM orders",
                scan("SCAN orders", "full-scan", "orders", null, null, null, null), true, 3.0), skipped);
        assertThat(all).extracting(Finding::id).doesNotContain("row-estimate-off");
        assertThat(skipped).containsEntry("row-estimate-off", "SQLite prints no row estimates");
    }

    @Test
    void anInnerFullScanRunFiveThousandTimesGetsAnIndexOnTheJoinKey() {
        Schema s = schema(DialectKind.POSTGRES, customers(5_000), orders(5_000));
        String sql = "SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id";
        PlanNode plan = join("Nested Loop", scan("Seq Scan", "full-scan", "customers", 5_000.0, 5_000.0, 1L, null),
                scan("Seq Scan", "full-scan", "orders", 1.0, 1.0, 5_000L, "(customer_id = c.id)"));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, sql, plan, true, 40.0), new LinkedHashMap<>()),
                "nested-loop-many");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.subject()).isEqualTo("orders");
        assertThat(f.evidence()).containsEntry("loops", 5_000L).containsEntry("innerNode", "Seq Scan");
        assertThat(f.fix()).isEqualTo("CREATE INDEX CONCURRENTLY idx_orders_customer_id ON orders (customer_id);");
    }

    @Test
    void aSortWrittenToDiskSuggestsTwiceItsSpillAsWorkMem() {
        Schema s = schema(DialectKind.POSTGRES, orders(100));
        PlanNode sort = new PlanNode("Sort", "sort", null, null, null, 100.0, 100.0, 1L, null, null, null, null, null,
                Map.of("sortSpaceType", "Disk", "sortMethod", "external merge", "sortSpaceUsed", 10_240),
                List.of(scan("Seq Scan", "full-scan", "orders", 100.0, 100.0, 1L, null)));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders ORDER BY note", sort, true, 20.0),
                new LinkedHashMap<>()), "sort-spill");
        assertThat(f.evidence()).containsEntry("spillKb", 10_240L).containsEntry("suggestedWorkMemMb", 20L);
        assertThat(f.fix()).startsWith("SET work_mem = '20MB';");
    }

    @Test
    void anAnalysedRunOfOneAndAHalfSecondsIsACriticalSlowQuery() {
        Schema s = schema(DialectKind.POSTGRES, orders(100));
        Finding f = only(findings(ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders",
                scan("Seq Scan", "full-scan", "orders", 100.0, 100.0, 1L, null), true, 1_500.0),
                new LinkedHashMap<>()), "slow-query");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).containsEntry("p95Ms", 1_500.0);
    }

    @Test
    void aLeadingWildcardOnMysqlIsServedByAFullTextIndex() {
        Schema s = schema(DialectKind.MYSQL, orders(100));
        FindingContext c = ctx(DialectKind.MYSQL, s, "SELECT id FROM orders WHERE note LIKE '%gift%'",
                scan("Full Table Scan", "full-scan", "orders", 100.0, null, null, null), false, null);
        Finding f = only(QueryFindings.of(c, new LinkedHashMap<>()), "leading-wildcard-like");
        assertThat(f.subject()).isEqualTo("orders.note");
        assertThat(f.fix()).isEqualTo("ALTER TABLE orders ADD FULLTEXT INDEX idx_orders_note_ft (note);\n"
                + "-- then search words with: WHERE MATCH(note) AGAINST ('gift*' IN BOOLEAN MODE)");
    }

    @Test
    void aDecimalLiteralAgainstAnIntegerColumnIsAnImplicitCastOnPostgres() {
        Schema s = schema(DialectKind.POSTGRES, orders(100));
        FindingContext c = ctx(DialectKind.POSTGRES, s, "SELECT id FROM orders WHERE customer_id = 42.0",
                scan("Seq Scan", "full-scan", "orders", 1.0, null, null, null), false, null);
        Finding f = only(QueryFindings.of(c, new LinkedHashMap<>()), "implicit-cast");
        assertThat(f.subject()).isEqualTo("orders.customer_id");
    }

    @Test
    void mysqlComparesAnIntegerColumnWithADecimalLiteralWithoutACast() {
        Schema s = schema(DialectKind.MYSQL, orders(100));
        FindingContext c = ctx(DialectKind.MYSQL, s, "SELECT id FROM orders WHERE customer_id = 42.0",
                scan("Full Table Scan", "full-scan", "orders", 1.0, null, null, null), false, null);
        assertThat(QueryFindings.of(c, new LinkedHashMap<>())).extracting(Finding::id).doesNotContain("implicit-cast");
    }
}

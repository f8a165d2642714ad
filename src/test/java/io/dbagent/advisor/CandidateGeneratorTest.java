package io.dbagent.advisor;

import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Candidates from the full statement analysis: expression indexes, join keys on both sides, subqueries, prefixes. */
class CandidateGeneratorTest {

    private static Table customers(String createdAtType, Index... indexes) {
        return new Table(null, "customers", 100_000, -1,
                List.of(Column.of("id", "integer", false, null), Column.of("email", "text", false, null),
                        Column.of("data", "jsonb", true, null), Column.of("created_at", createdAtType, false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(indexes), null);
    }

    private static Table orders() {
        return new Table(null, "orders", 1_000_000, -1,
                List.of(Column.of("id", "integer", false, null), Column.of("customer_id", "integer", false, null),
                        Column.of("status", "text", false, null), Column.of("total", "numeric", false, null)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(), null);
    }

    private static Table part() {
        return new Table(null, "part", 200_000, -1,
                List.of(Column.of("p_partkey", "integer", false, null), Column.of("p_name", "text", false, null),
                        Column.of("p_brand", "text", false, null)),
                List.of("p_partkey"), null, List.of(), List.of(), List.of(), List.of(), null);
    }

    private static Table lineitem() {
        return new Table(null, "lineitem", 6_000_000, -1,
                List.of(Column.of("l_orderkey", "integer", false, null), Column.of("l_linenumber", "integer", false, null),
                        Column.of("l_partkey", "integer", false, null), Column.of("l_quantity", "numeric", false, null)),
                List.of("l_orderkey", "l_linenumber"), null, List.of(), List.of(), List.of(), List.of(), null);
    }

    private record Generated(List<String> keys, List<String> notes) {
    }

    private static Generated generate(DialectKind d, String sql, Table... tables) {
        Schema s = new Schema(d.id(), null, null, "shop", List.of(), List.of(tables), List.of(), List.of(), List.of(),
                List.of());
        SqlAnalysis a = SqlAnalysis.of(sql, ExplainService.columnsOf(s));
        CandidateGenerator g = new CandidateGenerator(d, s, 3, null);
        List<String> keys = g.generate(List.of(new Workload.Statement("q1", 1, sql, 1)), Map.of("q1", a)).stream()
                .map(Candidate::key).toList();
        return new Generated(keys, g.notes());
    }

    private static final String ORDER_LOOKUP = "SELECT o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id "
            + "WHERE lower(c.email) = 'ann@example.com'";

    @Test
    void expressionIndexAndJoinKeyOnPostgres() {
        Generated g = generate(DialectKind.POSTGRES, ORDER_LOOKUP, customers("timestamp"), orders());
        assertThat(g.keys()).contains("customers(lower(email))", "orders(customer_id)")
                .doesNotContain("customers(id)", "customers(email)", "orders(id)");
        assertThat(g.notes()).isEmpty();
    }

    @Test
    void expressionIndexAndJoinKeyOnSqliteWithoutTheRowid() {
        Generated g = generate(DialectKind.SQLITE, ORDER_LOOKUP, customers("text"), orders());
        assertThat(g.keys()).contains("customers(lower(email))", "orders(customer_id)")
                .noneMatch(k -> k.startsWith("customers(id") || k.startsWith("orders(id"));
    }

    @Test
    void noExpressionCandidateOnMysqlFamilyButANote() {
        Generated g = generate(DialectKind.MYSQL, ORDER_LOOKUP, customers("datetime"), orders());
        assertThat(g.keys()).contains("orders(customer_id)").noneMatch(k -> k.contains("lower"));
        assertThat(g.notes()).singleElement().asString().contains("lower(email)", "customers", "MariaDB",
                "generated column");
    }

    @Test
    void anExistingExpressionIndexIsNotProposedAgain() {
        Generated g = generate(DialectKind.POSTGRES, ORDER_LOOKUP,
                customers("timestamp", new Index("ix_lower", List.of("lower((email)::text)"), false, false, "btree",
                        null, List.of(), -1)), orders());
        assertThat(g.keys()).doesNotContain("customers(lower(email))").contains("orders(customer_id)");
    }

    @Test
    void castsAndTimeFunctionsOnlyWhereImmutable() {
        String sql = "SELECT id FROM customers WHERE created_at::date = '2025-03-01' AND data->>'plan' = 'pro'";
        Generated plain = generate(DialectKind.POSTGRES, sql, customers("timestamp without time zone"));
        assertThat(plain.keys()).contains("customers((created_at::date))", "customers((data->>'plan'))");
        Generated zoned = generate(DialectKind.POSTGRES, sql, customers("timestamp with time zone"));
        assertThat(zoned.keys()).contains("customers((data->>'plan'))").noneMatch(k -> k.contains("created_at"));
    }

    @Test
    void correlatedSubqueryOverTheFactTableGivesItsJoinKey() {
        String sql = "SELECT p.p_name FROM part p WHERE p.p_brand = 'B#1' AND p.p_partkey IN (SELECT l.l_partkey "
                + "FROM lineitem l WHERE l.l_partkey = p.p_partkey GROUP BY l.l_partkey HAVING sum(l.l_quantity) > 30)";
        Generated g = generate(DialectKind.POSTGRES, sql, part(), lineitem());
        assertThat(g.keys()).contains("lineitem(l_partkey)", "part(p_brand)");
    }

    @Test
    void groupByInASubqueryAndPrimaryKeyPrefixes() {
        String sql = "SELECT count(*) FROM orders WHERE id IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey "
                + "HAVING sum(l_quantity) > 300)";
        Generated g = generate(DialectKind.POSTGRES, sql, orders(), lineitem());
        // l_orderkey leads lineitem's primary key: nothing to add there; orders.id is orders' primary key
        assertThat(g.keys()).noneMatch(k -> k.startsWith("lineitem(l_orderkey)") || k.startsWith("orders(id)"));
    }

    @Test
    void equalityColumnsFirstRangeLast() {
        String sql = "SELECT id FROM orders WHERE total > 100 AND status = 'open' AND customer_id = 7";
        Generated g = generate(DialectKind.POSTGRES, sql, orders());
        assertThat(g.keys()).contains("orders(status,customer_id,total)")
                .doesNotContain("orders(total,status,customer_id)");
    }

    @Test
    void windowAndNestedGroupColumns() {
        String sql = "SELECT * FROM (SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY total DESC) r "
                + "FROM orders WHERE status = 'paid') t WHERE r = 1";
        Generated g = generate(DialectKind.POSTGRES, sql, orders());
        assertThat(g.keys()).contains("orders(customer_id,total)", "orders(status,customer_id,total)");
    }

    @Test
    void aPrefixCandidateIsDroppedWhenTheLongerOneServesTheSameStatements() {
        List<Candidate> cands = List.of(new Candidate(null, "orders", List.of("customer_id"), null, null),
                new Candidate(null, "orders", List.of("customer_id", "status"), null, null),
                new Candidate(null, "orders", List.of("total"), null, null));
        // q0 is served by both customer_id indexes nearly equally; q1 only by total
        double[][] benefit = {{90, 92, 0}, {0, 0, 50}};
        CostModel m = new CostModel(new double[] {1, 1}, new double[] {100, 100}, new long[] {10, 20, 10},
                new int[] {0, 0, 0}, benefit, new double[] {0, 0, 0});
        BitSet all = new BitSet();
        all.set(0, 3);
        assertThat(PrefixPairs.prune(all, cands, m).stream().boxed().toList()).containsExactly(1, 2);
        // the prefix serves a statement the longer one does not: both stay
        double[][] apart = {{90, 92, 0}, {40, 0, 0}};
        CostModel m2 = new CostModel(new double[] {1, 1}, new double[] {100, 100}, new long[] {10, 20, 10},
                new int[] {0, 0, 0}, apart, new double[] {0, 0, 0});
        assertThat(PrefixPairs.prune(all, cands, m2).stream().boxed().toList()).containsExactly(0, 1, 2);
    }
}

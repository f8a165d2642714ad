package io.dbagent.sql;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SqlAnalysisTest {

    private static final Map<String, Set<String>> COLS = Map.of(
            "orders", Set.of("id", "user_id", "status", "total", "created_at"),
            "users", Set.of("id", "email", "country"));

    private static SqlAnalysis of(String sql) {
        return SqlAnalysis.of(sql, COLS::get);
    }

    @Test
    void predicatesJoinsAndOrderAreResolvedThroughAliases() {
        SqlAnalysis a = of("SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id "
                + "WHERE o.status = 'pending' AND total > 100 AND country IN ('DE', 'FR') ORDER BY o.created_at DESC LIMIT 10");
        assertThat(a.parsed()).isTrue();
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.SELECT);
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(a.predicates()).extracting(p -> p.table() + "." + p.column() + " " + p.op())
                .containsExactly("orders.status EQ", "orders.total RANGE", "users.country IN");
        assertThat(a.joins()).containsExactly(new SqlAnalysis.JoinKey("users", "id", "orders", "user_id"));
        assertThat(a.orderBy()).containsExactly(new SqlAnalysis.ColumnRef("orders", "created_at", true));
        assertThat(a.limit()).isEqualTo(10);
        assertThat(a.selectStar()).isFalse();
    }

    @Test
    void shapesThatDeserveFindings() {
        SqlAnalysis a = of("SELECT * FROM users WHERE lower(email) = 'x' AND email LIKE '%@x.com' "
                + "AND id NOT IN (SELECT user_id FROM orders) OFFSET 500");
        assertThat(a.selectStar()).isTrue();
        assertThat(a.offset()).isEqualTo(500);
        assertThat(a.predicates()).anySatisfy(p -> {
            assertThat(p.function()).isEqualTo("lower");
            assertThat(p.expression()).isEqualTo("lower(email)");
            assertThat(p.sargable()).isFalse();
        });
        assertThat(a.predicates()).anySatisfy(p -> {
            assertThat(p.op()).isEqualTo(SqlAnalysis.Op.LIKE);
            assertThat(p.value()).isEqualTo("%@x.com");
        });
        assertThat(a.notInSubqueries()).singleElement()
                .satisfies(s -> assertThat(s.innerColumn()).isEqualTo("user_id"));
        SqlAnalysis c = of("SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u");
        assertThat(c.correlatedSubqueries()).singleElement().satisfies(s -> {
            assertThat(s.outerColumn()).isEqualTo("id");
            assertThat(s.innerTable()).isEqualTo("orders");
            assertThat(s.innerColumn()).isEqualTo("user_id");
        });
    }

    @Test
    void parametersDmlAndUnparseableStatements() {
        SqlAnalysis a = of("UPDATE orders SET total = 0 WHERE user_id = $1 AND status = ?");
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.UPDATE);
        assertThat(a.predicates()).extracting(SqlAnalysis.Predicate::valueKind)
                .containsOnly(SqlAnalysis.ValueKind.PARAM);
        assertThat(a.predicates().get(0).value()).isEqualTo("$1");
        SqlAnalysis bad = of("SELECT FROM WHERE");
        assertThat(bad.parsed()).isFalse();
        assertThat(bad.kind()).isEqualTo(SqlAnalysis.Kind.SELECT);
        assertThat(SqlAnalysis.kindOf("  -- x\n DELETE FROM t")).isEqualTo(SqlAnalysis.Kind.DELETE);
        assertThat(SqlAnalysis.kindOf("CREATE TABLE t (a int)")).isEqualTo(SqlAnalysis.Kind.OTHER);
    }
}

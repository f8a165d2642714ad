package io.dbagent.sql;

import io.dbagent.sql.SqlAnalysis.ColumnRef;
import io.dbagent.sql.SqlAnalysis.JoinKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis over the whole statement tree: for each statement shape, the base tables, the predicate columns, the
 * join keys and the ORDER BY / GROUP BY / window columns it must extract.
 */
class SqlAnalyzerShapesTest {

    private static final Map<String, Set<String>> COLS = Map.ofEntries(
            Map.entry("orders", Set.of("id", "user_id", "customer_id", "status", "total", "created_at")),
            Map.entry("users", Set.of("id", "email", "country", "name", "data", "created_at")),
            Map.entry("customers", Set.of("id", "email", "name", "region")),
            Map.entry("events", Set.of("id", "user_id", "kind", "at", "payload")),
            Map.entry("employees", Set.of("id", "manager_id", "name", "dept")),
            Map.entry("lineitem", Set.of("l_orderkey", "l_partkey", "l_suppkey", "l_quantity", "l_extendedprice",
                    "l_shipdate")),
            Map.entry("part", Set.of("p_partkey", "p_brand", "p_container", "p_name")),
            Map.entry("supplier", Set.of("s_suppkey", "s_name", "s_nationkey")),
            Map.entry("nation", Set.of("n_nationkey", "n_name", "n_regionkey")),
            Map.entry("region", Set.of("r_regionkey", "r_name")),
            Map.entry("customer", Set.of("c_custkey", "c_nationkey", "c_mktsegment")),
            Map.entry("torders", Set.of("o_orderkey", "o_custkey", "o_orderdate", "o_orderpriority")));

    private static SqlAnalysis of(String sql) {
        SqlAnalysis a = SqlAnalysis.of(sql, COLS::get);
        assertThat(a.parsed()).as(a.parseError()).isTrue();
        return a;
    }

    /** {@code table.column OP} of every predicate on a resolved table. */
    private static List<String> preds(SqlAnalysis a) {
        return a.predicates().stream().filter(p -> p.table() != null)
                .map(p -> p.table() + "." + p.column() + " " + p.op()).toList();
    }

    /** Join keys as {@code a.x=b.y} with the two sides in name order. */
    private static List<String> joins(SqlAnalysis a) {
        return a.joins().stream().map(SqlAnalyzerShapesTest::join).distinct().toList();
    }

    private static String join(JoinKey j) {
        String l = j.leftTable() + "." + j.leftColumn();
        String r = j.rightTable() + "." + j.rightColumn();
        return l.compareTo(r) <= 0 ? l + "=" + r : r + "=" + l;
    }

    private static List<String> cols(List<ColumnRef> refs) {
        return refs.stream().map(r -> r.table() + "." + r.column() + (r.desc() ? " desc" : "")).toList();
    }

    // ------------------------------------------------------------------ plain shapes

    @Test
    void plainFilterSortAndLimit() {
        SqlAnalysis a = of("SELECT id, total FROM orders WHERE status = 'paid' AND created_at >= '2025-01-01' "
                + "ORDER BY created_at DESC LIMIT 20");
        assertThat(a.tableNames()).containsExactly("orders");
        assertThat(preds(a)).containsExactly("orders.status EQ", "orders.created_at RANGE");
        assertThat(cols(a.orderBy())).containsExactly("orders.created_at desc");
        assertThat(a.limit()).isEqualTo(20);
    }

    @Test
    void twoTableJoinThroughAliases() {
        SqlAnalysis a = of("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.country = 'DE'");
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(preds(a)).containsExactly("users.country EQ");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
    }

    @Test
    void joinUsingColumns() {
        SqlAnalysis a = of("SELECT o.id FROM orders o JOIN events e USING (user_id) WHERE e.kind = 'click'");
        assertThat(joins(a)).containsExactly("events.user_id=orders.user_id");
        assertThat(preds(a)).containsExactly("events.kind EQ");
    }

    @Test
    void fiveWayJoinWithFilters() {
        SqlAnalysis a = of("SELECT n.n_name, sum(l.l_extendedprice) FROM customer c "
                + "JOIN torders o ON o.o_custkey = c.c_custkey JOIN lineitem l ON l.l_orderkey = o.o_orderkey "
                + "JOIN supplier s ON s.s_suppkey = l.l_suppkey AND s.s_nationkey = c.c_nationkey "
                + "JOIN nation n ON n.n_nationkey = s.s_nationkey JOIN region r ON r.r_regionkey = n.n_regionkey "
                + "WHERE r.r_name = 'ASIA' AND o.o_orderdate >= DATE '1994-01-01' AND o.o_orderdate < DATE '1995-01-01' "
                + "GROUP BY n.n_name ORDER BY 2 DESC");
        assertThat(a.tableNames()).containsExactly("customer", "torders", "lineitem", "supplier", "nation", "region");
        assertThat(joins(a)).containsExactlyInAnyOrder("customer.c_custkey=torders.o_custkey",
                "lineitem.l_orderkey=torders.o_orderkey", "lineitem.l_suppkey=supplier.s_suppkey",
                "customer.c_nationkey=supplier.s_nationkey", "nation.n_nationkey=supplier.s_nationkey",
                "nation.n_regionkey=region.r_regionkey");
        assertThat(preds(a)).containsExactlyInAnyOrder("region.r_name EQ", "torders.o_orderdate RANGE",
                "torders.o_orderdate RANGE");
        assertThat(cols(a.groupBy())).containsExactly("nation.n_name");
    }

    @Test
    void commaJoinInWhere() {
        SqlAnalysis a = of("SELECT p_name FROM part, partsupp_missing ps, supplier WHERE p_partkey = ps.ps_partkey "
                + "AND s_suppkey = ps.ps_suppkey AND p_brand = 'Brand#12'");
        assertThat(a.tableNames()).containsExactly("part", "partsupp_missing", "supplier");
        assertThat(joins(a)).containsExactlyInAnyOrder("part.p_partkey=partsupp_missing.ps_partkey",
                "partsupp_missing.ps_suppkey=supplier.s_suppkey");
        assertThat(preds(a)).containsExactly("part.p_brand EQ");
    }

    @Test
    void parenthesisedJoinInFrom() {
        SqlAnalysis a = of("SELECT o.id FROM (orders o JOIN users u ON u.id = o.user_id) WHERE u.country = 'FR'");
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("users.country EQ");
    }

    @Test
    void quotedIdentifiers() {
        SqlAnalysis a = of("SELECT \"o\".\"id\" FROM \"orders\" \"o\" WHERE \"o\".\"status\" = 'x' ORDER BY \"o\".\"total\"");
        assertThat(a.tableNames()).containsExactly("orders");
        assertThat(preds(a)).containsExactly("orders.status EQ");
        assertThat(cols(a.orderBy())).containsExactly("orders.total");
    }

    // ------------------------------------------------------------------ subqueries in WHERE

    @Test
    void uncorrelatedInSubquery() {
        SqlAnalysis a = of("SELECT id FROM users WHERE id IN (SELECT user_id FROM orders WHERE status = 'paid' "
                + "AND total BETWEEN 10 AND 20)");
        assertThat(a.tableNames()).containsExactly("users", "orders");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.id IN", "orders.status EQ", "orders.total RANGE");
        assertThat(a.joins()).isEmpty();
    }

    @Test
    void notInSubqueryIsRecordedAndWalked() {
        SqlAnalysis a = of("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM orders WHERE total > 500)");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.id IN", "orders.total RANGE");
        assertThat(a.notInSubqueries()).singleElement().satisfies(s -> {
            assertThat(s.innerTable()).isEqualTo("orders");
            assertThat(s.innerColumn()).isEqualTo("user_id");
            assertThat(s.outerTable()).isEqualTo("users");
        });
    }

    @Test
    void correlatedExists() {
        SqlAnalysis a = of("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id "
                + "AND o.status = 'open')");
        assertThat(a.tableNames()).containsExactly("users", "orders");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    @Test
    void correlatedNotExistsWithUnqualifiedInnerColumn() {
        SqlAnalysis a = of("SELECT u.email FROM users u WHERE NOT EXISTS (SELECT 1 FROM events WHERE user_id = u.id "
                + "AND kind = 'login')");
        assertThat(joins(a)).containsExactly("events.user_id=users.id");
        assertThat(preds(a)).containsExactly("events.kind EQ");
    }

    @Test
    void unqualifiedReferenceTheInnerTableLacksResolvesOutward() {
        SqlAnalysis a = of("SELECT id FROM users WHERE EXISTS (SELECT 1 FROM events WHERE events.user_id = users.id "
                + "AND country = 'DE')");
        assertThat(preds(a)).containsExactly("users.country EQ");
        assertThat(joins(a)).containsExactly("events.user_id=users.id");
    }

    @Test
    void innerAliasShadowsTheOuterOne() {
        SqlAnalysis a = of("SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM events o WHERE o.kind = 'x')");
        assertThat(preds(a)).containsExactly("events.kind EQ");
    }

    @Test
    void scalarSubqueryComparedInWhereIsCorrelatedJoin() {
        SqlAnalysis a = of("SELECT o.id FROM orders o WHERE o.total > (SELECT avg(o2.total) FROM orders o2 "
                + "WHERE o2.user_id = o.user_id)");
        assertThat(preds(a)).containsExactly("orders.total RANGE");
        assertThat(joins(a)).containsExactly("orders.user_id=orders.user_id");
        assertThat(a.correlatedSubqueries()).singleElement()
                .satisfies(s -> assertThat(s.innerTable()).isEqualTo("orders"));
    }

    @Test
    void correlatedSubqueryUnderArithmeticOnTheFactTable() {
        SqlAnalysis a = of("SELECT sum(l.l_extendedprice) / 7.0 FROM lineitem l, part p WHERE p.p_partkey = l.l_partkey "
                + "AND p.p_brand = 'Brand#23' AND p.p_container = 'MED BOX' AND l.l_quantity < "
                + "(SELECT 0.2 * avg(l2.l_quantity) FROM lineitem l2 WHERE l2.l_partkey = p.p_partkey)");
        assertThat(a.tableNames()).containsExactly("lineitem", "part");
        assertThat(joins(a)).containsExactly("lineitem.l_partkey=part.p_partkey");
        assertThat(preds(a)).containsExactlyInAnyOrder("part.p_brand EQ", "part.p_container EQ", "lineitem.l_quantity RANGE");
        assertThat(a.tables()).filteredOn(t -> t.name().equals("lineitem")).hasSize(2);
    }

    @Test
    void correlatedInSubqueryWithAggregateOverTheFactTable() {
        SqlAnalysis a = of("SELECT p.p_name FROM part p WHERE p.p_partkey IN (SELECT l.l_partkey FROM lineitem l "
                + "WHERE l.l_partkey = p.p_partkey AND l.l_shipdate >= '1995-01-01' GROUP BY l.l_partkey "
                + "HAVING sum(l.l_quantity) > 100)");
        assertThat(joins(a)).containsExactly("lineitem.l_partkey=part.p_partkey");
        assertThat(preds(a)).containsExactlyInAnyOrder("part.p_partkey IN", "lineitem.l_shipdate RANGE");
        assertThat(cols(a.nestedGroupBy())).containsExactly("lineitem.l_partkey");
        assertThat(a.groupBy()).isEmpty();
    }

    @Test
    void largeVolumeCustomerShape() {
        SqlAnalysis a = of("SELECT o.o_orderkey, sum(l.l_quantity) FROM torders o JOIN lineitem l ON l.l_orderkey = o.o_orderkey "
                + "WHERE o.o_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 300) "
                + "GROUP BY o.o_orderkey ORDER BY o.o_orderkey LIMIT 100");
        assertThat(preds(a)).containsExactly("torders.o_orderkey IN");
        assertThat(joins(a)).containsExactly("lineitem.l_orderkey=torders.o_orderkey");
        assertThat(cols(a.nestedGroupBy())).containsExactly("lineitem.l_orderkey");
        assertThat(cols(a.groupBy())).containsExactly("torders.o_orderkey");
        assertThat(cols(a.orderBy())).containsExactly("torders.o_orderkey");
    }

    @Test
    void threeLevelsDeepReferenceToTheOutermostAlias() {
        SqlAnalysis a = of("SELECT s.s_name FROM supplier s WHERE s.s_suppkey IN (SELECT l.l_suppkey FROM lineitem l "
                + "WHERE l.l_partkey IN (SELECT p.p_partkey FROM part p WHERE p.p_name LIKE 'forest%' "
                + "AND p.p_partkey > s.s_nationkey))");
        assertThat(a.tableNames()).containsExactly("supplier", "lineitem", "part");
        assertThat(preds(a)).containsExactlyInAnyOrder("supplier.s_suppkey IN", "lineitem.l_partkey IN",
                "part.p_name LIKE");
    }

    @Test
    void subqueryInsideCaseInsideWhere() {
        SqlAnalysis a = of("SELECT u.id FROM users u WHERE CASE WHEN EXISTS (SELECT 1 FROM events e "
                + "WHERE e.user_id = u.id AND e.kind = 'buy') THEN 1 ELSE 0 END = 1");
        assertThat(a.tableNames()).containsExactly("users", "events");
        assertThat(joins(a)).containsExactly("events.user_id=users.id");
        assertThat(preds(a)).containsExactly("events.kind EQ");
    }

    @Test
    void subqueryInHaving() {
        SqlAnalysis a = of("SELECT user_id FROM orders GROUP BY user_id HAVING sum(total) > "
                + "(SELECT avg(total) FROM orders WHERE status = 'paid')");
        assertThat(preds(a)).containsExactly("orders.status EQ");
        assertThat(cols(a.groupBy())).containsExactly("orders.user_id");
        assertThat(a.hasAggregate()).isTrue();
    }

    @Test
    void anyAndOrAcrossSubqueries() {
        SqlAnalysis a = of("SELECT id FROM users WHERE country = 'DE' OR id IN (SELECT user_id FROM events "
                + "WHERE kind = 'vip')");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.country EQ", "users.id IN", "events.kind EQ");
    }

    // ------------------------------------------------------------------ subqueries in the SELECT list

    @Test
    void correlatedScalarSubqueryInSelectList() {
        SqlAnalysis a = of("SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND o.status = 'x') "
                + "FROM users u WHERE u.country = 'NL'");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.country EQ", "orders.status EQ");
        assertThat(a.correlatedSubqueries()).singleElement().satisfies(s -> {
            assertThat(s.innerTable()).isEqualTo("orders");
            assertThat(s.innerColumn()).isEqualTo("user_id");
            assertThat(s.outerColumn()).isEqualTo("id");
        });
    }

    @Test
    void scalarSubqueryWrappedInAFunction() {
        SqlAnalysis a = of("SELECT u.id, coalesce((SELECT max(o.total) FROM orders o WHERE o.user_id = u.id), 0) AS m "
                + "FROM users u");
        assertThat(a.tableNames()).containsExactly("users", "orders");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(a.correlatedSubqueries()).hasSize(1);
    }

    // ------------------------------------------------------------------ derived tables

    @Test
    void derivedTableColumnsResolveToTheirBaseColumns() {
        SqlAnalysis a = of("SELECT d.user_id, d.n FROM (SELECT user_id, count(*) AS n FROM orders WHERE status = 'paid' "
                + "GROUP BY user_id) d WHERE d.n > 5 ORDER BY d.user_id");
        assertThat(a.tableNames()).containsExactly("orders");
        assertThat(preds(a)).containsExactly("orders.status EQ");
        assertThat(cols(a.orderBy())).containsExactly("orders.user_id");
        assertThat(cols(a.nestedGroupBy())).containsExactly("orders.user_id");
    }

    @Test
    void derivedTableJoinedToABaseTable() {
        SqlAnalysis a = of("SELECT u.email FROM users u JOIN (SELECT user_id, sum(total) t FROM orders GROUP BY user_id) s "
                + "ON s.user_id = u.id WHERE u.country = 'DE'");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("users.country EQ");
    }

    @Test
    void derivedTableWithStarPassesColumnsThrough() {
        SqlAnalysis a = of("SELECT x.id FROM (SELECT * FROM orders WHERE total > 10) x WHERE x.status = 'new'");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.total RANGE", "orders.status EQ");
    }

    @Test
    void derivedTableWithColumnAliasList() {
        SqlAnalysis a = of("SELECT t.uid FROM (SELECT user_id, status FROM orders) AS t(uid, st) WHERE t.st = 'late'");
        assertThat(preds(a)).containsExactly("orders.status EQ");
        assertThat(cols(a.selectColumns())).containsExactly("orders.user_id");
    }

    @Test
    void notExistsOverADerivedTable() {
        SqlAnalysis a = of("SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM (SELECT customer_id FROM orders "
                + "WHERE status = 'late') lo WHERE lo.customer_id = c.id)");
        assertThat(a.tableNames()).containsExactly("customers", "orders");
        assertThat(joins(a)).containsExactly("customers.id=orders.customer_id");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    @Test
    void unionAllInsideADerivedTable() {
        SqlAnalysis a = of("SELECT x.user_id FROM (SELECT user_id FROM orders WHERE status = 'a' UNION ALL "
                + "SELECT user_id FROM events WHERE kind = 'b') x JOIN users u ON u.id = x.user_id");
        assertThat(a.tableNames()).containsExactly("orders", "events", "users");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.status EQ", "events.kind EQ");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
    }

    // ------------------------------------------------------------------ CTEs

    @Test
    void cteColumnsResolveToBaseColumnsAndTheCteIsNoTable() {
        SqlAnalysis a = of("WITH paid AS (SELECT user_id, total FROM orders WHERE status = 'paid') "
                + "SELECT u.email FROM users u JOIN paid p ON p.user_id = u.id WHERE p.total > 100");
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.status EQ", "orders.total RANGE");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
    }

    @Test
    void ctesReferringToEachOther() {
        SqlAnalysis a = of("WITH big AS (SELECT user_id, total FROM orders WHERE total > 1000), "
                + "vip AS (SELECT b.user_id FROM big b JOIN users u ON u.id = b.user_id WHERE u.country = 'CH') "
                + "SELECT count(*) FROM vip");
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.total RANGE", "users.country EQ");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
    }

    @Test
    void recursiveCteWalksBothBranches() {
        SqlAnalysis a = of("WITH RECURSIVE chain AS (SELECT id, manager_id FROM employees WHERE id = 7 UNION ALL "
                + "SELECT e.id, e.manager_id FROM employees e JOIN chain c ON e.id = c.manager_id) SELECT id FROM chain");
        assertThat(a.tables()).extracting(SqlAnalysis.TableRef::name).containsExactly("employees", "employees");
        assertThat(preds(a)).containsExactly("employees.id EQ");
        assertThat(joins(a)).containsExactly("employees.id=employees.manager_id");
    }

    @Test
    void recursiveCteWithColumnListAndNoBaseTable() {
        SqlAnalysis a = of("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t");
        assertThat(a.tables()).isEmpty();
        assertThat(preds(a)).isEmpty();
    }

    @Test
    void cteUsedInsideASubquery() {
        SqlAnalysis a = of("WITH recent AS (SELECT user_id FROM events WHERE at > '2025-01-01') "
                + "SELECT id FROM users WHERE id IN (SELECT user_id FROM recent)");
        assertThat(a.tableNames()).containsExactly("events", "users");
        assertThat(preds(a)).containsExactlyInAnyOrder("events.at RANGE", "users.id IN");
    }

    // ------------------------------------------------------------------ set operations

    @Test
    void unionBranchesAndTheirOrderBy() {
        SqlAnalysis a = of("SELECT id FROM users WHERE country = 'DE' UNION SELECT user_id FROM orders "
                + "WHERE status = 'x' ORDER BY 1 LIMIT 5");
        assertThat(a.tableNames()).containsExactly("users", "orders");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.country EQ", "orders.status EQ");
        assertThat(cols(a.orderBy())).containsExactly("users.id");
        assertThat(a.limit()).isEqualTo(5);
    }

    @Test
    void intersectBranches() {
        SqlAnalysis a = of("SELECT user_id FROM orders WHERE total > 10 INTERSECT SELECT user_id FROM events "
                + "WHERE kind = 'k'");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.total RANGE", "events.kind EQ");
    }

    @Test
    void exceptBranchesWithGroupBy() {
        SqlAnalysis a = of("SELECT user_id FROM orders GROUP BY user_id EXCEPT SELECT user_id FROM events "
                + "WHERE kind = 'refund' GROUP BY user_id");
        assertThat(preds(a)).containsExactly("events.kind EQ");
        assertThat(cols(a.nestedGroupBy())).containsExactly("orders.user_id", "events.user_id");
    }

    // ------------------------------------------------------------------ LATERAL

    @Test
    void commaLateralSeesTheEarlierFromItem() {
        SqlAnalysis a = of("SELECT u.id, r.total FROM users u, LATERAL (SELECT o.total FROM orders o "
                + "WHERE o.user_id = u.id ORDER BY o.created_at DESC LIMIT 3) r WHERE u.country = 'FR'");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("users.country EQ");
        assertThat(cols(a.selectColumns())).containsExactly("users.id", "orders.total");
    }

    @Test
    void joinLateralOnTrue() {
        SqlAnalysis a = of("SELECT c.id, x.n FROM customers c JOIN LATERAL (SELECT count(*) AS n FROM orders "
                + "WHERE customer_id = c.id AND status = 'open') x ON true");
        assertThat(joins(a)).containsExactly("customers.id=orders.customer_id");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    // ------------------------------------------------------------------ window functions

    @Test
    void windowPartitionAndOrderColumns() {
        SqlAnalysis a = of("SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC) "
                + "FROM orders WHERE status = 'x'");
        assertThat(cols(a.windowColumns())).containsExactly("orders.user_id", "orders.created_at desc");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    @Test
    void windowInsideADerivedTableForTopNPerGroup() {
        SqlAnalysis a = of("SELECT * FROM (SELECT e.id, e.user_id, rank() OVER (PARTITION BY e.user_id ORDER BY e.at) r "
                + "FROM events e WHERE e.kind = 'view') t WHERE t.r <= 3");
        assertThat(cols(a.windowColumns())).containsExactly("events.user_id", "events.at");
        assertThat(preds(a)).containsExactly("events.kind EQ");
        assertThat(a.selectStar()).isTrue();
    }

    // ------------------------------------------------------------------ expressions around columns

    @Test
    void lowerAroundAColumn() {
        SqlAnalysis a = of("SELECT id FROM users WHERE lower(email) = 'a@b.c'");
        assertThat(a.expressionPredicates()).singleElement().satisfies(p -> {
            assertThat(p.table()).isEqualTo("users");
            assertThat(p.column()).isEqualTo("email");
            assertThat(p.function()).isEqualTo("lower");
            assertThat(p.expression()).isEqualTo("lower(email)");
            assertThat(p.sargable()).isFalse();
        });
    }

    @Test
    void dateTruncAndCastAroundColumns() {
        SqlAnalysis a = of("SELECT id FROM orders o WHERE date_trunc('day', o.created_at) = '2025-03-01' "
                + "AND o.total::int = 5");
        assertThat(a.expressionPredicates()).extracting(p -> p.table() + "." + p.column() + " " + p.function())
                .containsExactly("orders.created_at date_trunc", "orders.total ::int");
    }

    @Test
    void jsonOperatorAroundAColumn() {
        SqlAnalysis a = of("SELECT id FROM users WHERE data->>'plan' = 'pro'");
        assertThat(a.expressionPredicates()).singleElement().satisfies(p -> {
            assertThat(p.column()).isEqualTo("data");
            assertThat(p.function()).isEqualTo("->>");
            assertThat(p.expression()).isEqualTo("data->>'plan'");
        });
    }

    @Test
    void expressionPredicateInsideACorrelatedSubquery() {
        SqlAnalysis a = of("SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM customers c "
                + "WHERE c.id = o.customer_id AND lower(c.email) = 'x@y.z')");
        assertThat(a.expressionPredicates()).extracting(p -> p.table() + "." + p.expression())
                .containsExactly("customers.lower(c.email)");
        assertThat(joins(a)).containsExactly("customers.id=orders.customer_id");
    }

    // ------------------------------------------------------------------ ORDER BY / GROUP BY forms

    @Test
    void groupByOrdinalAndOrderBySelectAlias() {
        SqlAnalysis a = of("SELECT status, created_at AS c, count(*) AS n FROM orders GROUP BY 1, 2 ORDER BY c DESC");
        assertThat(cols(a.groupBy())).containsExactly("orders.status", "orders.created_at");
        assertThat(cols(a.orderBy())).containsExactly("orders.created_at desc");
    }

    @Test
    void orderByOfACteBackedQuery() {
        SqlAnalysis a = of("WITH x AS (SELECT id, created_at FROM orders WHERE status = 'p') "
                + "SELECT id FROM x ORDER BY created_at LIMIT 10");
        assertThat(cols(a.orderBy())).containsExactly("orders.created_at");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    // ------------------------------------------------------------------ DML

    @Test
    void updateWithInSubquery() {
        SqlAnalysis a = of("UPDATE orders SET status = 'vip' WHERE user_id IN (SELECT id FROM users WHERE country = 'DE')");
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.UPDATE);
        assertThat(a.tableNames()).containsExactly("orders", "users");
        assertThat(preds(a)).containsExactlyInAnyOrder("orders.user_id IN", "users.country EQ");
    }

    @Test
    void updateSetFromCorrelatedScalarSubquery() {
        SqlAnalysis a = of("UPDATE users u SET name = (SELECT max(o.status) FROM orders o WHERE o.user_id = u.id) "
                + "WHERE u.country = 'IT'");
        assertThat(a.tableNames()).containsExactly("users", "orders");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("users.country EQ");
    }

    @Test
    void deleteWithCorrelatedExists() {
        SqlAnalysis a = of("DELETE FROM events WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = events.user_id "
                + "AND u.country = 'XX')");
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.DELETE);
        assertThat(joins(a)).containsExactly("events.user_id=users.id");
        assertThat(preds(a)).containsExactly("users.country EQ");
    }

    @Test
    void insertSelectWithJoin() {
        SqlAnalysis a = of("INSERT INTO events (user_id, kind) SELECT o.user_id, 'order' FROM orders o "
                + "JOIN users u ON u.id = o.user_id WHERE o.status = 'new'");
        assertThat(a.kind()).isEqualTo(SqlAnalysis.Kind.INSERT);
        assertThat(a.tableNames()).containsExactly("events", "orders", "users");
        assertThat(joins(a)).containsExactly("orders.user_id=users.id");
        assertThat(preds(a)).containsExactly("orders.status EQ");
    }

    // ------------------------------------------------------------------ without a catalog

    @Test
    void withoutCatalogUnqualifiedColumnsStayInTheirOwnBlock() {
        SqlAnalysis a = SqlAnalysis.of("SELECT id FROM users WHERE id IN (SELECT user_id FROM orders WHERE status = 'x')");
        assertThat(preds(a)).containsExactlyInAnyOrder("users.id IN", "orders.status EQ");
        SqlAnalysis b = SqlAnalysis.of("SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o "
                + "WHERE o.user_id = u.id)");
        assertThat(joins(b)).containsExactly("orders.user_id=users.id");
    }

    @Test
    void anySubqueryAndFetchFirst() {
        SqlAnalysis a = of("SELECT id FROM orders WHERE user_id = ANY (SELECT user_id FROM events WHERE kind = 'k') "
                + "ORDER BY id FETCH FIRST 3 ROWS ONLY");
        assertThat(a.tableNames()).containsExactly("orders", "events");
        assertThat(preds(a)).contains("events.kind EQ");
        assertThat(cols(a.orderBy())).containsExactly("orders.id");
    }

    @Test
    void betweenWithTwoParametersNamesBoth() {
        SqlAnalysis a = of("SELECT id FROM orders WHERE created_at BETWEEN $1 AND $2");
        assertThat(a.predicates()).extracting(p -> p.column() + " " + p.op() + " " + p.value())
                .containsExactly("created_at RANGE $1", "created_at RANGE $2");
    }

    @Test
    void orAcrossColumnsIsRecordedOnce() {
        SqlAnalysis a = of("SELECT id FROM orders WHERE customer_id = 42 OR status = 'failed' OR total > 5");
        assertThat(a.orColumns()).singleElement().satisfies(g -> assertThat(cols(g))
                .containsExactly("orders.customer_id", "orders.status", "orders.total"));
        assertThat(of("SELECT id FROM orders WHERE status = 'a' OR status = 'b'").orColumns()).isEmpty();
    }
}

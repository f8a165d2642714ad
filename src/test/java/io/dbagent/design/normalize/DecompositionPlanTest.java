package io.dbagent.design.normalize;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The migration {@code normalize --db --table} prints: SQL that runs and loses nothing. */
class DecompositionPlanTest {

    private static Table table(String name, String... cols) {
        List<Column> columns = java.util.Arrays.stream(cols).map(c -> Column.of(c, "int", true, null)).toList();
        return new Table("public", name, 10, 1, columns, List.of(), null, List.of(), List.of(), List.of(), List.of(),
                null);
    }

    private static NormalizationAnalyzer.Analysis analysis(Relation shell, Fd... fds) {
        return NormalizationAnalyzer.analysis(shell.withFds(List.of(fds)));
    }

    private static long bits(Relation r, String... names) {
        long b = 0;
        for (String n : names) {
            b |= 1L << r.index(n);
        }
        return b;
    }

    private static String script(DecompositionPlan p) {
        return String.join(";\n", p.ddl()) + ";\n" + String.join(";\n", p.migration()) + ";\n";
    }

    @Test
    void aConstantColumnIsNotExtractedIntoATableWithAnEmptyKey() {
        Table t = table("order_lines", "order_id", "product_id", "qty", "currency");
        Relation r = new Relation(t.name(), List.of("order_id", "product_id", "qty", "currency"), List.of());
        var a = analysis(r, new Fd(0, bits(r, "currency")),
                new Fd(bits(r, "order_id", "product_id"), bits(r, "qty")));
        for (DialectKind d : DialectKind.values()) {
            String sql = script(DecompositionPlan.of(d, t, a));
            assertThat(sql).as(d.id()).doesNotContainPattern("WHERE\\s*;").doesNotContain("()")
                    .contains("-- not extracted: currency has the same value in every row");
        }
    }

    @Test
    void movedColumnsAreCopiedAndNeverDropped() {
        Table t = table("orders_flat", "id", "customer_id", "customer_city", "total");
        Relation r = new Relation(t.name(), List.of("id", "customer_id", "customer_city", "total"), List.of());
        var a = analysis(r, new Fd(bits(r, "id"), bits(r, "customer_id", "total")),
                new Fd(bits(r, "customer_id"), bits(r, "customer_city")));
        for (DialectKind d : DialectKind.values()) {
            DecompositionPlan p = DecompositionPlan.of(d, t, a);
            String sql = script(p);
            assertThat(sql).as(d.id()).contains("INSERT INTO customers (customer_id, customer_city) SELECT DISTINCT")
                    .containsIgnoringCase("-- orders_flat.customer_city is copied to customers and left in place");
            assertThat(sql.toUpperCase(java.util.Locale.ROOT)).as(d.id()).doesNotContain("DROP COLUMN")
                    .doesNotContain("DROP TABLE");
            assertThat(sql).as(d.id()).contains("CHECK (ok = 1)", "(SELECT count(*) FROM customers) = (SELECT count(*)"
                    + " FROM (SELECT DISTINCT customer_id FROM orders_flat WHERE customer_id IS NOT NULL) k)");
        }
    }

    @Test
    void withAllowDestructiveTheMovedColumnsAreDroppedAfterTheChecksUnlessSomethingUsesThem() {
        Table plain = table("orders_flat", "id", "customer_id", "customer_city", "total");
        Table indexed = plain.withKeys(plain.primaryKey(), plain.uniques(), plain.checks(),
                List.of(new io.dbagent.schema.Index("orders_city_idx", List.of("customer_city"), false, false, null,
                        null, List.of(), -1)));
        Relation r = new Relation(plain.name(), List.of("id", "customer_id", "customer_city", "total"), List.of());
        var a = analysis(r, new Fd(bits(r, "id"), bits(r, "customer_id", "total")),
                new Fd(bits(r, "customer_id"), bits(r, "customer_city")));
        for (DialectKind d : DialectKind.values()) {
            String sql = script(DecompositionPlan.of(d, plain, a, true));
            assertThat(sql).as(d.id()).containsIgnoringCase("DROP COLUMN customer_city").doesNotContainIgnoringCase(
                    "DROP TABLE");
            assertThat(sql.indexOf("CHECK (ok = 1)")).as(d.id()).isPositive()
                    .isLessThan(sql.toUpperCase(java.util.Locale.ROOT).indexOf("DROP COLUMN"));
            String kept = script(DecompositionPlan.of(d, indexed, a, true));
            assertThat(kept).as(d.id()).doesNotContainIgnoringCase("DROP COLUMN")
                    .contains("stays: index orders_city_idx uses it");
        }
    }
}

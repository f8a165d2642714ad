package io.dbagent.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataLossTest {

    private static List<String> of(String sql) {
        return DataLoss.of(sql).stream().map(DataLoss.Effect::describe).toList();
    }

    @Test
    void statementsThatRemoveOrRewriteDataAreNamedWithTheirObject() {
        assertThat(of("DROP TABLE IF EXISTS public.orders CASCADE")).containsExactly("DROP TABLE orders (rows unknown)");
        assertThat(of("TRUNCATE TABLE \"Order Items\"")).containsExactly("TRUNCATE Order Items (rows unknown)");
        assertThat(of("truncate only t")).containsExactly("TRUNCATE t (rows unknown)");
        assertThat(of("-- clean\nDELETE FROM `shop`.`orders`")).containsExactly("DELETE FROM orders (rows unknown)");
        assertThat(DataLoss.of("DELETE FROM orders").get(0).whole()).isTrue();
        assertThat(DataLoss.of("DELETE FROM orders WHERE id < 10").get(0).whole()).isFalse();
        assertThat(DataLoss.of("UPDATE users SET note = 'where is it'").get(0).whole()).as("WHERE in a literal").isTrue();
        assertThat(of("ALTER TABLE orders DROP COLUMN note, ADD COLUMN x int"))
                .containsExactly("DROP COLUMN orders.note (rows unknown)");
        assertThat(of("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)"))
                .containsExactly("ALTER COLUMN TYPE orders.total (rows unknown)");
    }

    @Test
    void statementsThatKeepEveryRowHaveNoEffect() {
        assertThat(of("CREATE INDEX idx ON orders (user_id)")).isEmpty();
        assertThat(of("ALTER TABLE orders ADD COLUMN note text")).isEmpty();
        assertThat(of("INSERT INTO orders VALUES (1)")).isEmpty();
        assertThat(of("SELECT * FROM orders WHERE 1 = 0")).isEmpty();
        assertThat(of("DROP INDEX idx")).isEmpty();
    }

    @Test
    void rowsAreAddedFromTheEstimates() {
        var effects = DataLoss.withRows(DataLoss.of("DELETE FROM orders WHERE id = 1; "), n -> n.equals("orders") ? 60_000 : -1);
        assertThat(effects.get(0).describe()).isEqualTo("DELETE FROM orders (up to ~60,000 rows)");
        assertThat(DataLoss.withRows(DataLoss.of("DROP TABLE orders"), n -> 1234).get(0).describe())
                .isEqualTo("DROP TABLE orders (~1,234 rows)");
    }
}

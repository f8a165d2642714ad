package io.dbagent.demo;

import io.dbagent.demo.DemoService;
import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.NormalForm;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo hook on a small SQLite demo database: the designed shop's ERD and the normalised order lines. */
class DesignDemoIT {

    @Test
    void designsTheShopAndNormalisesTheOrderLines(@TempDir Path dir) {
        DemoService.Result demo = DemoService.run(dir, null, 3000, false, null);
        try (DbSession s = ConnectionFactory.open(DbUrlParser.parse(demo.target()))) {
            DesignDemo.Result r = DesignDemo.run(s, null);
            assertThat(r.erd()).startsWith("erDiagram").contains("orders ||--o{ order_items : \"order_id\"",
                    "products ||--o{ order_items : \"product_id\"");
            FdDiscovery.Result n = r.normalization();
            Set<String> fds = new HashSet<>();
            n.dependencies().forEach(f -> fds.add(String.join(",", f.lhs()) + "->" + f.rhs()));
            assertThat(fds).contains("order_id->user_id", "user_id->country", "product_id->category_id");
            assertThat(n.rowsRead()).isGreaterThan(2000);
            assertThat(n.analysis().normalForm()).isEqualTo(NormalForm.NF1);
            assertThat(n.analysis().candidateKeys()).contains(java.util.List.of("order_id", "product_id"));
            assertThat(n.analysis().decomposition3NF()).anySatisfy(c ->
                    assertThat(c.attributes()).containsExactly("category_id", "product_id"));
            String text = r.text();
            assertThat(text).contains("== design: the shop from the bundled spec design/shop.yaml for sqlite ==",
                    "erDiagram", "matview-candidate  order_details", "== normalisation: the order lines",
                    "order_id -> user_id", "normal form: 1NF", "3NF synthesis");
        }
    }
}

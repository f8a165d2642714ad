package io.dbagent.demo;

import io.dbagent.demo.DemoService;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.MigrationRunner;
import io.dbagent.migrate.TestResult;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo hook on a small demo shop database: generate, lint, round trip on a scratch copy, apply. */
class MigrationDemoIT {

    @TempDir
    Path tmp;

    @Test
    void sqliteShop() throws Exception {
        DemoService.Result demo = DemoService.run(tmp.resolve("shop"), null, 3000, false, null);
        DbUrl url = DbUrlParser.parse(demo.target());
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            MigrationDemo.Result r = MigrationDemo.run(s, tmp);
            check(r, s);
            assertThat(r.text()).contains("== migration ==", "add-column orders.shipped_at",
                    "create-index idx_orders_shipped_at", "== migration lint ==", "== round trip on a scratch copy ==",
                    "passed", "== applied ==", "applied in ");
        }
    }

    @Test
    void postgresShopInItsOwnSchema() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "migdemo");
        try {
            java.util.Set<Path> before = DemoDirs.now();
            DemoService.run(null, url, 3000, true, "dbagent_demo");
            // the server keeps the demo schema (keep); no scratch directory is made for it, none is left behind
            assertThat(DemoDirs.now()).isEqualTo(before);
            try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
                MigrationDemo.Result r = MigrationDemo.run(s, tmp);
                check(r, s);
                assertThat(r.lint().findings()).extracting(f -> f.id() + " " + f.severity().id())
                        .contains("create-index-blocking info");
                // the trigger functions are routines of the model now: the scratch copy keeps the triggers
                assertThat(r.notes()).noneMatch(n -> n.contains("leaves out"));
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static void check(MigrationDemo.Result r, DbSession s) {
        assertThat(r.up().getFileName().toString()).matches("V\\d{14}__add_order_shipping\\.sql");
        assertThat(r.down()).exists();
        assertThat(r.plan().changes()).extracting(c -> c.kind() + " " + c.subject().replace("dbagent_demo.", ""))
                .containsExactly("add-column orders.shipped_at", "create-index idx_orders_shipped_at");
        assertThat(r.test().failed()).as(r.text()).isFalse();
        assertThat(r.test().migrations()).extracting(TestResult.MigrationTest::outcome).containsExactly("ok");
        assertThat(r.applied().failed()).as(r.text()).isFalse();
        Schema after = Dialects.inspect(s);
        Table orders = after.tables().stream().filter(t -> t.name().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.column("shipped_at")).isPresent();
        assertThat(orders.index("idx_orders_shipped_at")).isPresent();
        assertThat(MigrationRunner.status(s, MigrationDirectory.read(r.up().getParent())))
                .extracting(e -> e.state().id()).containsExactly("applied");
    }
}

package io.dbagent.demo;

import io.dbagent.demo.DemoService;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo hook: the health report of a small demo database, as the demo will print it. */
class HealthDemoIT {

    private static List<String> ids(Report<Void> r) {
        return r.findings().stream().map(f -> f.id() + " " + f.subject()).toList();
    }

    @Test
    void sqliteDemoDatabase(@TempDir Path dir) {
        DemoService.Result demo = DemoService.run(dir, null, 3000, false, null);
        try (DbSession s = ConnectionFactory.open(DbUrlParser.parse(demo.target()))) {
            Report<Void> r = HealthDemo.report(s, demo.demoSchema());
            assertThat(ids(r)).contains("fk-without-index order_items(product_id)", "duplicate-index orders.idx_orders_user");
            assertThat(r.findings()).noneMatch(f -> f.id().equals("integrity-error") || f.id().equals("stats-stale"));
            assertThat(r.skipped()).containsKey("slow-query");
            String text = HealthDemo.text(r);
            assertThat(text).startsWith("health of sqlite:").contains("[WARN] duplicate-index  orders.idx_orders_user",
                    "skipped:", "metrics:", "database.integrityCheck: ok");
        }
    }

    @Test
    void postgresDemoSchemaOnly() {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "hdemo");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE public.mine (id int PRIMARY KEY, code text);
                    CREATE INDEX mine_code_a ON public.mine (code);
                    CREATE INDEX mine_code_b ON public.mine (code);
                    """);
            java.util.Set<Path> before = DemoDirs.now();
            DemoService.run(null, url, 3000, true, null);
            // the server keeps the demo schema (keep); no scratch directory is made for it, none is left behind
            assertThat(DemoDirs.now()).isEqualTo(before);
            try (DbSession s = ConnectionFactory.open(url)) {
                Report<Void> r = HealthDemo.report(s, DemoService.DEMO_SCHEMA);
                assertThat(ids(r)).contains("duplicate-index dbagent_demo.orders.idx_orders_user",
                        "fk-without-index dbagent_demo.order_items(product_id)");
                assertThat(r.findings()).extracting(Finding::subject).noneMatch(sub -> sub != null && sub.contains("mine"));
            }
        } finally {
            TestDatabases.drop(url);
        }
    }
}

package io.dbagent.demo;

import io.dbagent.dialect.Dialects;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthRenderer;
import io.dbagent.health.HealthService;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;

import java.util.List;

/**
 * The health part of {@code ./dbagent demo}: the report on the demo's shop database, limited to the demo's own
 * schema on PostgreSQL (the database may hold the user's schemas too).
 */
public final class HealthDemo {

    private HealthDemo() {
    }

    /**
     * @param session    an open session on the demo database (read-only is enough)
     * @param demoSchema PostgreSQL: the schema the demo created ({@code dbagent_demo}); ignored elsewhere
     */
    public static Report<Void> report(DbSession session, String demoSchema) {
        HealthOptions.Builder b = HealthOptions.builder();
        if (Dialects.of(session).namesBySchema() && demoSchema != null) {
            b.schemas(List.of(demoSchema));
        }
        return HealthService.check(session, b.build());
    }

    /** The report as the demo prints it: findings, skipped checks with their reasons, and the metrics. */
    public static String text(Report<Void> report) {
        return HealthRenderer.render(report, OutputFormat.TEXT);
    }
}

package io.dbagent.app;

import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthService;
import io.dbagent.health.bloat.BloatAnalyzer;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.health.bloat.BloatPayload;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Report;

import java.util.List;

/** Health use cases: the checks against the targets, and bloat. Read-only. */
public final class HealthUseCases {

    private final App.Collaborators with;

    HealthUseCases(App.Collaborators with) {
        this.with = with;
    }

    /**
     * Checks the application's database URL as {@code dbagent health} does: PgBouncer's pools when it names the
     * admin console, else the database itself.
     */
    public Report<Void> check(HealthOptions options) {
        return HealthService.check(with.requireUrl("health needs a database URL"), options);
    }

    /** Checks on a read-only session of the application's source (agent, MCP, REPL); {@code only} null = all. */
    public Report<Void> checkSession(List<String> only) {
        HealthOptions options = only == null || only.isEmpty() ? HealthOptions.defaults()
                : HealthOptions.builder().onlyIds(only).build();
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            return HealthService.check(s, options);
        }
    }

    /** Wasted space per table and index for the given tables (all when null or empty). */
    public Report<BloatPayload> bloat(List<String> tables) {
        return bloat(BloatOptions.forTables(tables));
    }

    /** Wasted space per table and index, with the thresholds and tables of {@code options}. */
    public Report<BloatPayload> bloat(BloatOptions options) {
        try (DbSession s = with.requireSessions().open(ConnectionFactory.Access.READ_ONLY)) {
            return BloatAnalyzer.analyze(s, options);
        }
    }
}

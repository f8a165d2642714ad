package io.dbagent.cli.repl;

import io.dbagent.DbAgentException;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.agent.PlanStore;
import io.dbagent.health.HealthOptions;
import io.dbagent.health.HealthRenderer;
import io.dbagent.health.HealthService;
import io.dbagent.health.bloat.BloatAnalyzer;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.ReportRenderer;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The REPL's capability commands (/explain, /advise, /health, /bloat, /design, /normalize, /migrate): each parses
 * its argument, calls the service or tool and prints what it returns. Plans go back to the REPL for approval.
 */
final class CapabilityCommands {

    private final DatabaseTools tools;
    private final PrintWriter out;
    private final Consumer<PlanStore.Plan> onPlan;

    CapabilityCommands(DatabaseTools tools, PrintWriter out, Consumer<PlanStore.Plan> onPlan) {
        this.tools = tools;
        this.out = out;
        this.onPlan = onPlan;
    }

    void explain(String sql) {
        if (sql.isBlank()) {
            out.println("usage: /explain SELECT …");
            return;
        }
        try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
            out.print(ReportRenderer.render(io.dbagent.explain.ExplainService.explain(s,
                    io.dbagent.explain.ExplainOptions.builder(sql).analyze(true).runs(3).timeout(tools.timeout()).build()),
                    OutputFormat.TEXT));
        }
    }

    void advise(String file) {
        if (file.isBlank()) {
            out.println("usage: /advise WORKLOAD.sql");
            return;
        }
        String text;
        try {
            text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw DbAgentException.badInput("cannot read " + file + ": " + e.getMessage());
        }
        var queryTools = tools.tool(io.dbagent.agent.QueryTools.class);
        io.dbagent.agent.QueryTools.Proposal p = queryTools.advise(text, null, false);
        out.print(ReportRenderer.render(p.advice(), OutputFormat.TEXT));
        if (p.plan() != null) {
            onPlan.accept(p.plan());
        }
    }

    void health() {
        try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
            out.print(HealthRenderer.render(HealthService.check(s, HealthOptions.defaults()), OutputFormat.TEXT));
        }
    }

    void bloat(String arg) {
        BloatOptions options = BloatOptions.forTables(Repl.names(arg));
        try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
            out.print(ReportRenderer.render(BloatAnalyzer.analyze(s, options), OutputFormat.TEXT));
        }
    }

    void design(String arg) {
        String[] parts = arg.split("\\s+");
        if (arg.isBlank()) {
            out.println("usage: /design SPEC.yaml [postgres|mysql|sqlite]");
            return;
        }
        java.nio.file.Path spec = java.nio.file.Path.of(parts[0]);
        String text;
        try {
            text = java.nio.file.Files.readString(spec);
        } catch (java.io.IOException e) {
            throw DbAgentException.badInput("cannot read " + spec + ": " + e.getMessage());
        }
        io.dbagent.jdbc.DialectKind dialect;
        if (parts.length > 1) {
            dialect = io.dbagent.jdbc.DialectKind.parse(parts[1]);
        } else {
            // the target's engine; the session is only needed to learn it, so close it at once
            try (DbSession s = tools.sessions().open(ConnectionFactory.Access.READ_ONLY)) {
                dialect = s.dialect();
            }
        }
        out.print(io.dbagent.design.DesignRenderer.render(
                io.dbagent.design.DesignService.design(text, spec.toString(), dialect), OutputFormat.TEXT));
    }

    void normalize(String arg) {
        int close = arg.indexOf(')');
        if (close < 0) {
            out.println("usage: /normalize R(A,B,C,D) A->B; B,C->D");
            return;
        }
        var relation = io.dbagent.design.normalize.FdParser.parse(
                new io.dbagent.design.normalize.FdParser.Source(arg.substring(0, close + 1), "relation"),
                List.of(new io.dbagent.design.normalize.FdParser.Source(arg.substring(close + 1), "dependencies")));
        out.print(io.dbagent.design.normalize.NormalizationRenderer.text(
                io.dbagent.design.normalize.NormalizationAnalyzer.analyze(relation)));
    }

    void migrate(String arg) {
        String[] parts = arg.isBlank() ? new String[0] : arg.split("\\s+");
        if (parts.length == 0 || !(parts[0].equals("lint") || parts[0].equals("test"))) {
            out.println("usage: /migrate lint [DIR] | /migrate test [DIR]   (DIR defaults to migrations)");
            return;
        }
        var migrationTools = tools.tool(io.dbagent.agent.MigrationTools.class);
        String dir = parts.length > 1 ? parts[1] : "migrations";
        out.println(parts[0].equals("lint") ? migrationTools.lintMigration(dir)
                : migrationTools.testMigrations(dir, null, null));
    }
}

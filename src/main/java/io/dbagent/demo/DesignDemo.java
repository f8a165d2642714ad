package io.dbagent.demo;

import io.dbagent.DbAgentException;
import io.dbagent.design.Design;
import io.dbagent.design.DesignService;
import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.NormalizationRenderer;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Finding;
import io.dbagent.report.ReportRenderer;
import io.dbagent.report.SchemaRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The design part of {@code dbagent demo}: designs the shop from the bundled spec ({@code design/shop.yaml}) for the
 * demo database's engine and shows its ER diagram and advice; then takes the demo's order lines as one flat
 * relation (order, user, country, product, category), discovers the FDs its rows satisfy and normalises it.
 */
public final class DesignDemo {

    public static final String SPEC_RESOURCE = "/design/shop.yaml";
    static final int SAMPLE = 50_000;

    /** What the demo shows; {@link #text()} is the terminal rendering. */
    public record Result(String dialect, Design design, String erd, FdDiscovery.Result normalization) {

        public String text() {
            StringBuilder sb = new StringBuilder();
            sb.append("== design: the shop from the bundled spec ").append(SPEC_RESOURCE.substring(1)).append(" for ")
                    .append(dialect).append(" ==\n\n");
            sb.append(design.schema().tables().size()).append(" tables, ").append(design.schema().triggers().size())
                    .append(" triggers, ").append(design.statements().size())
                    .append(" DDL statements (dbagent design src/main/resources/design/shop.yaml --dialect ")
                    .append(dialect).append(")\n\n").append(erd);
            if (!design.findings().isEmpty()) {
                sb.append("\nadvice:\n");
                for (Finding f : design.findings()) {
                    String msg = f.message();
                    int cut = msg.indexOf(". ");
                    sb.append("  ").append(ReportRenderer.tag(f)).append("  ").append(f.subject()).append(": ").append(cut > 0 ? msg.substring(0, cut) : msg)
                            .append('\n');
                }
            }
            sb.append("\n== normalisation: the order lines as one flat table ==\n\n");
            sb.append(NormalizationRenderer.discoveryText(normalization));
            return sb.toString();
        }
    }

    private DesignDemo() {
    }

    /**
     * @param session    an open session on the demo database
     * @param demoSchema the schema (PostgreSQL) or database (MySQL) holding the demo tables; null for SQLite or
     *                   when they are in the session's default schema
     */
    public static Result run(DbSession session, String demoSchema) {
        Design design = DesignService.design(bundledSpec(), "shop.yaml", session.dialect());
        String erd = SchemaRenderer.mermaid(design.schema());
        String select = "SELECT DISTINCT oi.order_id, o.user_id, u.country, oi.product_id, p.category_id FROM "
                + table(session, demoSchema, "order_items") + " oi JOIN " + table(session, demoSchema, "orders")
                + " o ON o.id = oi.order_id JOIN " + table(session, demoSchema, "users") + " u ON u.id = o.user_id JOIN "
                + table(session, demoSchema, "products") + " p ON p.id = oi.product_id";
        FdDiscovery.Result fds = FdDiscovery.discoverQuery(session, "order_lines", select,
                new FdDiscovery.Options(SAMPLE, 0, 3));
        return new Result(session.dialect().id(), design, erd, fds);
    }

    public static String bundledSpec() {
        try (InputStream in = DesignDemo.class.getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, "bundled spec " + SPEC_RESOURCE
                        + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, "cannot read " + SPEC_RESOURCE, e);
        }
    }

    private static String table(DbSession s, String schema, String name) {
        String t = io.dbagent.dialect.DdlWriter.of(s.dialect()).ident(name);
        if (schema == null || schema.isBlank() || Dialects.of(s).embedded()) {
            return t;
        }
        return io.dbagent.dialect.DdlWriter.of(s.dialect()).ident(schema) + "." + t;
    }
}

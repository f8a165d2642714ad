package io.dbagent.demo;

import io.dbagent.report.ReportRenderer;
import io.dbagent.report.SchemaRenderer;
import io.dbagent.report.TextTable;
import io.dbagent.schema.Table;

import java.util.Locale;

/** Renders a demo run as a readable terminal report. */
public final class DemoReport {

    private DemoReport() {
    }

    public static String text(DemoService.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("dbagent demo on ").append(r.product()).append("  ").append(r.target()).append("\n\n");
        TextTable steps = new TextTable("step", "time");
        r.stepMillis().forEach((k, v) -> steps.row(k, String.format(Locale.ROOT, "%.2f s", v / 1000.0)));
        sb.append(steps.render("  "));
        sb.append(String.format(Locale.ROOT, "%n  loaded %,d rows (%,d order_items, %,d orders, %,d users, %,d products)%n",
                r.counts().total(), r.counts().orderItems(), r.counts().orders(), r.counts().users(),
                r.counts().products()));

        sb.append("\n== inspect: ").append(r.schema().tables().size()).append(" tables, ")
                .append(r.schema().views().size()).append(" views, ").append(r.schema().triggers().size())
                .append(" triggers ==\n\n");
        TextTable tables = new TextTable("table", "rows (est.)", "size", "columns", "indexes", "foreign keys");
        for (Table t : r.schema().tables()) {
            tables.row(t.qualifiedName(), String.format(Locale.ROOT, "%,d", t.rowEstimate()),
                    SchemaRenderer.bytes(t.sizeBytes()), t.columns().size(), t.indexes().size(), t.foreignKeys().size());
        }
        sb.append(tables.render("  "));

        sb.append("\n== lint ==\n\n");
        sb.append(ReportRenderer.text(r.lint()));

        for (DemoService.Section section : r.sections()) {
            // a section that brings its own headings needs no extra one
            if (!section.text().startsWith("==")) {
                sb.append("\n== ").append(section.title()).append(" ==\n");
            }
            sb.append('\n').append(section.text());
        }

        sb.append("\n== try next ==\n");
        if (r.kept()) {
            String db = r.target();
            sb.append("  ./dbagent inspect --db ").append(db).append(" --table orders\n");
            sb.append("  ./dbagent inspect --db ").append(db).append(" --format mermaid\n");
            sb.append("  ./dbagent lint --db ").append(db).append(" --format markdown\n");
        } else if (r.target().startsWith("sqlite:")) {
            sb.append("  (the demo's database and the files it wrote were removed; run ./dbagent demo --keep, or --dir DIR, "
                    + "to keep them and explore)\n");
        } else {
            sb.append("  (the demo ").append(r.target().startsWith("postgres") ? "schema" : "database")
                    .append(' ').append(r.demoSchema()).append(" was dropped; run with --keep to explore it)\n");
        }
        return sb.toString();
    }
}

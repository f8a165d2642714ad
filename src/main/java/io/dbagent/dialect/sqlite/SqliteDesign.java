package io.dbagent.dialect.sqlite;

import io.dbagent.design.DerivedPlan;
import io.dbagent.design.DesignDialect;
import io.dbagent.design.DesignParts;
import io.dbagent.design.Names;
import io.dbagent.design.TableBuilder;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SQLite: INTEGER PRIMARY KEY (the rowid, 64-bit), text timestamps with milliseconds, a LIKE-based email check
 * (SQLite has no REGEXP by default), json_valid for JSON, AFTER triggers for {@code updated_at} and derived
 * attributes, and an external-content FTS5 table kept in sync by triggers for search.
 */
final class SqliteDesign extends DesignDialect {

    static final String NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    private static final String UUID_V4 = "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
            + "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
            + "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

    SqliteDesign(DdlWriter writer) {
        super(writer, "main");
    }

    @Override
    protected Column keyColumn(String keyKind) {
        if (keyKind.equals("uuid")) {
            return new Column("id", "text", false, UUID_V4, true, false, null, null, null, null);
        }
        return new Column("id", "integer", false, null, true, true, null, null, null, null);
    }

    @Override
    protected String referenceType(String keyKind) {
        return keyKind.equals("uuid") ? "text" : "integer";
    }

    @Override
    protected String type(Attribute a) {
        return switch (a.type()) {
            case "string" -> varchar(a.length() == null ? 255 : a.length());
            case "text", "json", "uuid" -> "text";
            case "int", "bigint" -> "integer";
            case "decimal" -> decimal(a);
            case "boolean" -> "boolean";
            case "date" -> "date";
            case "timestamp" -> "timestamp";
            case "enum" -> enumType(a);
            default -> throw new IllegalArgumentException(a.type());
        };
    }

    @Override
    protected String booleanLiteral(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    protected String emailCheck(String c) {
        return c + " LIKE '_%@_%._%' AND instr(" + c + ", ' ') = 0 AND length(" + c + ") - length(replace(" + c
                + ", '@', '')) = 1";
    }

    @Override
    protected String jsonCheck(String column) {
        return "json_valid(" + column + ")";
    }

    @Override
    protected Column timestampColumn(String name) {
        return Column.of(name, "timestamp", false, "(" + NOW + ")");
    }

    @Override
    protected void updatedAtTrigger(TableBuilder t, DesignParts parts) {
        // AFTER + WHEN: a BEFORE trigger cannot change NEW in SQLite; recursive_triggers is off by default, and the
        // WHEN clause leaves an explicitly set updated_at alone
        parts.trigger(new Trigger(schemaName, t.name(), Names.fit("trg_" + t.name() + "_updated_at"), "AFTER",
                List.of("UPDATE"), "ROW", "WHEN NEW.updated_at IS OLD.updated_at\nBEGIN\n  UPDATE " + q(t.name())
                + " SET updated_at = " + NOW + " WHERE rowid = NEW.rowid;\nEND"));
    }

    @Override
    protected void fullText(TableBuilder t, List<String> columns, DesignParts parts) {
        String fts = t.name() + "_fts";
        boolean intKey = !"uuid".equals(t.keyKind());
        String rowid = intKey ? "id" : "rowid";
        String cols = columns.stream().map(this::q).collect(Collectors.joining(", "));
        parts.extra("CREATE VIRTUAL TABLE " + q(fts) + " USING fts5(" + cols + ", content='" + t.name() + "'"
                + (intKey ? ", content_rowid='id'" : "") + ")");
        String newVals = columns.stream().map(c -> "NEW." + q(c)).collect(Collectors.joining(", "));
        String oldVals = columns.stream().map(c -> "OLD." + q(c)).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + q(fts) + " (rowid, " + cols + ") VALUES (NEW." + rowid + ", " + newVals + ");";
        String delete = "INSERT INTO " + q(fts) + " (" + q(fts) + ", rowid, " + cols + ") VALUES ('delete', OLD."
                + rowid + ", " + oldVals + ");";
        add(parts, t.name(), Names.fit("trg_" + fts + "_ai"), "AFTER", "INSERT", "BEGIN\n  " + insert + "\nEND");
        add(parts, t.name(), Names.fit("trg_" + fts + "_ad"), "AFTER", "DELETE", "BEGIN\n  " + delete + "\nEND");
        add(parts, t.name(), Names.fit("trg_" + fts + "_au"), "AFTER", "UPDATE",
                "BEGIN\n  " + delete + "\n  " + insert + "\nEND");
    }

    @Override
    protected void derivedTriggers(DerivedPlan p, DesignParts parts) {
        String s = p.sourceTable();
        add(parts, s, p.triggerName(s, "ai"), "AFTER", "INSERT", body(p.update(p.ownerIdIs(p.fk("NEW")), null)));
        add(parts, s, p.triggerName(s, "au"), "AFTER", "UPDATE",
                body(p.update(p.ownerIdIs(p.fk("OLD")) + " OR " + p.ownerIdIs(p.fk("NEW")), null)));
        add(parts, s, p.triggerName(s, "ad"), "AFTER", "DELETE", body(p.update(p.ownerIdIs(p.fk("OLD")), null)));
        for (DerivedPlan.Parent parent : p.parents()) {
            if (parent.columns().isEmpty()) {
                continue; // SQLite runs the source's triggers for rows a cascade deletes
            }
            String changed = parent.columns().stream().map(c -> "NEW." + q(c) + " IS NOT OLD." + q(c))
                    .collect(Collectors.joining(" OR "));
            add(parts, parent.table(), p.triggerName(parent.table(), "au"), "AFTER", "UPDATE",
                    "WHEN " + changed + "\n" + body(p.update(p.ownersOf(parent, "NEW.id"), null)));
        }
    }

    private static String body(String statement) {
        return "BEGIN\n  " + statement + ";\nEND";
    }

    private void add(DesignParts parts, String table, String name, String timing, String event, String def) {
        parts.trigger(new Trigger(schemaName, table, name, timing, List.of(event), "ROW", def));
    }

    @Override
    protected String productName() {
        return "SQLite";
    }

    @Override
    protected String bigintKeyFix(String table) {
        return "none needed: SQLite rowid keys are always 64-bit";
    }

    @Override
    protected String uuidDefault(boolean v7) {
        return "the key defaults to a random (v4) text UUID" + (v7 ? "; generate v7 in the application" : "");
    }

    @Override
    protected String partitionFix(Table t) {
        return "-- SQLite has no partitioning: move old rows of " + t.name()
                + " into an archive database (ATTACH 'archive.db'; INSERT INTO archive." + t.name()
                + " SELECT … WHERE created_at < …; DELETE …)";
    }
}

package io.dbagent.dialect.mysql;

import io.dbagent.design.DerivedPlan;
import io.dbagent.design.DesignDialect;
import io.dbagent.design.DesignParts;
import io.dbagent.design.Names;
import io.dbagent.design.TableBuilder;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.schema.Column;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * MySQL/MariaDB: AUTO_INCREMENT keys, datetime(6), a REGEXP email check, BEFORE UPDATE triggers for
 * {@code updated_at}, one trigger per event for derived attributes, and FULLTEXT indexes for search.
 *
 * <p>InnoDB runs no triggers for rows that foreign-key cascades delete, so a derived aggregate over rows that a
 * parent's deletion cascades away is corrected by a BEFORE DELETE trigger on that parent.
 */
final class MysqlDesign extends DesignDialect {

    MysqlDesign(DdlWriter writer) {
        super(writer, null);
    }

    @Override
    protected Column keyColumn(String keyKind) {
        if (keyKind.equals("uuid")) {
            return new Column("id", "char(36)", false, "(uuid())", true, false, null, null, null, null);
        }
        return new Column("id", referenceType(keyKind), false, null, true, true, null, null, null, null);
    }

    @Override
    protected String referenceType(String keyKind) {
        return switch (keyKind) {
            case "uuid" -> "char(36)";
            case "bigint" -> "bigint";
            default -> "int";
        };
    }

    @Override
    protected String type(Attribute a) {
        return switch (a.type()) {
            case "string" -> varchar(a.length() == null ? 255 : a.length());
            case "text" -> "text";
            case "int" -> "int";
            case "bigint" -> "bigint";
            case "decimal" -> decimal(a);
            case "boolean" -> "boolean";
            case "date" -> "date";
            case "timestamp" -> "datetime(6)";
            case "uuid" -> "char(36)";
            case "json" -> "json";
            case "enum" -> enumType(a);
            default -> throw new IllegalArgumentException(a.type());
        };
    }

    @Override
    protected String decimalName() {
        return "decimal";
    }

    @Override
    protected String booleanLiteral(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    @Override
    protected String emailCheck(String column) {
        return column + " REGEXP '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'";
    }

    @Override
    protected Column timestampColumn(String name) {
        return Column.of(name, "datetime(6)", false, "CURRENT_TIMESTAMP(6)");
    }

    @Override
    protected void updatedAtTrigger(TableBuilder t, DesignParts parts) {
        parts.trigger(new Trigger(schemaName, t.name(), Names.fit("trg_" + t.name() + "_updated_at"), "BEFORE",
                List.of("UPDATE"), "ROW", "SET NEW.updated_at = CURRENT_TIMESTAMP(6)"));
    }

    @Override
    protected void fullText(TableBuilder t, List<String> columns, DesignParts parts) {
        t.addIndex(new Index(Names.fit("ft_" + t.name() + "_search"), columns, false, false, "fulltext", null,
                List.of(), -1));
    }

    @Override
    protected void derivedTriggers(DerivedPlan p, DesignParts parts) {
        String s = p.sourceTable();
        add(parts, s, p.triggerName(s, "ai"), "AFTER", "INSERT", p.update(p.ownerIdIs(p.fk("NEW")), null));
        add(parts, s, p.triggerName(s, "au"), "AFTER", "UPDATE",
                p.update(p.ownerIdIs(p.fk("OLD")) + " OR " + p.ownerIdIs(p.fk("NEW")), null));
        add(parts, s, p.triggerName(s, "ad"), "AFTER", "DELETE", p.update(p.ownerIdIs(p.fk("OLD")), null));
        for (DerivedPlan.Parent parent : p.parents()) {
            if (!parent.columns().isEmpty()) {
                String changed = parent.columns().stream().map(c -> "NOT (NEW." + q(c) + " <=> OLD." + q(c) + ")")
                        .collect(Collectors.joining(" OR "));
                add(parts, parent.table(), p.triggerName(parent.table(), "au"), "AFTER", "UPDATE",
                        p.update("(" + changed + ") AND " + p.ownersOf(parent, "NEW.id"), null));
            }
            if (parent.cascades()) {
                String exclude = q(s) + "." + q(parent.sourceFk()) + " <> OLD.id";
                add(parts, parent.table(), p.triggerName(parent.table(), "bd"), "BEFORE", "DELETE",
                        p.update(p.ownersOf(parent, "OLD.id"), exclude));
            }
        }
    }

    private void add(DesignParts parts, String table, String name, String timing, String event, String body) {
        parts.trigger(new Trigger(schemaName, table, name, timing, List.of(event), "ROW", body));
    }

    @Override
    protected boolean cascadesFireTriggers() {
        return false;
    }

    @Override
    protected String productName() {
        return "MySQL/MariaDB";
    }

    @Override
    protected String uuidDefault(boolean v7) {
        return "the key defaults to uuid() (version 1)" + (v7 ? "; generate v7 in the application" : "");
    }

    @Override
    protected String partitionFix(Table t) {
        return "ALTER TABLE " + t.name() + " PARTITION BY RANGE COLUMNS (created_at) (PARTITION p2025_01 "
                + "VALUES LESS THAN ('2025-02-01'), PARTITION pmax VALUES LESS THAN (MAXVALUE));\n-- InnoDB: "
                + "partitioned tables cannot have foreign keys, and every unique key must include created_at";
    }
}

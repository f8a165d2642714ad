package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.BaseDdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.List;

/**
 * SQLite DDL: {@code INTEGER PRIMARY KEY} for rowid keys, generated columns, foreign keys declared in CREATE TABLE
 * (SQLite accepts references to tables created later). Constraints cannot be added to or dropped from an existing
 * table; those methods throw and say that the table has to be rebuilt. A unique constraint is added as a unique
 * index, which SQLite enforces the same way.
 */
public final class SqliteDdlWriter extends BaseDdlWriter {

    @Override
    public DialectKind dialect() {
        return DialectKind.SQLITE;
    }

    /** A single integer auto-increment key is written inline, which makes it the rowid. */
    private static boolean rowidKey(Table t, Column c) {
        return t.primaryKey().size() == 1 && t.primaryKey().get(0).equals(c.name()) && c.autoIncrement()
                && c.type().equalsIgnoreCase("integer");
    }

    @Override
    public String columnDefinition(Table t, Column c) {
        StringBuilder sb = new StringBuilder(ident(c.name())).append(' ').append(c.type());
        if (rowidKey(t, c)) {
            return sb.append(" PRIMARY KEY").toString();
        }
        if (c.collation() != null) {
            sb.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            sb.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") ")
                    .append("virtual".equalsIgnoreCase(c.generatedKind()) ? "VIRTUAL" : "STORED");
        }
        if (!c.nullable()) {
            sb.append(" NOT NULL");
        }
        if (c.defaultValue() != null && c.generated() == null) {
            sb.append(" DEFAULT ").append(defaultExpression(c.defaultValue()));
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern LITERAL_DEFAULT = java.util.regex.Pattern.compile(
            "(?is)[-+]?\\d+(\\.\\d*)?(e[-+]?\\d+)?|'(?:[^']|'')*'|x'[0-9a-f]*'|null|true|false"
                    + "|current_time|current_date|current_timestamp");

    /**
     * A column default as {@code DEFAULT} takes it: SQLite reports an expression default ({@code strftime(…)})
     * without the parentheses it must be written in; literals stay as they are.
     */
    static String defaultExpression(String value) {
        String v = value.strip();
        if (LITERAL_DEFAULT.matcher(v).matches() || v.startsWith("(") && enclosed(v)) {
            return v;
        }
        return "(" + v + ")";
    }

    private static boolean enclosed(String v) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')' && --depth == 0 && i < v.length() - 1) {
                return false;
            }
        }
        return v.endsWith(")");
    }

    @Override
    protected String primaryKeyClause(Table t) {
        boolean inline = t.columns().stream().anyMatch(c -> rowidKey(t, c));
        return inline || t.primaryKey().isEmpty() ? null : "PRIMARY KEY (" + cols(t.primaryKey()) + ")";
    }

    @Override
    public String createTable(Table t, boolean withForeignKeys) {
        if (t.comment() != null && t.comment().startsWith("virtual table using")) {
            throw unsupported("SQLite " + t.comment() + " " + t.name()
                    + " cannot be recreated from the model (its module arguments are not kept)");
        }
        return super.createTable(t, withForeignKeys);
    }

    /** {@code STRICT} and {@code WITHOUT ROWID}, as the inspection reads them. */
    @Override
    protected String tableOptions(Table t) {
        return t.options() == null ? "" : " " + t.options();
    }

    @Override
    protected boolean canAddForeignKeys() {
        return false;
    }

    @Override
    public List<String> createSchema(Schema s) {
        List<Table> plain = s.tables().stream()
                .filter(t -> t.comment() == null || !t.comment().startsWith("virtual table using")).toList();
        return super.createSchema(s.withTables(plain));
    }

    @Override
    public String dropIndex(Table t, Index i) {
        return "DROP INDEX " + ident(i.name());
    }

    @Override
    public String addForeignKey(Table t, ForeignKey fk) {
        throw rebuild(t, "add a foreign key");
    }

    @Override
    public String dropForeignKey(Table t, ForeignKey fk) {
        throw rebuild(t, "drop a foreign key");
    }

    @Override
    public String addUnique(Table t, Unique u) {
        return "CREATE UNIQUE INDEX " + ident(u.name()) + " ON " + name(t) + " (" + cols(u.columns()) + ")";
    }

    @Override
    public String dropUnique(Table t, Unique u) {
        throw rebuild(t, "drop a unique constraint");
    }

    @Override
    public String addCheck(Table t, Check c) {
        throw rebuild(t, "add a check constraint");
    }

    @Override
    public String dropCheck(Table t, Check c) {
        throw rebuild(t, "drop a check constraint");
    }

    private RuntimeException rebuild(Table t, String what) {
        return unsupported("SQLite cannot " + what + " on an existing table: rebuild " + t.name()
                + " (create the new table, INSERT … SELECT, drop the old one, rename, recreate indexes and triggers)");
    }
}

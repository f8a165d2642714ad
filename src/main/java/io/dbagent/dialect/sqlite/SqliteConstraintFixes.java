package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;

/** SQLite: a unique index works in place; NOT NULL, FOREIGN KEY and CHECK need the table rebuilt. */
final class SqliteConstraintFixes implements ConstraintFixes {

    private static final DialectKind D = DialectKind.SQLITE;

    @Override
    public String notNull(Table t, Column c) {
        return rebuild(t, c.name() + " " + c.type() + " NOT NULL");
    }

    @Override
    public String unique(Table t, Column c, String name) {
        return "CREATE UNIQUE INDEX " + DdlWriter.of(D).ident(name) + " ON " + DdlWriter.of(D).ident(t.name()) + " ("
                + DdlWriter.of(D).ident(c.name()) + ");";
    }

    @Override
    public String foreignKey(Table t, Column c, Table parent, String parentColumn, String name) {
        return rebuild(t, "FOREIGN KEY (" + c.name() + ") REFERENCES " + parent.name() + " (" + parentColumn + ")");
    }

    @Override
    public String check(Table t, String name, String expression) {
        return rebuild(t, "CONSTRAINT " + name + " CHECK (" + expression + ")");
    }

    @Override
    public boolean altersInPlace() {
        return false;
    }

    private static String rebuild(Table t, String clause) {
        return "-- SQLite cannot add this to an existing table: rebuild " + t.name() + " with " + clause
                + " (CREATE TABLE " + t.name() + "_new (…); INSERT INTO " + t.name() + "_new SELECT * FROM " + t.name()
                + "; DROP TABLE " + t.name() + "; ALTER TABLE " + t.name() + "_new RENAME TO " + t.name()
                + "; recreate indexes and triggers; PRAGMA foreign_key_check)";
    }

    @Override
    public String rowKey() {
        return "rowid";
    }
}

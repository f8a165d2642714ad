package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;

import java.util.List;

/** MySQL/MariaDB: MODIFY … NOT NULL (restating the rest of the column), online unique index, FOREIGN KEY, CHECK. */
final class MysqlConstraintFixes implements ConstraintFixes {

    private static final DialectKind D = DialectKind.MYSQL;

    private static String t(Table t) {
        return DdlWriter.of(D).tableName(t.schema(), t.name());
    }

    @Override
    public String notNull(Table t, Column c) {
        return DdlWriter.of(D).setNotNullFix(t, c);
    }

    @Override
    public String unique(Table t, Column c, String name) {
        return "ALTER TABLE " + t(t) + " ADD CONSTRAINT " + DdlWriter.of(D).ident(name) + " UNIQUE (" + DdlWriter.of(D).ident(c.name())
                + "), ALGORITHM=INPLACE, LOCK=NONE;";
    }

    @Override
    public String foreignKey(Table t, Column c, Table parent, String parentColumn, String name) {
        return DdlWriter.of(D).addForeignKeyFix(t.schema(), t.name(), name, List.of(c.name()), parent.name(), List.of(parentColumn));
    }

    @Override
    public String check(Table t, String name, String expression) {
        return "ALTER TABLE " + t(t) + " ADD CONSTRAINT " + DdlWriter.of(D).ident(name) + " CHECK (" + expression + ");";
    }

    @Override
    public boolean foreignKeyNeedsSameType() {
        return true;
    }
}

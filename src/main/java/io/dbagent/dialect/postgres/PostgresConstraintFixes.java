package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Table;

import java.util.List;

/**
 * PostgreSQL: NOT NULL through a validated CHECK (PG 12+ then sets NOT NULL without scanning), UNIQUE through a
 * concurrently built index, FOREIGN KEY and CHECK added NOT VALID and validated separately.
 */
final class PostgresConstraintFixes implements ConstraintFixes {

    private static final DialectKind D = DialectKind.POSTGRES;

    private static String t(Table t) {
        return DdlWriter.of(D).tableName(t.schema(), t.name());
    }

    @Override
    public String notNull(Table t, Column c) {
        String ck = DdlWriter.of(D).ident(io.dbagent.design.Names.fit(t.name() + "_" + c.name() + "_not_null"));
        String col = DdlWriter.of(D).ident(c.name());
        return "ALTER TABLE " + t(t) + " ADD CONSTRAINT " + ck + " CHECK (" + col + " IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE " + t(t) + " VALIDATE CONSTRAINT " + ck + ";\n"
                + "ALTER TABLE " + t(t) + " ALTER COLUMN " + col + " SET NOT NULL;\n"
                + "ALTER TABLE " + t(t) + " DROP CONSTRAINT " + ck + ";";
    }

    @Override
    public String unique(Table t, Column c, String name) {
        String n = DdlWriter.of(D).ident(name);
        return "CREATE UNIQUE INDEX CONCURRENTLY " + n + " ON " + t(t) + " (" + DdlWriter.of(D).ident(c.name()) + ");\n"
                + "ALTER TABLE " + t(t) + " ADD CONSTRAINT " + n + " UNIQUE USING INDEX " + n + ";";
    }

    @Override
    public String foreignKey(Table t, Column c, Table parent, String parentColumn, String name) {
        return DdlWriter.of(D).addForeignKeyFix(t.schema(), t.name(), name, List.of(c.name()), parent.name(), List.of(parentColumn));
    }

    @Override
    public String check(Table t, String name, String expression) {
        String n = DdlWriter.of(D).ident(name);
        return "ALTER TABLE " + t(t) + " ADD CONSTRAINT " + n + " CHECK (" + expression + ") NOT VALID;\n"
                + "ALTER TABLE " + t(t) + " VALIDATE CONSTRAINT " + n + ";";
    }
}

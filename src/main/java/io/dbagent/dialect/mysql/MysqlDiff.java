package io.dbagent.dialect.mysql;

import io.dbagent.diff.DiffDialect;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;

/** MySQL/MariaDB's facts for the schema diff: the schema is the database. */
final class MysqlDiff implements DiffDialect {

    @Override
    public boolean altersTablesInPlace() {
        return true;
    }

    @Override
    public boolean forwardForeignKeys() {
        return false;
    }

    @Override
    public boolean schemaIsDatabase() {
        return true;
    }

    @Override
    public String canonicalExpression(String expression) {
        return expression;
    }

    @Override
    public boolean backsUnique(Table t, Index i) {
        return t.uniques().stream().anyMatch(u -> u.name() != null && u.name().equals(i.name()));
    }

    @Override
    public boolean keepsColumnOrder() {
        return true;
    }
}

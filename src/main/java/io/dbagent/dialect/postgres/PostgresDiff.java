package io.dbagent.dialect.postgres;

import io.dbagent.diff.DiffDialect;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;

/** PostgreSQL's facts for the schema diff: stored expressions are compared in their canonical form, columns by name. */
final class PostgresDiff implements DiffDialect {

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
        return false;
    }

    @Override
    public String canonicalExpression(String expression) {
        return PgExpressions.canonical(expression);
    }

    @Override
    public boolean backsUnique(Table t, Index i) {
        return t.uniques().stream().anyMatch(u -> u.name() != null && u.name().equals(i.name()));
    }

    @Override
    public boolean keepsColumnOrder() {
        return false;
    }
}

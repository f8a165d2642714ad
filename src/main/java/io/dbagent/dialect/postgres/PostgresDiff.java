package io.dbagent.dialect.postgres;

import io.dbagent.diff.DiffDialect;

/** PostgreSQL's facts for the schema diff: stored expressions are compared in their canonical form, columns by name. */
final class PostgresDiff implements DiffDialect {

    @Override
    public String canonicalExpression(String expression) {
        return PgExpressions.canonical(expression);
    }

    @Override
    public boolean keepsColumnOrder() {
        return false;
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.dialect.Ddl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.List;

/** PostgreSQL's part of the schema linter. */
final class PostgresLint implements LintDialect {

    private static final DialectKind D = DialectKind.POSTGRES;

    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        String tbl = Ddl.table(D, t.schema(), t.name());
        return candidateKey != null ? "ALTER TABLE " + tbl + " ADD PRIMARY KEY (" + Ddl.columns(D, candidateKey) + ");"
                : "ALTER TABLE " + tbl + " ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;";
    }

    @Override
    public boolean zonedTimestamps() {
        return true;
    }

    @Override
    public String moneyType() {
        return "numeric(12,2)";
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.List;

/** PostgreSQL's part of the schema linter. */
final class PostgresLint implements LintDialect {

    private static final DialectKind D = DialectKind.POSTGRES;

    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        return candidateKey != null ? "ALTER TABLE " + tbl + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(candidateKey) + ");"
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

package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.List;

/** MySQL/MariaDB's part of the schema linter. */
final class MysqlLint implements LintDialect {

    private static final DialectKind D = DialectKind.MYSQL;

    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        String tbl = DdlWriter.of(D).tableName(t.schema(), t.name());
        return candidateKey != null ? "ALTER TABLE " + tbl + " ADD PRIMARY KEY (" + DdlWriter.of(D).columnList(candidateKey) + ");"
                : "ALTER TABLE " + tbl + " ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;";
    }

    @Override
    public boolean zonedTimestamps() {
        return false;
    }

    @Override
    public String moneyType() {
        return "decimal(12,2)";
    }
}

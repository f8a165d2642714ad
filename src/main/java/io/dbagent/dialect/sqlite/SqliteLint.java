package io.dbagent.dialect.sqlite;

import io.dbagent.lint.LintDialect;
import io.dbagent.schema.Table;

import java.util.List;

/** SQLite's part of the schema linter: a primary key means rebuilding the table. */
final class SqliteLint implements LintDialect {

    @Override
    public String addPrimaryKey(Table t, List<String> candidateKey) {
        return "-- SQLite cannot add a primary key in place: rebuild " + t.name()
                + " with id INTEGER PRIMARY KEY (new table, INSERT … SELECT, drop, rename)";
    }

    @Override
    public boolean zonedTimestamps() {
        return false;
    }

    @Override
    public String moneyType() {
        return "numeric(12,2)";
    }
}

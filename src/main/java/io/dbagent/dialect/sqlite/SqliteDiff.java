package io.dbagent.dialect.sqlite;

import io.dbagent.diff.DiffDialect;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;

import java.util.Locale;

/** SQLite's facts for the schema diff: tables are rebuilt, constraint indexes are its autoindexes. */
final class SqliteDiff implements DiffDialect {

    @Override
    public boolean altersTablesInPlace() {
        return false;
    }

    @Override
    public boolean forwardForeignKeys() {
        return true;
    }

    @Override
    public boolean backsUnique(Table t, Index i) {
        return i.name().toLowerCase(Locale.ROOT).startsWith("sqlite_autoindex_");
    }
}

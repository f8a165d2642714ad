package io.dbagent.dialect.mysql;

import io.dbagent.diff.DiffDialect;

/** MySQL/MariaDB's facts for the schema diff: the schema is the database. */
final class MysqlDiff implements DiffDialect {

    @Override
    public boolean schemaIsDatabase() {
        return true;
    }
}

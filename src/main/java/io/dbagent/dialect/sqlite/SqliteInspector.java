package io.dbagent.dialect.sqlite;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.SchemaInspector;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;

/** Placeholder: replaced by the real inspector. */
public final class SqliteInspector implements SchemaInspector {

    @Override
    public Schema inspect(DbSession session) {
        throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, "not implemented yet");
    }
}

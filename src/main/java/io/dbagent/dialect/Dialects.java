package io.dbagent.dialect;

import io.dbagent.dialect.mysql.MysqlInspector;
import io.dbagent.dialect.postgres.PostgresInspector;
import io.dbagent.dialect.sqlite.SqliteInspector;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

/** Entry point to the per-dialect implementations. */
public final class Dialects {

    private Dialects() {
    }

    public static SchemaInspector inspector(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> new PostgresInspector();
            case MYSQL -> new MysqlInspector();
            case SQLITE -> new SqliteInspector();
        };
    }

    /** Inspects the database behind an open session. */
    public static Schema inspect(DbSession session) {
        return inspector(session.dialect()).inspect(session);
    }
}

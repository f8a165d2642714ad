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

    /**
     * Inspects and keeps only the named tables or views (all when {@code names} is null or empty); an unknown name is
     * bad input.
     */
    public static Schema inspect(DbSession session, java.util.List<String> names) {
        Schema schema = inspect(session);
        if (names == null || names.isEmpty()) {
            return schema;
        }
        for (String n : names) {
            boolean isView = schema.views().stream()
                    .anyMatch(v -> v.name().equalsIgnoreCase(n) || (v.schema() + "." + v.name()).equalsIgnoreCase(n));
            if (schema.table(n).isEmpty() && !isView) {
                throw io.dbagent.DbAgentException.badInput("table '" + n + "' not found in " + session.url().redacted());
            }
        }
        return schema.onlyTables(names);
    }
}

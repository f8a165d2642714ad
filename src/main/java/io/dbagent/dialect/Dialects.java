package io.dbagent.dialect;

import io.dbagent.dialect.mysql.MysqlDialect;
import io.dbagent.dialect.postgres.PostgresDialect;
import io.dbagent.dialect.sqlite.SqliteDialect;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

/**
 * The registry of engines: the one place that maps a {@link DialectKind} to its {@link Dialect}. Code outside
 * {@code io.dbagent.dialect} asks here instead of switching on the engine.
 */
public final class Dialects {

    private static final Dialect POSTGRES = new PostgresDialect();
    private static final Dialect MYSQL = new MysqlDialect();
    private static final Dialect SQLITE = new SqliteDialect();

    private Dialects() {
    }

    public static Dialect of(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> POSTGRES;
            case MYSQL -> MYSQL;
            case SQLITE -> SQLITE;
        };
    }

    public static Dialect of(DbSession session) {
        return of(session.dialect());
    }

    public static Dialect of(DbUrl url) {
        return of(url.dialect());
    }

    public static SchemaInspector inspector(DialectKind kind) {
        return of(kind).inspector();
    }

    /**
     * Inspects the database behind an open session, without the migration tools' history tables
     * ({@link io.dbagent.schema.HistoryTables}): every inspection, lint, health check and diff sees the user's schema.
     */
    public static Schema inspect(DbSession session) {
        return io.dbagent.schema.HistoryTables.hide(inspectAll(session));
    }

    /** Inspects every table, the migration tools' history tables included: what a backup must hold. */
    public static Schema inspectAll(DbSession session) {
        return inspector(session.dialect()).inspect(session);
    }

    /**
     * Inspects and keeps only the named tables or views (all when {@code names} is null or empty); an unknown name is
     * bad input.
     */
    public static Schema inspect(DbSession session, java.util.List<String> names) {
        if (names == null || names.isEmpty()) {
            return inspect(session);
        }
        // a history table asked for by name is shown
        Schema schema = inspectAll(session);
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

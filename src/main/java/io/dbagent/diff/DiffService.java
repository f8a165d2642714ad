package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

/**
 * {@code dbagent diff}: reads both sides into models (scripts on a scratch database of the engine the other side or
 * {@code --dialect} names), and computes the plan from one to the other.
 */
public final class DiffService {

    /** What was compared and the plan between them. */
    public record Result(String from, String to, DialectKind dialect, Schema fromModel, Schema toModel, DiffPlan plan) {
    }

    private DiffService() {
    }

    /**
     * @param dialect   engine for scripts when neither side is a database (null: the other side's, the dev
     *                  server's, else SQLite)
     * @param devServer server for scratch databases of PostgreSQL/MySQL, may be null for SQLite
     */
    public static Result diff(SchemaSource from, SchemaSource to, DialectKind dialect, DbUrl devServer) {
        return diff(from, to, dialect, devServer, java.util.List.of());
    }

    /** As {@link #diff(SchemaSource, SchemaSource, DialectKind, DbUrl)}, with rename hints (see {@link Renames}). */
    public static Result diff(SchemaSource from, SchemaSource to, DialectKind dialect, DbUrl devServer,
                              java.util.List<Renames.Hint> renames) {
        DialectKind d = engine(from, to, dialect, devServer);
        DbUrl live = from instanceof SchemaSource.Database db ? db.url()
                : to instanceof SchemaSource.Database other ? other.url() : null;
        Schema a = from.load(d, devServer, live);
        Schema b = to.load(d, devServer, live);
        return new Result(from.label(), to.label(), d, a, b, SchemaDiff.diff(a, b, renames));
    }

    static DialectKind engine(SchemaSource from, SchemaSource to, DialectKind dialect, DbUrl devServer) {
        DialectKind bound = from.dialect() != null ? from.dialect() : to.dialect();
        if (from.dialect() != null && to.dialect() != null && from.dialect() != to.dialect()) {
            throw DbAgentException.badInput("--from is " + from.dialect() + " but --to is " + to.dialect()
                    + ": a diff compares two schemas of the same engine");
        }
        if (dialect != null && bound != null && dialect != bound) {
            throw DbAgentException.badInput("--dialect " + dialect + " does not match the " + bound + " database given");
        }
        if (dialect != null) {
            return dialect;
        }
        if (bound != null) {
            return bound;
        }
        return devServer != null ? devServer.dialect() : DialectKind.SQLITE;
    }
}

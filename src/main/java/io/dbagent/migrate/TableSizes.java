package io.dbagent.migrate;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Row counts and column types of the live tables a migration touches, so lint can scale severities. Uses the
 * engine's estimate and counts exactly only where there is none (a PostgreSQL table never analysed).
 */
public final class TableSizes implements TableFacts {

    /** The table is not in the database (created by the migration or an earlier pending one). */
    public static final long ABSENT = -2;
    /** No database to ask. */
    public static final long UNKNOWN = -1;

    private final DbSession session;
    private final Schema schema;
    private final Map<String, Long> counted = new HashMap<>();

    private TableSizes(DbSession session, Schema schema) {
        this.session = session;
        this.schema = schema;
    }

    public static TableSizes none() {
        return new TableSizes(null, null);
    }

    public static TableSizes live(DbSession s) {
        return new TableSizes(s, Dialects.inspect(s));
    }

    /** A live database whose model was already read. */
    public static TableSizes live(DbSession s, Schema schema) {
        return new TableSizes(s, schema);
    }

    /** From a model already read: estimates only, nothing counted. */
    public static TableSizes of(Schema schema) {
        return new TableSizes(null, schema);
    }

    public boolean known() {
        return schema != null;
    }

    @Override
    public long rows(String table) {
        if (schema == null || table == null) {
            return UNKNOWN;
        }
        Optional<Table> t = schema.table(table);
        if (t.isEmpty()) {
            return ABSENT;
        }
        if (t.get().rowEstimate() >= 0) {
            return t.get().rowEstimate();
        }
        return session == null ? UNKNOWN : counted.computeIfAbsent(table, k -> count(t.get()));
    }

    @Override
    public Optional<Column> column(String table, String column) {
        return schema == null ? Optional.empty() : schema.table(table).flatMap(t -> t.column(column));
    }

    private long count(Table t) {
        try (Statement st = session.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + DdlWriter.of(session.dialect()).tableName(t.schema(), t.name()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return UNKNOWN;
        }
    }
}

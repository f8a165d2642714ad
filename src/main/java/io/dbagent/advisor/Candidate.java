package io.dbagent.advisor;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;

import java.util.List;
import java.util.Locale;

/**
 * A possible index: key columns in order, optional INCLUDE columns (PG) and partial-index predicate (PG, SQLite).
 *
 * @param schema  the table's schema ({@code public}, {@code main}, the MySQL database)
 * @param table   table name
 * @param columns key columns
 * @param include covering columns (PG only), may be empty
 * @param where   partial-index predicate, or null
 */
public record Candidate(String schema, String table, List<String> columns, List<String> include, String where) {

    public Candidate {
        columns = List.copyOf(columns);
        include = List.copyOf(include == null ? List.of() : include);
    }

    /** Identity for de-duplication. */
    public String key() {
        return (table + "(" + String.join(",", columns) + ")" + (include.isEmpty() ? "" : " include " + include)
                + (where == null ? "" : " where " + where)).toLowerCase(Locale.ROOT);
    }

    /**
     * Our index name: {@code idx_<table>_<cols>}, plus {@code _incl_<cols>} for covering and {@code _where_<predicate>}
     * for partial ones, so two candidates on the same key never share a name.
     */
    public String name() {
        List<String> parts = new java.util.ArrayList<>(columns);
        if (!include.isEmpty()) {
            parts.add("incl");
            parts.addAll(include);
        }
        if (where != null) {
            parts.add("where");
            parts.add(where);
        }
        return DdlWriter.indexName(table, parts);
    }

    /** The CREATE INDEX a user runs (non-blocking where the engine can). */
    public String ddl(DialectKind d) {
        return DdlWriter.of(d).createIndexFix(schema, table, name(), columns, include, where);
    }

    /** A plain CREATE INDEX (no CONCURRENTLY, no ALGORITHM clause) for what-if builds inside a transaction. */
    public String plainDdl(DialectKind d, String indexName) {
        String tbl = DdlWriter.of(d).tableName(schema, table);
        String cols = DdlWriter.of(d).columnList(columns);
        String sql = "CREATE INDEX " + (indexName == null ? "" : DdlWriter.of(d).ident(indexName) + " ") + "ON " + tbl + " ("
                + cols + ")";
        AdvisorDialect engine = Dialects.of(d).advisor();
        if (engine.includeColumns() && !include.isEmpty()) {
            sql += " INCLUDE (" + DdlWriter.of(d).columnList(include) + ")";
        }
        if (engine.partialIndexes() && where != null) {
            sql += " WHERE " + where;
        }
        return sql;
    }

    @Override
    public String toString() {
        return key();
    }
}

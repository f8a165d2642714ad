package io.dbagent.dialect;

import io.dbagent.jdbc.DialectKind;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The text behind {@link DdlWriter}'s identifier rule and its fix snippets (the pasteable DDL that findings offer),
 * written per dialect. Identifiers are quoted only when they need it, so the usual snake_case names stay readable.
 * Callers go through {@link DdlWriter#of}.
 */
final class DdlFixes {

    private static final Set<String> RESERVED = Set.of("user", "order", "group", "select", "table", "from", "where",
            "index", "key", "primary", "references", "check", "default", "desc", "asc", "limit", "offset", "column",
            "constraint", "unique", "all", "and", "or", "not", "null", "to", "end", "case", "when", "grant", "range");

    private DdlFixes() {
    }

    static String ident(DialectKind d, String name) {
        if (name.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(name)) {
            return name;
        }
        return d.quote(name);
    }

    /** {@code schema.table}, leaving out the default schema ({@code public}, {@code main}). */
    static String table(DialectKind d, String schema, String table) {
        if (schema == null || schema.isEmpty() || "public".equals(schema) || "main".equals(schema)
                || d == DialectKind.MYSQL) {
            return ident(d, table);
        }
        return ident(d, schema) + "." + ident(d, table);
    }

    static String columns(DialectKind d, List<String> cols) {
        return cols.stream().map(c -> isExpression(c) ? c : ident(d, c)).collect(Collectors.joining(", "));
    }

    /** An index name in our convention: {@code idx_<table>_<col>_<col>}, cut to the 63 bytes PG allows. */
    static String indexName(String table, List<String> cols) {
        String n = "idx_" + table + "_" + cols.stream().map(c -> c.replaceAll("[^A-Za-z0-9]+", "_"))
                .collect(Collectors.joining("_"));
        n = n.toLowerCase(Locale.ROOT).replaceAll("_+", "_").replaceAll("_$", "");
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    /** CREATE INDEX that does not block writes where the engine can avoid it. */
    static String createIndex(DialectKind d, String schema, String table, String name, List<String> cols) {
        return switch (d) {
            case POSTGRES -> "CREATE INDEX CONCURRENTLY " + ident(d, name) + " ON " + table(d, schema, table)
                    + " (" + columns(d, cols) + ");";
            case MYSQL -> "ALTER TABLE " + table(d, schema, table) + " ADD INDEX " + ident(d, name) + " ("
                    + columns(d, cols) + "), ALGORITHM=INPLACE, LOCK=NONE;";
            case SQLITE -> "CREATE INDEX " + ident(d, name) + " ON " + table(d, schema, table) + " ("
                    + columns(d, cols) + ");";
        };
    }

    /**
     * CREATE INDEX with the options the index advisor uses: INCLUDE columns (PG 11+ only; ignored elsewhere) and a
     * partial-index predicate (PG and SQLite; MySQL has no partial indexes, so callers must not pass one).
     */
    static String createIndex(DialectKind d, String schema, String table, String name, List<String> cols,
                                     List<String> include, String where) {
        String base = createIndex(d, schema, table, name, cols);
        String tail = "";
        if (d == DialectKind.POSTGRES && include != null && !include.isEmpty()) {
            tail += " INCLUDE (" + columns(d, include) + ")";
        }
        if (d != DialectKind.MYSQL && where != null && !where.isBlank()) {
            tail += " WHERE " + where;
        }
        return tail.isEmpty() ? base : base.substring(0, base.length() - 1) + tail + ";";
    }

    /** An index on an expression such as {@code lower(email)}; MariaDB needs a generated column for that. */
    static String createExpressionIndex(DialectKind d, boolean mariaDb, String schema, String table, String name,
                                               String expression, String generatedColumn, String generatedType) {
        return switch (d) {
            case POSTGRES -> "CREATE INDEX CONCURRENTLY " + ident(d, name) + " ON " + table(d, schema, table) + " (("
                    + expression + "));";
            case SQLITE -> "CREATE INDEX " + ident(d, name) + " ON " + table(d, schema, table) + " (" + expression + ");";
            case MYSQL -> mariaDb
                    ? "ALTER TABLE " + table(d, schema, table) + " ADD COLUMN " + ident(d, generatedColumn) + " "
                    + generatedType + " AS (" + expression + ") VIRTUAL, ADD INDEX " + ident(d, name) + " ("
                    + ident(d, generatedColumn) + ");\n-- MariaDB uses it when the query compares "
                    + generatedColumn + " instead of " + expression
                    : "ALTER TABLE " + table(d, schema, table) + " ADD INDEX " + ident(d, name) + " ((" + expression
                    + "));";
        };
    }

    static String dropIndex(DialectKind d, String schema, String table, String name) {
        return switch (d) {
            case POSTGRES -> "DROP INDEX CONCURRENTLY " + (schema == null || "public".equals(schema) ? ""
                    : ident(d, schema) + ".") + ident(d, name) + ";";
            case MYSQL -> "ALTER TABLE " + table(d, schema, table) + " DROP INDEX " + ident(d, name) + ";";
            case SQLITE -> "DROP INDEX " + ident(d, name) + ";";
        };
    }

    /** Makes a column NOT NULL; SQLite cannot, so its fix is the rebuild procedure in words. */
    static String setNotNull(DialectKind d, String schema, String table, String column, String type) {
        return switch (d) {
            case POSTGRES -> "ALTER TABLE " + table(d, schema, table) + " ALTER COLUMN " + ident(d, column)
                    + " SET NOT NULL;";
            case MYSQL -> throw new IllegalStateException("MySQL restates the whole column: MysqlDdlWriter");
            case SQLITE -> "-- SQLite cannot ALTER a column: rebuild " + table + " with " + column
                    + " NOT NULL (create new table, INSERT … SELECT, drop, rename, recreate indexes)";
        };
    }

    static String changeType(DialectKind d, String schema, String table, String column, String newType,
                                    String using, boolean notNull) {
        return switch (d) {
            case POSTGRES -> "ALTER TABLE " + table(d, schema, table) + " ALTER COLUMN " + ident(d, column) + " TYPE "
                    + newType + (using == null ? "" : " USING " + using) + ";";
            case MYSQL -> throw new IllegalStateException("MySQL restates the whole column: MysqlDdlWriter");
            case SQLITE -> "-- SQLite cannot change a column type in place: rebuild " + table + " with " + column
                    + " " + newType + " (create new table, INSERT … SELECT, drop, rename, recreate indexes)";
        };
    }

    static String addForeignKey(DialectKind d, String schema, String table, String name, List<String> cols,
                                       String refTable, List<String> refCols) {
        if (d == DialectKind.SQLITE) {
            return "-- SQLite cannot add a foreign key to an existing table: rebuild " + table + " with FOREIGN KEY ("
                    + columns(d, cols) + ") REFERENCES " + ident(d, refTable) + " (" + columns(d, refCols) + ")";
        }
        String ddl = "ALTER TABLE " + table(d, schema, table) + " ADD CONSTRAINT " + ident(d, name) + " FOREIGN KEY ("
                + columns(d, cols) + ") REFERENCES " + table(d, schema, refTable) + " (" + columns(d, refCols) + ")";
        // PG: validate separately so the long scan does not hold the strong lock
        return d == DialectKind.POSTGRES
                ? ddl + " NOT VALID;\nALTER TABLE " + table(d, schema, table) + " VALIDATE CONSTRAINT " + ident(d, name) + ";"
                : ddl + ";";
    }

    /** ADD COLUMN for a nullable column; SQLite, MySQL and PostgreSQL all accept this form. */
    static String addColumnSketch(DialectKind d, String table, String column, String type) {
        return "ALTER TABLE " + ident(d, table) + " ADD COLUMN " + ident(d, column) + " " + type + ";";
    }

    private static boolean isExpression(String col) {
        return col.contains("(") || col.contains(" ") || col.contains("::");
    }
}

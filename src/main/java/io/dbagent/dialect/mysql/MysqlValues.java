package io.dbagent.dialect.mysql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what the MySQL and MariaDB catalogs say into the neutral model's conventions. The two servers disagree on
 * several of them (how defaults are written, parentheses around CHECK clauses), and the model wants one form.
 */
final class MysqlValues {

    private MysqlValues() {
    }

    private static final Set<String> NUMERIC_TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "integer",
            "bigint", "decimal", "numeric", "float", "double", "real", "bit", "year", "bool", "boolean");

    private static final Set<String> TEMPORAL_TYPES = Set.of("datetime", "timestamp", "date", "time");

    private static final Pattern CURRENT_TIME_FUNCTION = Pattern.compile(
            "(?i)(current_timestamp|now|localtime|localtimestamp|current_date|current_time|curdate|curtime)"
                    + "(\\(\\d*\\))?");

    /** The server flavour and exact version, where catalog contents and columns differ. */
    record Flavour(boolean mariaDb, int major, int minor, int patch) {

        static Flavour of(boolean mariaDb, String version) {
            int[] v = new int[3];
            String[] parts = (version == null ? "" : version).split("[^0-9]+");
            int n = 0;
            for (String p : parts) {
                if (!p.isEmpty() && n < 3) {
                    v[n++] = Integer.parseInt(p.length() > 6 ? p.substring(0, 6) : p);
                }
            }
            return new Flavour(mariaDb, v[0], v[1], v[2]);
        }

        boolean atLeast(int maj, int min, int pat) {
            if (major != maj) {
                return major > maj;
            }
            if (minor != min) {
                return minor > min;
            }
            return patch >= pat;
        }

        /** MariaDB 10.2.7 started reporting COLUMN_DEFAULT as SQL expressions; everyone else reports raw values. */
        boolean defaultsAreExpressions() {
            return mariaDb && atLeast(10, 2, 7);
        }

        boolean hasCheckConstraints() {
            return mariaDb ? atLeast(10, 3, 10) || major == 10 && minor == 2 && patch >= 22 : atLeast(8, 0, 16);
        }

        boolean hasIndexExpressions() {
            return !mariaDb && atLeast(8, 0, 13);
        }
    }

    /**
     * The default as a DDL expression: strings quoted, numbers bare, functions as given. MariaDB 10.2.7+ already
     * reports that form, except that a nullable column without a default says {@code NULL}; MySQL reports the raw
     * value and marks expression defaults with DEFAULT_GENERATED in EXTRA.
     */
    static String normaliseDefault(Flavour flavour, String raw, String dataType, String extra) {
        if (raw == null) {
            return null;
        }
        if (flavour.defaultsAreExpressions()) {
            return "NULL".equalsIgnoreCase(raw) ? null : raw;
        }
        String lowerExtra = extra == null ? "" : extra.toLowerCase(Locale.ROOT);
        String type = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
        // MySQL 5.7 has no DEFAULT_GENERATED flag, and a varchar defaulting to the text 'now' must stay quoted.
        if (TEMPORAL_TYPES.contains(type) && CURRENT_TIME_FUNCTION.matcher(raw).matches()) {
            return raw;
        }
        if (lowerExtra.contains("default_generated")) {
            // MySQL 8.0.13+ expression defaults must be parenthesised in DDL; the catalog drops the parentheses.
            return raw.startsWith("(") ? raw : "(" + raw + ")";
        }
        if (NUMERIC_TYPES.contains(type)) {
            return raw;
        }
        // MySQL 8 reports binary defaults as hex literals, which are already valid DDL.
        if ((type.endsWith("binary") || type.endsWith("blob")) && raw.matches("0x[0-9A-Fa-f]*")) {
            return raw;
        }
        return quoteString(raw);
    }

    /** A MySQL string literal, escaped the way MariaDB itself writes defaults. */
    static String quoteString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * COLUMN_TYPE in lower case, leaving quoted ENUM/SET labels alone: they are data, and {@code 'Active'} is not
     * {@code 'active'}.
     */
    static String lowerType(String columnType) {
        if (columnType == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(columnType.length());
        boolean quoted = false;
        for (int i = 0; i < columnType.length(); i++) {
            char c = columnType.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(quoted ? c : Character.toLowerCase(c));
        }
        return out.toString();
    }

    /**
     * MySQL 8 wraps every CHECK clause and generation expression in parentheses, MariaDB does not; the model takes
     * MariaDB's form so that the same DDL inspects the same on both.
     */
    static String checkExpression(String clause) {
        if (clause == null) {
            return null;
        }
        return io.dbagent.sql.SqlText.stripOuterParentheses(clause, true);
    }

    /**
     * One index key part as the model lists it: the column, {@code col(10)} for a prefix, the expression for a
     * functional part, and a {@code DESC} suffix for descending parts (MySQL 8, MariaDB 10.8+).
     */
    static String indexPart(String column, String expression, Long subPart, String collation) {
        String part;
        if (column == null || column.isEmpty()) {
            part = expression == null ? "" : checkExpression(expression);
        } else {
            part = subPart == null ? column : column + "(" + subPart + ")";
        }
        return "D".equals(collation) ? part + " DESC" : part;
    }

    /** {@code btree}, {@code hash}, {@code fulltext}, {@code spatial}; MySQL 5.x called spatial indexes RTREE. */
    static String indexMethod(String indexType) {
        String m = indexType == null ? "btree" : indexType.toLowerCase(Locale.ROOT);
        return "rtree".equals(m) ? "spatial" : m;
    }

    /** {@code stored} or {@code virtual}; MariaDB before 10.2 said PERSISTENT for stored. */
    static String generatedKind(String extra) {
        String e = extra == null ? "" : extra.toUpperCase(Locale.ROOT);
        return e.contains("STORED") || e.contains("PERSISTENT") ? "stored" : "virtual";
    }

    private static final java.util.regex.Pattern ON_UPDATE = java.util.regex.Pattern.compile(
            "(?i)\\bon update ([a-z_]+(?:\\(\\d*\\))?)");

    /**
     * The {@code ON UPDATE} expression information_schema.COLUMNS.EXTRA reports ({@code on update
     * current_timestamp(6)} on MariaDB, {@code DEFAULT_GENERATED on update CURRENT_TIMESTAMP} on MySQL 8), lower
     * case; null when the column has none.
     */
    static String onUpdate(String extra) {
        if (extra == null) {
            return null;
        }
        java.util.regex.Matcher m = ON_UPDATE.matcher(extra);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /**
     * The {@code ENGINE=…} table option of a table whose engine is not the one a plain CREATE TABLE gets on this
     * server (so {@code ENGINE=InnoDB} is never modelled where InnoDB is the default); null otherwise.
     */
    static String engineOption(String engine, String defaultEngine) {
        return engine == null || engine.equalsIgnoreCase(defaultEngine) || !engine.matches("\\w+") ? null
                : "ENGINE=" + engine;
    }

    /** {@code bigint(21)} → {@code bigint}: the display width of a sequence's value column is noise. */
    static String withoutDisplayWidth(String type) {
        return type == null ? null : type.replaceAll("\\(\\d+\\)", "").trim();
    }

    /** InnoDB statistics name partitions {@code t#P#p0} (or {@code #p#}); sizes belong to the table {@code t}. */
    static String unpartitioned(String tableName) {
        int i = tableName.indexOf("#P#");
        if (i < 0) {
            i = tableName.indexOf("#p#");
        }
        return i < 0 ? tableName : tableName.substring(0, i);
    }
}

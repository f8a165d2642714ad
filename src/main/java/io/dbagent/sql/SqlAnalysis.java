package io.dbagent.sql;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What the optimiser features need to know about one statement, read with JSqlParser: the tables, the predicates
 * per column, join keys, ORDER BY / GROUP BY columns, and the shapes that deserve a finding (SELECT *, OFFSET,
 * NOT IN subqueries, correlated subqueries, functions around columns, leading-wildcard LIKE). When the parser
 * cannot read the statement, {@link #parsed()} is false and only {@link #kind()} (from the first keyword) is known.
 *
 * @param sql           the statement text
 * @param kind          SELECT, INSERT, UPDATE, DELETE or OTHER
 * @param parsed        whether JSqlParser read it
 * @param parseError    the parser's first line when it did not
 * @param tables        base tables referenced (any depth)
 * @param predicates    column predicates of WHERE / ON / HAVING (any depth), resolved to base tables where possible
 * @param joins         equality join keys between two tables
 * @param orderBy       ORDER BY columns of the outermost query
 * @param groupBy       GROUP BY columns of the outermost query
 * @param selectColumns columns the outermost SELECT list reads (for covering indexes)
 * @param selectStar    {@code SELECT *} or {@code t.*} in the outermost query
 * @param limit         LIMIT when a literal
 * @param offset        OFFSET when a literal
 * @param hasAggregate  aggregate functions or GROUP BY in the outermost query
 * @param notInSubqueries {@code x NOT IN (SELECT …)} occurrences
 * @param correlatedSubqueries scalar subqueries that refer to a column of an outer query
 * @param nestedGroupBy GROUP BY columns of the inner query blocks (subqueries, derived tables, CTEs, UNION branches)
 * @param windowColumns PARTITION BY then ORDER BY columns of window functions (any depth)
 * @param orColumns     for each OR whose branches compare two or more different columns, those columns (any depth)
 */
public record SqlAnalysis(String sql, Kind kind, boolean parsed, String parseError, List<TableRef> tables,
                          List<Predicate> predicates, List<JoinKey> joins, List<ColumnRef> orderBy,
                          List<ColumnRef> groupBy, List<ColumnRef> selectColumns, boolean selectStar, Long limit,
                          Long offset, boolean hasAggregate, List<Subquery> notInSubqueries,
                          List<Subquery> correlatedSubqueries, List<ColumnRef> nestedGroupBy,
                          List<ColumnRef> windowColumns, List<List<ColumnRef>> orColumns) {

    /** Statement kinds the optimiser distinguishes. */
    public enum Kind { SELECT, INSERT, UPDATE, DELETE, OTHER;

        public boolean isDml() {
            return this == INSERT || this == UPDATE || this == DELETE;
        }
    }

    /** Comparison shapes; RANGE covers {@code < <= > >= BETWEEN}. */
    public enum Op { EQ, NE, RANGE, IN, LIKE, IS_NULL, OTHER }

    /** What stands on the other side of a predicate. */
    public enum ValueKind { NUMBER, STRING, PARAM, NULL, SUBQUERY, EXPRESSION, NONE }

    /** A base table and the alias it goes by in the statement. */
    public record TableRef(String name, String alias) {
    }

    /** A column of a base table ({@code table} null when it could not be resolved). */
    public record ColumnRef(String table, String column, boolean desc) {
    }

    /**
     * One column predicate.
     *
     * @param table     resolved base table, or null
     * @param column    column name
     * @param op        comparison shape
     * @param valueKind what the column is compared with
     * @param value     the literal's value (strings unquoted), the parameter name ({@code $1}, {@code ?2}), or the
     *                  expression text
     * @param function  function or cast wrapped around the column ({@code lower}, {@code date}, {@code ::text}), or null
     * @param expression the wrapped operand as written ({@code lower(email)}) when {@code function} is set
     * @param negated   under NOT, or a NOT IN / NOT LIKE
     * @param text      the predicate as written
     */
    public record Predicate(String table, String column, Op op, ValueKind valueKind, String value, String function,
                            String expression, boolean negated, String text) {

        /** Usable as an index key: equality, IN, range, or a prefix LIKE, on the bare column. */
        @JsonIgnore
        public boolean sargable() {
            if (function != null || negated || table == null) {
                return false;
            }
            return switch (op) {
                case EQ, IN, RANGE -> valueKind != ValueKind.SUBQUERY || op == Op.IN;
                case LIKE -> valueKind == ValueKind.STRING && value != null && !value.startsWith("%")
                        && !value.startsWith("_");
                case IS_NULL -> true;
                default -> false;
            };
        }

        /** Equality-like (a point lookup), as opposed to a range. */
        @JsonIgnore
        public boolean isEquality() {
            return op == Op.EQ || op == Op.IN && valueKind != ValueKind.SUBQUERY || op == Op.IS_NULL;
        }
    }

    /** {@code left.leftColumn = right.rightColumn}. */
    public record JoinKey(String leftTable, String leftColumn, String rightTable, String rightColumn) {
    }

    /** A subquery worth a finding, with the outer column it depends on when known. */
    public record Subquery(String text, String outerColumn, String innerTable, String innerColumn,
                           String outerTable) {
    }

    /** Reads a statement; never throws. {@code columnsOf} maps a table name to its column names (lower case), or null. */
    public static SqlAnalysis of(String sql, Function<String, Set<String>> columnsOf) {
        return SqlAnalyzer.analyze(sql, columnsOf);
    }

    public static SqlAnalysis of(String sql) {
        return of(sql, null);
    }

    /** Predicates whose column sits inside a function, cast or operator ({@code lower(email)}), any depth. */
    @JsonIgnore
    public List<Predicate> expressionPredicates() {
        return predicates.stream().filter(p -> p.function() != null && p.expression() != null && !p.negated()
                && p.table() != null && (p.op() == Op.EQ || p.op() == Op.IN || p.op() == Op.RANGE
                || p.op() == Op.LIKE && p.valueKind() == ValueKind.STRING && p.value() != null
                && !p.value().startsWith("%") && !p.value().startsWith("_"))).toList();
    }

    /**
     * The expression of an expression predicate as an index key part: the wrapped operand with table qualifiers
     * removed ({@code lower(c.email)} → {@code lower(email)}), or null when the predicate has none or it cannot be
     * read back.
     */
    public static String indexExpression(Predicate p) {
        return p.expression() == null ? null : SqlExpressions.unqualified(p.expression());
    }

    /** Predicates on one table. */
    public List<Predicate> predicatesOn(String table) {
        return predicates.stream().filter(p -> table.equalsIgnoreCase(p.table())).toList();
    }

    /** Distinct base table names. */
    @JsonIgnore
    public List<String> tableNames() {
        return tables.stream().map(TableRef::name).map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** The kind from the first keyword, for statements the parser cannot read. */
    public static Kind kindOf(String sql) {
        for (SqlLexer.Token t : SqlLexer.tokenize(sql)) {
            if (t.kind() == SqlLexer.Kind.WORD) {
                return switch (t.text().toUpperCase(Locale.ROOT)) {
                    case "SELECT", "WITH", "VALUES", "TABLE" -> Kind.SELECT;
                    case "INSERT", "REPLACE" -> Kind.INSERT;
                    case "UPDATE" -> Kind.UPDATE;
                    case "DELETE" -> Kind.DELETE;
                    default -> Kind.OTHER;
                };
            }
            if (t.kind() == SqlLexer.Kind.PUNCT && t.text().equals("(")) {
                continue;
            }
            if (t.kind() != SqlLexer.Kind.SPACE && t.kind() != SqlLexer.Kind.COMMENT) {
                return Kind.OTHER;
            }
        }
        return Kind.OTHER;
    }
}

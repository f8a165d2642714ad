package io.dbagent.sql;

import io.dbagent.sql.SqlAnalysis.ValueKind;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Small readings of JSqlParser expressions shared by the analyzer and the rewrites. */
final class SqlExpressions {

    static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "group_concat",
            "string_agg", "array_agg", "json_agg", "stddev", "variance");

    private SqlExpressions() {
    }

    /** JSqlParser reads {@code true}/{@code false} and some keywords as columns. */
    static boolean isLiteralColumn(Column c) {
        String n = c.getColumnName().toLowerCase(Locale.ROOT);
        return c.getTable() == null && (n.equals("true") || n.equals("false") || n.equals("current_date")
                || n.equals("current_timestamp") || n.equals("localtimestamp"));
    }

    static List<Column> columns(Expression e) {
        List<Column> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                if (!isLiteralColumn(column)) {
                    out.add(column);
                }
                return null;
            }
        }, null);
        return out;
    }

    static boolean hasAggregate(Expression e) {
        boolean[] found = {false};
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
                if (AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                }
                return super.visit(f, context);
            }
        }, null);
        return found[0];
    }

    static ValueKind valueKind(Expression e) {
        Expression x = e instanceof SignedExpression s ? s.getExpression() : e;
        if (x instanceof LongValue || x instanceof DoubleValue) {
            return ValueKind.NUMBER;
        }
        if (x instanceof StringValue) {
            return ValueKind.STRING;
        }
        if (x instanceof JdbcParameter) {
            return ValueKind.PARAM;
        }
        if (x instanceof NullValue) {
            return ValueKind.NULL;
        }
        if (x instanceof ParenthesedSelect) {
            return ValueKind.SUBQUERY;
        }
        return x == null ? ValueKind.NONE : ValueKind.EXPRESSION;
    }

    static String valueText(Expression e) {
        if (e instanceof StringValue s) {
            return s.getValue().replace("''", "'");
        }
        if (e instanceof JdbcParameter p) {
            return p.isUseFixedIndex() || "$".equals(p.getParameterCharacter()) ? "$" + p.getIndex() : "?" + p.getIndex();
        }
        return e == null ? null : e.toString();
    }

    static Long longValue(Expression e) {
        if (e instanceof LongValue l) {
            return l.getValue();
        }
        return null;
    }

    /** {@code expression} re-printed with every column's table qualifier dropped, or null when it does not parse. */
    static String unqualified(String expression) {
        try {
            Expression e = net.sf.jsqlparser.parser.CCJSqlParserUtil.parseExpression(expression);
            for (Column c : columns(e)) {
                c.setTable(null);
            }
            return e.toString();
        } catch (Exception e) {
            return null;
        }
    }

    static String unquote(String name) {
        if (name == null || name.length() < 2) {
            return name;
        }
        char f = name.charAt(0);
        if ((f == '"' || f == '`' || f == '[') && (name.endsWith("\"") || name.endsWith("`") || name.endsWith("]"))) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }
}

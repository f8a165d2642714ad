package io.dbagent.advisor;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The materialized view (PG) or summary table + refresh (MySQL, SQLite) for a repeated expensive query. When the
 * query runs with different values for one equality predicate ({@code WHERE customer_id = ?}), that predicate moves
 * into the view's GROUP BY, so one view serves every value.
 */
final class Matviews {

    /** Name, DDL and the column the view is grouped by for lookups (null when it is the query as is). */
    record Plan(String name, String ddl, String groupedBy) {
    }

    private Matviews() {
    }

    static Plan plan(DialectKind d, PatternAdvisor.Group g, SqlAnalysis a) {
        String name = ("mv_" + a.tableNames().get(0) + "_" + g.id().substring(0, 6)).toLowerCase(Locale.ROOT);
        String body = g.sample();
        String groupedBy = null;
        if (g.texts().size() > 1) {
            String[] generalised = generalise(g.sample());
            if (generalised != null) {
                body = generalised[0];
                groupedBy = generalised[1];
            }
        }
        String lookup = groupedBy == null ? "SELECT * FROM " + name
                : "SELECT * FROM " + name + " WHERE " + groupedBy + " = ?";
        String ddl = Dialects.of(d).advisor().materializedViews()
                ? "CREATE MATERIALIZED VIEW " + name + " AS\n" + body + ";\n"
                    + (groupedBy == null ? "" : "CREATE UNIQUE INDEX ON " + name + " (" + groupedBy + ");  -- lets REFRESH run CONCURRENTLY\n")
                    + "-- the application reads: " + lookup + "\n"
                    + "-- refresh on a schedule (readers see the previous contents meanwhile):\n"
                    + "REFRESH MATERIALIZED VIEW " + (groupedBy == null ? "" : "CONCURRENTLY ") + name + ";"
                : "CREATE TABLE " + name + " AS\n" + body + ";\n"
                    + (groupedBy == null ? "" : "CREATE INDEX idx_" + name + " ON " + name + " (" + groupedBy + ");\n")
                    + "-- the application reads: " + lookup + "\n"
                    + "-- refresh on a schedule, in one transaction:\n"
                    + "DELETE FROM " + name + ";\nINSERT INTO " + name + "\n" + body + ";";
        return new Plan(name, ddl, groupedBy);
    }

    /** Moves the one equality-with-a-literal predicate into SELECT and GROUP BY; null when the shape differs. */
    static String[] generalise(String sql) {
        try {
            if (!(CCJSqlParserUtil.parse(sql) instanceof Select sel) || sel.getPlainSelect() == null) {
                return null;
            }
            PlainSelect ps = sel.getPlainSelect();
            List<Expression> conjuncts = new ArrayList<>();
            flatten(ps.getWhere(), conjuncts);
            EqualsTo eq = null;
            for (Expression e : conjuncts) {
                if (e instanceof EqualsTo x && x.getLeftExpression() instanceof Column && !(x.getRightExpression() instanceof Column)) {
                    if (eq != null) {
                        return null;
                    }
                    eq = x;
                }
            }
            if (eq == null) {
                return null;
            }
            Column col = (Column) eq.getLeftExpression();
            conjuncts.remove(eq);
            Expression where = null;
            for (Expression e : conjuncts) {
                where = where == null ? e : new AndExpression(where, e);
            }
            ps.setWhere(where);
            List<SelectItem<?>> items = new ArrayList<>();
            items.add(SelectItem.from(col));
            items.addAll(ps.getSelectItems());
            ps.setSelectItems(items);
            GroupByElement gb = ps.getGroupBy() == null ? new GroupByElement() : ps.getGroupBy();
            ExpressionList<Expression> list = new ExpressionList<>();
            list.add(col);
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
                for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                    list.add((Expression) o);
                }
            }
            gb.setGroupByExpressions(list);
            ps.setGroupByElement(gb);
            ps.setOrderByElements(null);
            ps.setLimit(null);
            return new String[] {ps.toString(), col.getColumnName()};
        } catch (Exception e) {
            return null;
        }
    }

    private static void flatten(Expression e, List<Expression> out) {
        if (e instanceof AndExpression and) {
            flatten(and.getLeftExpression(), out);
            flatten(and.getRightExpression(), out);
        } else if (e != null) {
            out.add(e);
        }
    }
}

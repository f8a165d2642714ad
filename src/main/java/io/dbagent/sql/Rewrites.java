package io.dbagent.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Pasteable rewrites for query findings, built on JSqlParser's tree so they keep the rest of the statement intact.
 * Each returns empty when the statement has a shape the rewrite does not cover; the finding then explains the
 * pattern in words instead.
 */
public final class Rewrites {

    private Rewrites() {
    }

    /** The statement as JSqlParser prints it (the form {@link SqlAnalysis} predicate texts are in). */
    public static Optional<String> normalized(String sql) {
        Statement st = parse(sql);
        return st == null ? Optional.empty() : Optional.of(st.toString());
    }

    /** {@code SELECT *} with the columns spelled out, given the column names of the single table it reads. */
    public static Optional<String> expandStar(String sql, List<String> columns) {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        boolean afterSelect = false;
        boolean done = false;
        for (SqlLexer.Token t : SqlLexer.tokenize(sql)) {
            if (!done && afterSelect && t.kind() == SqlLexer.Kind.PUNCT && t.text().equals("*")) {
                sb.append(String.join(", ", columns));
                done = true;
                continue;
            }
            if (t.kind() == SqlLexer.Kind.WORD) {
                afterSelect = t.text().equalsIgnoreCase("select");
            } else if (t.kind() != SqlLexer.Kind.SPACE && t.kind() != SqlLexer.Kind.COMMENT) {
                afterSelect = false;
            }
            sb.append(t.text());
        }
        return done ? Optional.of(sb.toString().strip()) : Optional.empty();
    }

    /**
     * OFFSET pagination → keyset: drop the OFFSET and continue after the last row seen, with a row comparison on the
     * ORDER BY columns ({@code (a, b) > (?, ?)}), which PostgreSQL, MySQL 8/MariaDB and SQLite 3.15+ all accept.
     * Mixed ASC/DESC orders cannot use one row comparison and are left to the user.
     */
    public static Optional<String> keyset(String sql) {
        PlainSelect ps = plainSelect(sql);
        if (ps == null || ps.getOrderByElements() == null || ps.getOrderByElements().isEmpty()) {
            return Optional.empty();
        }
        List<OrderByElement> order = ps.getOrderByElements();
        boolean desc = !order.get(0).isAsc();
        if (order.stream().anyMatch(o -> o.isAsc() == desc) || order.stream().anyMatch(o -> !(o.getExpression() instanceof Column))) {
            return Optional.empty();
        }
        String cols = order.stream().map(o -> o.getExpression().toString()).collect(Collectors.joining(", "));
        String params = order.stream().map(o -> "?").collect(Collectors.joining(", "));
        String cmp = order.size() == 1 ? cols + (desc ? " < " : " > ") + "?"
                : "(" + cols + ")" + (desc ? " < " : " > ") + "(" + params + ")";
        try {
            Expression keyset = CCJSqlParserUtil.parseCondExpression(cmp);
            ps.setWhere(ps.getWhere() == null ? keyset : new AndExpression(ps.getWhere(), keyset));
        } catch (Exception e) {
            return Optional.empty();
        }
        ps.setOffset(null);
        if (ps.getLimit() != null) {
            ps.getLimit().setOffset(null);
        }
        return Optional.of(ps + "  -- ? = the " + cols + " of the last row of the previous page");
    }

    /** {@code x NOT IN (SELECT c FROM t WHERE …)} → {@code NOT EXISTS (SELECT 1 FROM t WHERE t.c = x AND …)}. */
    public static Optional<String> notInToNotExists(String sql) {
        Statement st = parse(sql);
        if (st == null) {
            return Optional.empty();
        }
        String text = st.toString();
        List<InExpression> found = new ArrayList<>();
        collectNotIn(st, found);
        boolean changed = false;
        for (InExpression in : found) {
            if (!(in.getRightExpression() instanceof ParenthesedSelect sub) || sub.getPlainSelect() == null) {
                continue;
            }
            PlainSelect inner = sub.getPlainSelect();
            if (inner.getSelectItems().size() != 1 || !(inner.getSelectItems().get(0).getExpression() instanceof Column col)) {
                continue;
            }
            String innerCol = col.getTable() != null ? col.toString()
                    : (inner.getFromItem() instanceof Table t ? (t.getAlias() != null ? t.getAlias().getName() : t.getName())
                    + "." : "") + col.getColumnName();
            String from = inner.getFromItem() + (inner.getJoins() == null ? ""
                    : " " + inner.getJoins().stream().map(Join::toString).collect(Collectors.joining(" ")));
            // the outer column must be qualified, or inside the subquery it would bind to the inner table
            String outerCol = in.getLeftExpression().toString();
            if (in.getLeftExpression() instanceof Column oc && oc.getTable() == null
                    && st instanceof Select sel && sel.getPlainSelect() != null
                    && sel.getPlainSelect().getFromItem() instanceof Table ot) {
                outerCol = (ot.getAlias() != null ? ot.getAlias().getName() : ot.getName()) + "." + oc.getColumnName();
            }
            String where = innerCol + " = " + outerCol
                    + (inner.getWhere() == null ? "" : " AND (" + inner.getWhere() + ")");
            String replacement = "NOT EXISTS (SELECT 1 FROM " + from + " WHERE " + where + ")";
            if (text.contains(in.toString())) {
                text = text.replace(in.toString(), replacement);
                changed = true;
            }
        }
        return changed ? Optional.of(text) : Optional.empty();
    }

    /**
     * A correlated scalar aggregate in the SELECT list, {@code (SELECT agg(x) FROM t WHERE t.k = outer.c)}, → a LEFT
     * JOIN of the pre-aggregated table, computed once instead of once per outer row.
     */
    public static Optional<String> decorrelate(String sql) {
        PlainSelect outer = plainSelect(sql);
        if (outer == null) {
            return Optional.empty();
        }
        String text = outer.toString();
        List<String> joins = new ArrayList<>();
        int n = 0;
        for (SelectItem<?> item : outer.getSelectItems()) {
            if (!(item.getExpression() instanceof ParenthesedSelect sub) || sub.getPlainSelect() == null) {
                continue;
            }
            PlainSelect inner = sub.getPlainSelect();
            if (inner.getSelectItems().size() != 1 || !(inner.getWhere() instanceof EqualsTo eq)
                    || !(eq.getLeftExpression() instanceof Column a) || !(eq.getRightExpression() instanceof Column b)
                    || !(inner.getFromItem() instanceof Table t) || inner.getJoins() != null) {
                continue;
            }
            String innerName = (t.getAlias() != null ? t.getAlias().getName() : t.getName()).toLowerCase(Locale.ROOT);
            Column innerKey = qualifier(a).equals(innerName) ? a : qualifier(b).equals(innerName) ? b : null;
            Column outerKey = innerKey == a ? b : a;
            if (innerKey == null || qualifier(outerKey).equals(innerName)) {
                continue;
            }
            n++;
            String alias = "agg" + n;
            Expression value = inner.getSelectItems().get(0).getExpression();
            boolean isCount = value.toString().toLowerCase(Locale.ROOT).startsWith("count(");
            joins.add("LEFT JOIN (SELECT " + innerKey + " AS k, " + value + " AS v FROM " + t + " GROUP BY "
                    + innerKey + ") " + alias + " ON " + alias + ".k = " + outerKey);
            text = text.replace(sub.toString(), isCount ? "COALESCE(" + alias + ".v, 0)" : alias + ".v");
        }
        if (joins.isEmpty()) {
            return Optional.empty();
        }
        // the joins go after the FROM list, before WHERE / GROUP BY / ORDER BY / LIMIT
        String upper = text.toUpperCase(Locale.ROOT);
        int cut = text.length();
        for (String kw : new String[] {" WHERE ", " GROUP BY ", " HAVING ", " ORDER BY ", " LIMIT ", " OFFSET "}) {
            int i = upper.lastIndexOf(kw);
            if (i > upper.indexOf(" FROM ") && i < cut) {
                cut = i;
            }
        }
        return Optional.of(text.substring(0, cut) + " " + String.join(" ", joins) + text.substring(cut));
    }

    private static String qualifier(Column c) {
        return c.getTable() == null || c.getTable().getName() == null ? ""
                : SqlExpressions.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
    }

    private static void collectNotIn(Object node, List<InExpression> out) {
        String s = node.toString();
        if (!s.toUpperCase(Locale.ROOT).contains("NOT IN")) {
            return;
        }
        PlainSelect ps = node instanceof Select sel ? sel.getPlainSelect() : null;
        if (ps == null) {
            return;
        }
        collectNotInExpr(ps.getWhere(), out);
    }

    private static void collectNotInExpr(Expression e, List<InExpression> out) {
        if (e instanceof InExpression in && in.isNot()) {
            out.add(in);
        } else if (e instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            collectNotInExpr(b.getLeftExpression(), out);
            collectNotInExpr(b.getRightExpression(), out);
        } else if (e instanceof net.sf.jsqlparser.expression.Parenthesis p) {
            collectNotInExpr(p.getExpression(), out);
        }
    }

    private static PlainSelect plainSelect(String sql) {
        Statement st = parse(sql);
        return st instanceof Select s && s.getPlainSelect() != null ? s.getPlainSelect() : null;
    }

    private static Statement parse(String sql) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            return CCJSqlParserUtil.parse(text, p -> p.withTimeOut(2000));
        } catch (Exception e) {
            return null;
        }
    }
}

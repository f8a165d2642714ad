package io.dbagent.sql;

import io.dbagent.sql.SqlAnalysis.ColumnRef;
import io.dbagent.sql.SqlAnalysis.JoinKey;
import io.dbagent.sql.SqlAnalysis.Op;
import io.dbagent.sql.SqlAnalysis.Predicate;
import io.dbagent.sql.SqlAnalysis.Subquery;
import io.dbagent.sql.SqlAnalysis.TableRef;
import io.dbagent.sql.SqlAnalysis.ValueKind;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Builds a {@link SqlAnalysis} by walking JSqlParser's tree; one instance per statement. */
final class SqlAnalyzer {


    /** Names visible in one SELECT: alias → base table (null for derived tables). */
    private static final class Scope {
        final Scope parent;
        final Map<String, String> aliases = new LinkedHashMap<>();
        boolean sawOuter;
        String outerColumn;
        String outerTable;

        Scope(Scope parent) {
            this.parent = parent;
        }
    }

    private final String sql;
    private final Function<String, Set<String>> columnsOf;
    private final List<TableRef> tables = new ArrayList<>();
    private final List<Predicate> predicates = new ArrayList<>();
    private final List<JoinKey> joins = new ArrayList<>();
    private final List<ColumnRef> orderBy = new ArrayList<>();
    private final List<ColumnRef> groupBy = new ArrayList<>();
    private final List<ColumnRef> selectColumns = new ArrayList<>();
    private final List<Subquery> notIn = new ArrayList<>();
    private final List<Subquery> correlated = new ArrayList<>();
    private boolean selectStar;
    private boolean aggregate;
    private Long limit;
    private Long offset;

    private SqlAnalyzer(String sql, Function<String, Set<String>> columnsOf) {
        this.sql = sql;
        this.columnsOf = columnsOf;
    }

    static SqlAnalysis analyze(String sql, Function<String, Set<String>> columnsOf) {
        String text = sql.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1);
        }
        SqlAnalysis.Kind kind = SqlAnalysis.kindOf(text);
        Statement st;
        try {
            // JSqlParser reads $1 but not every PG cast or operator; parse failures degrade to "not parsed"
            st = CCJSqlParserUtil.parse(text, p -> p.withTimeOut(2000));
        } catch (Exception | StackOverflowError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = msg.indexOf('\n');
            return new SqlAnalysis(sql, kind, false, nl > 0 ? msg.substring(0, nl) : msg, List.of(), List.of(),
                    List.of(), List.of(), List.of(), List.of(), false, null, null, false, List.of(), List.of());
        }
        SqlAnalyzer a = new SqlAnalyzer(sql, columnsOf);
        try {
            a.statement(st);
        } catch (RuntimeException e) {
            // a shape we do not model: keep what we collected so far
        }
        return new SqlAnalysis(sql, kind, true, null, List.copyOf(a.tables), List.copyOf(a.predicates),
                List.copyOf(a.joins), List.copyOf(a.orderBy), List.copyOf(a.groupBy), List.copyOf(a.selectColumns),
                a.selectStar, a.limit, a.offset, a.aggregate, List.copyOf(a.notIn), List.copyOf(a.correlated));
    }

    private void statement(Statement st) {
        if (st instanceof Select s) {
            select(s, null, true);
        } else if (st instanceof Update u) {
            Scope scope = new Scope(null);
            addTable(u.getTable(), scope);
            if (u.getFromItem() != null) {
                fromItem(u.getFromItem(), scope);
            }
            joins(u.getJoins(), scope);
            where(u.getWhere(), scope, false);
        } else if (st instanceof Delete d) {
            Scope scope = new Scope(null);
            addTable(d.getTable(), scope);
            joins(d.getJoins(), scope);
            where(d.getWhere(), scope, false);
        } else if (st instanceof Insert i) {
            addTable(i.getTable(), new Scope(null));
            if (i.getSelect() != null) {
                select(i.getSelect(), null, false);
            }
        }
    }

    private void select(Select s, Scope parent, boolean outermost) {
        if (s instanceof ParenthesedSelect ps) {
            select(ps.getSelect(), parent, outermost);
            return;
        }
        if (s instanceof SetOperationList sol) {
            for (Select part : sol.getSelects()) {
                select(part, parent, false);
            }
            return;
        }
        if (s.getWithItemsList() != null) {
            for (var w : s.getWithItemsList()) {
                if (w.getSelect() != null) {
                    select(w.getSelect(), parent, false);
                }
            }
        }
        if (!(s instanceof PlainSelect ps)) {
            return;
        }
        Scope scope = new Scope(parent);
        if (ps.getFromItem() != null) {
            fromItem(ps.getFromItem(), scope);
        }
        joins(ps.getJoins(), scope);
        where(ps.getWhere(), scope, false);
        where(ps.getHaving(), scope, false);
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns) {
                if (outermost) {
                    selectStar = true;
                }
            } else if (e instanceof ParenthesedSelect sub) {
                subquery(sub, scope, true);
            } else if (outermost) {
                for (Column c : SqlExpressions.columns(e)) {
                    ColumnRef r = resolve(c, scope, false);
                    selectColumns.add(r);
                }
                if (SqlExpressions.hasAggregate(e)) {
                    aggregate = true;
                }
            }
        }
        if (outermost) {
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
                aggregate = true;
                for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                    if (o instanceof Column c) {
                        groupBy.add(resolve(c, scope, false));
                    }
                }
            }
            if (ps.getOrderByElements() != null) {
                for (OrderByElement ob : ps.getOrderByElements()) {
                    if (ob.getExpression() instanceof Column c) {
                        ColumnRef r = resolve(c, scope, false);
                        orderBy.add(new ColumnRef(r.table(), r.column(), !ob.isAsc()));
                    }
                }
            }
            if (ps.getLimit() != null) {
                limit = SqlExpressions.longValue(ps.getLimit().getRowCount());
                if (ps.getLimit().getOffset() != null) {
                    offset = SqlExpressions.longValue(ps.getLimit().getOffset());
                }
            }
            if (ps.getOffset() != null) {
                offset = SqlExpressions.longValue(ps.getOffset().getOffset());
            }
        }
    }

    private void joins(List<Join> js, Scope scope) {
        if (js == null) {
            return;
        }
        for (Join j : js) {
            fromItem(j.getFromItem(), scope);
        }
        for (Join j : js) {
            for (Expression on : j.getOnExpressions()) {
                where(on, scope, false);
            }
        }
    }

    private void fromItem(FromItem item, Scope scope) {
        if (item instanceof Table t) {
            addTable(t, scope);
        } else if (item instanceof ParenthesedSelect ps) {
            select(ps.getSelect(), scope.parent, false);
            if (ps.getAlias() != null) {
                scope.aliases.put(ps.getAlias().getName().toLowerCase(Locale.ROOT), null);
            }
        }
    }

    private void addTable(Table t, Scope scope) {
        if (t == null || t.getName() == null) {
            return;
        }
        String name = SqlExpressions.unquote(t.getName());
        String alias = t.getAlias() == null ? null : SqlExpressions.unquote(t.getAlias().getName());
        tables.add(new TableRef(name, alias));
        scope.aliases.put((alias == null ? name : alias).toLowerCase(Locale.ROOT), name);
        if (alias != null) {
            scope.aliases.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
    }

    private void where(Expression e, Scope scope, boolean negated) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression and) {
            where(and.getLeftExpression(), scope, negated);
            where(and.getRightExpression(), scope, negated);
        } else if (e instanceof OrExpression or) {
            where(or.getLeftExpression(), scope, negated);
            where(or.getRightExpression(), scope, negated);
        } else if (e instanceof Parenthesis p) {
            where(p.getExpression(), scope, negated);
        } else if (e instanceof ExpressionList<?> list && list.size() == 1) {
            where(list.get(0), scope, negated);
        } else if (e instanceof NotExpression not) {
            where(not.getExpression(), scope, !negated);
        } else if (e instanceof ExistsExpression ex) {
            if (ex.getRightExpression() instanceof ParenthesedSelect sub) {
                subquery(sub, scope, false);
            }
        } else if (e instanceof InExpression in) {
            inPredicate(in, scope, negated);
        } else if (e instanceof Between b) {
            operand(b.getLeftExpression(), scope).ifPresent(o -> predicates.add(new Predicate(o.ref.table(),
                    o.ref.column(), Op.RANGE, SqlExpressions.valueKind(b.getBetweenExpressionStart()),
                    SqlExpressions.valueText(b.getBetweenExpressionStart()), o.function, o.expression, negated || b.isNot(), b.toString())));
        } else if (e instanceof LikeExpression like) {
            operand(like.getLeftExpression(), scope).ifPresent(o -> predicates.add(new Predicate(o.ref.table(),
                    o.ref.column(), Op.LIKE, SqlExpressions.valueKind(like.getRightExpression()), SqlExpressions.valueText(like.getRightExpression()),
                    o.function, o.expression, negated || like.isNot(), like.toString())));
        } else if (e instanceof IsNullExpression isNull) {
            operand(isNull.getLeftExpression(), scope).ifPresent(o -> predicates.add(new Predicate(o.ref.table(),
                    o.ref.column(), Op.IS_NULL, ValueKind.NULL, null, o.function, o.expression, negated || isNull.isNot(),
                    isNull.toString())));
        } else if (e instanceof ComparisonOperator cmp) {
            comparison(cmp, scope, negated);
        }
    }

    private void comparison(BinaryExpression cmp, Scope scope, boolean negated) {
        Expression l = cmp.getLeftExpression();
        Expression r = cmp.getRightExpression();
        for (Expression side : new Expression[] {l, r}) {
            if (side instanceof ParenthesedSelect sub) {
                subquery(sub, scope, true);
            }
        }
        var lo = operand(l, scope);
        var ro = operand(r, scope);
        if (cmp instanceof EqualsTo && lo.isPresent() && ro.isPresent() && lo.get().function == null
                && ro.get().function == null) {
            joins.add(new JoinKey(lo.get().ref.table(), lo.get().ref.column(), ro.get().ref.table(),
                    ro.get().ref.column()));
            return;
        }
        Op op = cmp instanceof EqualsTo ? Op.EQ : cmp instanceof NotEqualsTo ? Op.NE : Op.RANGE;
        if (lo.isPresent() && ro.isEmpty() && SqlExpressions.columns(r).isEmpty()) {
            predicates.add(new Predicate(lo.get().ref.table(), lo.get().ref.column(), op, SqlExpressions.valueKind(r), SqlExpressions.valueText(r),
                    lo.get().function, lo.get().expression, negated, cmp.toString()));
        } else if (ro.isPresent() && lo.isEmpty() && SqlExpressions.columns(l).isEmpty()) {
            predicates.add(new Predicate(ro.get().ref.table(), ro.get().ref.column(), op, SqlExpressions.valueKind(l), SqlExpressions.valueText(l),
                    ro.get().function, ro.get().expression, negated, cmp.toString()));
        }
    }

    private void inPredicate(InExpression in, Scope scope, boolean negated) {
        Expression right = in.getRightExpression();
        var o = operand(in.getLeftExpression(), scope);
        boolean not = negated ^ in.isNot();
        if (right instanceof ParenthesedSelect sub) {
            Scope inner = subquery(sub, scope, false);
            if (not && o.isPresent()) {
                String innerCol = null;
                String innerTable = null;
                PlainSelect ps = sub.getPlainSelect();
                if (ps != null && ps.getSelectItems().size() == 1 && ps.getSelectItems().get(0).getExpression() instanceof Column c) {
                    innerCol = SqlExpressions.unquote(c.getColumnName());
                    innerTable = ps.getFromItem() instanceof Table t ? SqlExpressions.unquote(t.getName()) : null;
                }
                notIn.add(new Subquery(in.toString(), o.get().ref.column(), innerTable, innerCol, o.get().ref.table()));
            }
            o.ifPresent(x -> predicates.add(new Predicate(x.ref.table(), x.ref.column(), Op.IN, ValueKind.SUBQUERY,
                    sub.toString(), x.function, x.expression, not, in.toString())));
            if (inner.sawOuter) {
                // correlation inside an IN subquery is unusual but legal; the planner handles it like EXISTS
                inner.sawOuter = false;
            }
            return;
        }
        o.ifPresent(x -> {
            ValueKind vk = ValueKind.EXPRESSION;
            String first = null;
            if (right instanceof ExpressionList<?> list && !list.isEmpty()) {
                vk = SqlExpressions.valueKind(list.get(0));
                first = SqlExpressions.valueText(list.get(0));
            }
            predicates.add(new Predicate(x.ref.table(), x.ref.column(), Op.IN, vk, first, x.function, x.expression, not,
                    in.toString()));
        });
    }

    /** Walks a subquery in a child scope; a scalar one that refers to the outer query is recorded as correlated. */
    private Scope subquery(ParenthesedSelect sub, Scope scope, boolean scalar) {
        Scope probe = new Scope(scope);
        Select inner = sub.getSelect();
        if (inner instanceof PlainSelect ps) {
            if (ps.getFromItem() != null) {
                fromItem(ps.getFromItem(), probe);
            }
            joins(ps.getJoins(), probe);
            where(ps.getWhere(), probe, false);
            where(ps.getHaving(), probe, false);
            for (SelectItem<?> item : ps.getSelectItems()) {
                if (item.getExpression() instanceof ParenthesedSelect nested) {
                    subquery(nested, probe, true);
                }
            }
        } else {
            select(inner, scope, false);
        }
        if (scalar && probe.sawOuter) {
            String innerTable = probe.aliases.values().stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
            String outerCol = probe.outerColumn;
            String innerCol = joins.stream()
                    .filter(j -> innerTable != null && outerCol != null)
                    .map(j -> innerTable.equalsIgnoreCase(j.leftTable()) && outerCol.equalsIgnoreCase(j.rightColumn())
                            ? j.leftColumn()
                            : innerTable.equalsIgnoreCase(j.rightTable()) && outerCol.equalsIgnoreCase(j.leftColumn())
                            ? j.rightColumn() : null)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            correlated.add(new Subquery(sub.toString(), probe.outerColumn, innerTable, innerCol, probe.outerTable));
        }
        return probe;
    }

    /** A column operand, possibly wrapped in one function or cast. */
    private record Operand(ColumnRef ref, String function, String expression) {
    }

    private java.util.Optional<Operand> operand(Expression e, Scope scope) {
        Expression x = e;
        while (x instanceof Parenthesis p) {
            x = p.getExpression();
        }
        if (x instanceof Column c && !SqlExpressions.isLiteralColumn(c)) {
            return java.util.Optional.of(new Operand(resolve(c, scope, true), null, null));
        }
        if (x instanceof CastExpression cast && cast.getLeftExpression() instanceof Column c) {
            return java.util.Optional.of(new Operand(resolve(c, scope, true), "::" + cast.getColDataType(), x.toString()));
        }
        if (x instanceof net.sf.jsqlparser.expression.Function f && f.getParameters() != null) {
            List<Column> cols = SqlExpressions.columns(f);
            if (cols.size() == 1 && !SqlExpressions.AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(new Operand(resolve(cols.get(0), scope, true),
                        f.getName().toLowerCase(Locale.ROOT), x.toString()));
            }
        }
        if (x instanceof net.sf.jsqlparser.expression.ExtractExpression ex && ex.getExpression() instanceof Column c) {
            return java.util.Optional.of(new Operand(resolve(c, scope, true), "extract", x.toString()));
        }
        return java.util.Optional.empty();
    }

    private ColumnRef resolve(Column c, Scope scope, boolean track) {
        String col = SqlExpressions.unquote(c.getColumnName());
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
                : SqlExpressions.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        Scope s = scope;
        boolean outer = false;
        while (s != null) {
            String table = null;
            boolean found = false;
            if (qualifier != null) {
                if (s.aliases.containsKey(qualifier)) {
                    table = s.aliases.get(qualifier);
                    found = true;
                }
            } else {
                List<String> candidates = new ArrayList<>();
                for (String t : new java.util.LinkedHashSet<>(s.aliases.values())) {
                    if (t != null && columnsOf != null) {
                        Set<String> cols = columnsOf.apply(t);
                        if (cols != null && cols.contains(col.toLowerCase(Locale.ROOT))) {
                            candidates.add(t);
                        }
                    }
                }
                if (candidates.size() == 1) {
                    table = candidates.get(0);
                    found = true;
                } else if (s.parent == null || columnsOf == null) {
                    long real = s.aliases.values().stream().filter(java.util.Objects::nonNull).distinct().count();
                    if (real == 1) {
                        table = s.aliases.values().stream().filter(java.util.Objects::nonNull).findFirst().get();
                    }
                    found = true;
                }
            }
            if (found) {
                if (outer && track) {
                    scope.sawOuter = true;
                    scope.outerColumn = col;
                    scope.outerTable = table;
                }
                return new ColumnRef(table, col, false);
            }
            s = s.parent;
            outer = true;
        }
        return new ColumnRef(null, col, false);
    }

}

package io.dbagent.sql;

import io.dbagent.sql.SqlAnalysis.ColumnRef;
import io.dbagent.sql.SqlAnalysis.JoinKey;
import io.dbagent.sql.SqlAnalysis.Op;
import io.dbagent.sql.SqlAnalysis.Predicate;
import io.dbagent.sql.SqlAnalysis.Subquery;
import io.dbagent.sql.SqlAnalysis.TableRef;
import io.dbagent.sql.SqlAnalysis.ValueKind;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LongValue;
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
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a {@link SqlAnalysis} by walking JSqlParser's whole statement tree: every query block (subqueries under
 * IN, NOT IN, EXISTS, comparisons and the SELECT list, derived tables, LATERAL, CTEs including recursive ones, the
 * branches of UNION / INTERSECT / EXCEPT) adds its tables, predicates and join keys. Column references resolve
 * through table aliases, derived-table and CTE output columns, and outward through correlation, so an inner
 * {@code l.partkey = p.partkey} where {@code p} belongs to the outer query is a join key of both base tables.
 * One instance per statement.
 */
final class SqlAnalyzer {

    /** What a name in FROM stands for: a base table, or a derived table / CTE with the scope of its query. */
    private static final class Source {
        final String table;
        Scope query;
        List<String> renamed;

        Source(String table, Scope query) {
            this.table = table;
            this.query = query;
        }
    }

    /** Names visible in one query block: alias → source, and what the block's SELECT list exposes. */
    private static final class Scope {
        final Scope parent;
        final Map<String, Source> aliases = new LinkedHashMap<>();
        final Map<String, ColumnRef> exposed = new LinkedHashMap<>();
        final List<String> exposedOrder = new ArrayList<>();
        boolean star;
        boolean sawOuter;
        String outerColumn;
        String outerTable;

        Scope(Scope parent) {
            this.parent = parent;
        }

        List<String> baseTables() {
            return aliases.values().stream().map(s -> s.table).filter(Objects::nonNull).distinct().toList();
        }
    }

    private final String sql;
    private final Function<String, Set<String>> columnsOf;
    private final List<TableRef> tables = new ArrayList<>();
    private final List<Predicate> predicates = new ArrayList<>();
    private final List<JoinKey> joins = new ArrayList<>();
    private final List<ColumnRef> orderBy = new ArrayList<>();
    private final List<ColumnRef> groupBy = new ArrayList<>();
    private final List<ColumnRef> nestedGroupBy = new ArrayList<>();
    private final List<ColumnRef> windowColumns = new ArrayList<>();
    private final List<List<ColumnRef>> orColumns = new ArrayList<>();
    private boolean inOr;
    private final List<ColumnRef> selectColumns = new ArrayList<>();
    private final List<Subquery> notIn = new ArrayList<>();
    private final List<Subquery> correlated = new ArrayList<>();
    private final Map<String, Source> ctes = new LinkedHashMap<>();
    private final Map<SetOperationList, Source> recursive = new IdentityHashMap<>();
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
                    List.of(), List.of(), List.of(), List.of(), false, null, null, false, List.of(), List.of(),
                    List.of(), List.of(), List.of());
        }
        SqlAnalyzer a = new SqlAnalyzer(sql, columnsOf);
        try {
            a.statement(st);
        } catch (RuntimeException | StackOverflowError e) {
            // a shape we do not model: keep what we collected so far
        }
        return new SqlAnalysis(sql, kind, true, null, List.copyOf(a.tables), List.copyOf(a.predicates),
                List.copyOf(new LinkedHashSet<>(a.joins)), List.copyOf(a.orderBy), List.copyOf(a.groupBy),
                List.copyOf(a.selectColumns), a.selectStar, a.limit, a.offset, a.aggregate, List.copyOf(a.notIn),
                List.copyOf(a.correlated), List.copyOf(new LinkedHashSet<>(a.nestedGroupBy)),
                List.copyOf(new LinkedHashSet<>(a.windowColumns)), List.copyOf(a.orColumns));
    }

    private void statement(Statement st) {
        if (st instanceof Select s) {
            query(s, null, true);
        } else if (st instanceof Update u) {
            withItems(u.getWithItemsList(), null);
            Scope scope = new Scope(null);
            addTable(u.getTable(), scope);
            joins(u.getStartJoins(), scope);
            if (u.getFromItem() != null) {
                fromItem(u.getFromItem(), scope);
            }
            joins(u.getJoins(), scope);
            condition(u.getWhere(), scope);
            if (u.getUpdateSets() != null) {
                for (UpdateSet set : u.getUpdateSets()) {
                    if (set.getValues() != null) {
                        for (Expression v : set.getValues()) {
                            nested(v, scope);
                        }
                    }
                }
            }
        } else if (st instanceof Delete d) {
            withItems(d.getWithItemsList(), null);
            Scope scope = new Scope(null);
            addTable(d.getTable(), scope);
            joins(d.getJoins(), scope);
            condition(d.getWhere(), scope);
        } else if (st instanceof Insert i) {
            withItems(i.getWithItemsList(), null);
            addTable(i.getTable(), new Scope(null));
            if (i.getSelect() != null) {
                query(i.getSelect(), null, false);
            }
        }
    }

    // ---------------------------------------------------------------- query blocks

    /** Walks a SELECT of any shape; returns the scope whose output columns stand for the query's. */
    private Scope query(Select s, Scope parent, boolean outermost) {
        withItems(s.getWithItemsList(), parent);
        Scope result;
        if (s instanceof ParenthesedSelect ps) {
            result = query(ps.getSelect(), parent, outermost);
        } else if (s instanceof SetOperationList sol) {
            result = null;
            for (Select part : sol.getSelects()) {
                Scope branch = query(part, parent, false);
                if (result == null && recursive.containsKey(sol)) {
                    // the anchor branch of a recursive CTE gives the columns its recursive branch reads
                    recursive.get(sol).query = branch;
                }
                result = result == null ? branch : result;
            }
            if (outermost && result != null) {
                outermostTail(s, result);
            }
        } else if (s instanceof PlainSelect ps) {
            result = plain(ps, parent, outermost);
        } else {
            result = new Scope(parent);
        }
        return result == null ? new Scope(parent) : result;
    }

    private void withItems(List<WithItem<?>> items, Scope parent) {
        if (items == null) {
            return;
        }
        for (WithItem<?> w : items) {
            if (w.getSelect() == null || w.getAliasName() == null) {
                continue;
            }
            String name = SqlExpressions.unquote(w.getAliasName()).toLowerCase(Locale.ROOT);
            // registered before its body is read, so a recursive CTE's reference to itself resolves to it
            Source src = new Source(null, null);
            if (w.getWithItemList() != null) {
                src.renamed = new ArrayList<>();
                for (SelectItem<?> item : w.getWithItemList()) {
                    src.renamed.add(SqlExpressions.unquote(item.getExpression().toString()).toLowerCase(Locale.ROOT));
                }
            }
            ctes.put(name, src);
            Select body = w.getSelect();
            while (body instanceof ParenthesedSelect ps) {
                body = ps.getSelect();
            }
            if (body instanceof SetOperationList sol) {
                recursive.put(sol, src);
            }
            src.query = query(w.getSelect(), parent, false);
        }
    }

    private Scope plain(PlainSelect ps, Scope parent, boolean outermost) {
        Scope scope = new Scope(parent);
        if (ps.getFromItem() != null) {
            fromItem(ps.getFromItem(), scope);
        }
        joins(ps.getJoins(), scope);
        condition(ps.getWhere(), scope);
        condition(ps.getHaving(), scope);
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns || e instanceof AllTableColumns) {
                scope.star = true;
                if (outermost) {
                    selectStar = true;
                }
                continue;
            }
            nested(e, scope);
            String name = item.getAlias() != null ? SqlExpressions.unquote(item.getAlias().getName())
                    : e instanceof Column c ? SqlExpressions.unquote(c.getColumnName()) : null;
            if (name != null) {
                String key = name.toLowerCase(Locale.ROOT);
                scope.exposed.put(key, e instanceof Column c ? resolve(c, scope, false) : new ColumnRef(null, name, false));
                scope.exposedOrder.add(key);
            } else {
                scope.exposedOrder.add("?" + scope.exposedOrder.size());
            }
            if (outermost) {
                for (Column c : SqlExpressions.columns(e)) {
                    selectColumns.add(resolve(c, scope, false));
                }
                if (SqlExpressions.hasAggregate(e)) {
                    aggregate = true;
                }
            }
        }
        List<ColumnRef> group = new ArrayList<>();
        if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
            for (Object o : ps.getGroupBy().getGroupByExpressionList()) {
                if (o instanceof Expression e) {
                    nested(e, scope);
                    ColumnRef r = columnOf(e, ps, scope);
                    if (r != null) {
                        group.add(r);
                    }
                }
            }
        }
        if (outermost) {
            if (ps.getGroupBy() != null) {
                aggregate = true;
            }
            groupBy.addAll(group);
            outermostTail(ps, scope);
        } else {
            nestedGroupBy.addAll(group);
            if (ps.getOrderByElements() != null) {
                for (OrderByElement ob : ps.getOrderByElements()) {
                    nested(ob.getExpression(), scope);
                }
            }
        }
        return scope;
    }

    /** ORDER BY, LIMIT and OFFSET of the statement's outermost query. */
    private void outermostTail(Select s, Scope scope) {
        if (s.getOrderByElements() != null) {
            PlainSelect first = s instanceof PlainSelect p ? p : firstPlain(s);
            for (OrderByElement ob : s.getOrderByElements()) {
                nested(ob.getExpression(), scope);
                ColumnRef r = columnOf(ob.getExpression(), first, scope);
                if (r != null) {
                    orderBy.add(new ColumnRef(r.table(), r.column(), !ob.isAsc()));
                }
            }
        }
        if (s.getLimit() != null) {
            limit = SqlExpressions.longValue(s.getLimit().getRowCount());
            if (s.getLimit().getOffset() != null) {
                offset = SqlExpressions.longValue(s.getLimit().getOffset());
            }
        }
        if (s.getOffset() != null) {
            offset = SqlExpressions.longValue(s.getOffset().getOffset());
        }
    }

    private static PlainSelect firstPlain(Select s) {
        if (s instanceof PlainSelect p) {
            return p;
        }
        if (s instanceof ParenthesedSelect ps) {
            return firstPlain(ps.getSelect());
        }
        if (s instanceof SetOperationList sol && !sol.getSelects().isEmpty()) {
            return firstPlain(sol.getSelects().get(0));
        }
        return null;
    }

    /**
     * The column an ORDER BY / GROUP BY item stands for: a column, a SELECT-list alias of a column, or an ordinal
     * ({@code ORDER BY 2}).
     */
    private ColumnRef columnOf(Expression e, PlainSelect ps, Scope scope) {
        if (e instanceof LongValue n && ps != null) {
            int i = (int) n.getValue() - 1;
            if (i >= 0 && i < ps.getSelectItems().size() && ps.getSelectItems().get(i).getExpression() instanceof Column c) {
                return resolve(c, scope, false);
            }
            return null;
        }
        if (!(e instanceof Column c) || SqlExpressions.isLiteralColumn(c)) {
            return null;
        }
        if (c.getTable() == null && ps != null) {
            for (SelectItem<?> item : ps.getSelectItems()) {
                if (item.getAlias() != null && item.getExpression() instanceof Column target
                        && SqlExpressions.unquote(item.getAlias().getName()).equalsIgnoreCase(SqlExpressions.unquote(c.getColumnName()))) {
                    return resolve(target, scope, false);
                }
            }
        }
        return resolve(c, scope, false);
    }

    private void joins(List<Join> js, Scope scope) {
        if (js == null) {
            return;
        }
        for (Join j : js) {
            String before = lastBaseTable(scope);
            fromItem(j.getFromItem(), scope);
            if (j.getUsingColumns() != null && before != null && j.getFromItem() instanceof Table t) {
                String right = SqlExpressions.unquote(t.getName());
                for (Column c : j.getUsingColumns()) {
                    String col = SqlExpressions.unquote(c.getColumnName());
                    joins.add(new JoinKey(before, col, right, col));
                }
            }
        }
        for (Join j : js) {
            for (Expression on : j.getOnExpressions()) {
                condition(on, scope);
            }
        }
    }

    private static String lastBaseTable(Scope scope) {
        String last = null;
        for (Source s : scope.aliases.values()) {
            if (s.table != null) {
                last = s.table;
            }
        }
        return last;
    }

    private void fromItem(FromItem item, Scope scope) {
        if (item instanceof Table t) {
            addTable(t, scope);
        } else if (item instanceof ParenthesedSelect ps) {
            // a derived table reads only the outer query's names; LATERAL also sees the FROM items before it
            Scope inner = query(ps.getSelect(), ps instanceof LateralSubSelect ? scope : scope.parent, false);
            if (ps.getAlias() != null) {
                Source src = new Source(null, inner);
                if (ps.getAlias().getAliasColumns() != null) {
                    src.renamed = ps.getAlias().getAliasColumns().stream()
                            .map(c -> SqlExpressions.unquote(c.name).toLowerCase(Locale.ROOT)).toList();
                }
                scope.aliases.put(SqlExpressions.unquote(ps.getAlias().getName()).toLowerCase(Locale.ROOT), src);
            }
        } else if (item instanceof ParenthesedFromItem pf) {
            fromItem(pf.getFromItem(), scope);
            joins(pf.getJoins(), scope);
        }
    }

    private void addTable(Table t, Scope scope) {
        if (t == null || t.getName() == null) {
            return;
        }
        String name = SqlExpressions.unquote(t.getName());
        String alias = t.getAlias() == null ? null : SqlExpressions.unquote(t.getAlias().getName());
        Source cte = t.getSchemaName() == null ? ctes.get(name.toLowerCase(Locale.ROOT)) : null;
        if (cte != null) {
            scope.aliases.put((alias == null ? name : alias).toLowerCase(Locale.ROOT), cte);
            return;
        }
        tables.add(new TableRef(name, alias));
        Source src = new Source(name, null);
        scope.aliases.put((alias == null ? name : alias).toLowerCase(Locale.ROOT), src);
        if (alias != null) {
            scope.aliases.putIfAbsent(name.toLowerCase(Locale.ROOT), src);
        }
    }

    // ---------------------------------------------------------------- predicates

    /** A WHERE / ON / HAVING condition: its predicates and join keys, then every subquery inside it. */
    private void condition(Expression e, Scope scope) {
        if (e == null) {
            return;
        }
        where(e, scope, false);
        nested(e, scope);
    }

    private void where(Expression e, Scope scope, boolean negated) {
        if (e instanceof AndExpression and) {
            where(and.getLeftExpression(), scope, negated);
            where(and.getRightExpression(), scope, negated);
        } else if (e instanceof OrExpression or) {
            boolean outerOr = !inOr;
            int before = predicates.size();
            inOr = true;
            try {
                where(or.getLeftExpression(), scope, negated);
                where(or.getRightExpression(), scope, negated);
            } finally {
                inOr = !outerOr;
            }
            if (outerOr) {
                List<ColumnRef> cols = predicates.subList(before, predicates.size()).stream()
                        .filter(p -> p.table() != null).map(p -> new ColumnRef(p.table(), p.column(), false))
                        .distinct().toList();
                if (cols.size() >= 2) {
                    orColumns.add(cols);
                }
            }
        } else if (e instanceof Parenthesis p) {
            where(p.getExpression(), scope, negated);
        } else if (e instanceof ExpressionList<?> list && list.size() == 1) {
            where(list.get(0), scope, negated);
        } else if (e instanceof NotExpression not) {
            where(not.getExpression(), scope, !negated);
        } else if (e instanceof InExpression in) {
            inPredicate(in, scope, negated);
        } else if (e instanceof Between b) {
            operand(b.getLeftExpression(), scope).ifPresent(o -> {
                predicates.add(new Predicate(o.ref.table(), o.ref.column(), Op.RANGE,
                        SqlExpressions.valueKind(b.getBetweenExpressionStart()),
                        SqlExpressions.valueText(b.getBetweenExpressionStart()), o.function, o.expression,
                        negated || b.isNot(), b.toString()));
                if (SqlExpressions.valueKind(b.getBetweenExpressionEnd()) == ValueKind.PARAM) {
                    // the upper bound's parameter is compared with the same column (sample values are found by it)
                    predicates.add(new Predicate(o.ref.table(), o.ref.column(), Op.RANGE, ValueKind.PARAM,
                            SqlExpressions.valueText(b.getBetweenExpressionEnd()), o.function, o.expression,
                            negated || b.isNot(), b.toString()));
                }
            });
        } else if (e instanceof LikeExpression like) {
            operand(like.getLeftExpression(), scope).ifPresent(o -> predicates.add(new Predicate(o.ref.table(),
                    o.ref.column(), Op.LIKE, SqlExpressions.valueKind(like.getRightExpression()),
                    SqlExpressions.valueText(like.getRightExpression()), o.function, o.expression,
                    negated || like.isNot(), like.toString())));
        } else if (e instanceof IsNullExpression isNull) {
            operand(isNull.getLeftExpression(), scope).ifPresent(o -> predicates.add(new Predicate(o.ref.table(),
                    o.ref.column(), Op.IS_NULL, ValueKind.NULL, null, o.function, o.expression,
                    negated || isNull.isNot(), isNull.toString())));
        } else if (e instanceof ComparisonOperator cmp) {
            comparison(cmp, scope, negated);
        }
    }

    private void comparison(BinaryExpression cmp, Scope scope, boolean negated) {
        Expression l = cmp.getLeftExpression();
        Expression r = cmp.getRightExpression();
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
            predicates.add(new Predicate(lo.get().ref.table(), lo.get().ref.column(), op, SqlExpressions.valueKind(r),
                    SqlExpressions.valueText(r), lo.get().function, lo.get().expression, negated, cmp.toString()));
        } else if (ro.isPresent() && lo.isEmpty() && SqlExpressions.columns(l).isEmpty()) {
            predicates.add(new Predicate(ro.get().ref.table(), ro.get().ref.column(), op, SqlExpressions.valueKind(l),
                    SqlExpressions.valueText(l), ro.get().function, ro.get().expression, negated, cmp.toString()));
        }
    }

    private void inPredicate(InExpression in, Scope scope, boolean negated) {
        Expression right = in.getRightExpression();
        var o = operand(in.getLeftExpression(), scope);
        boolean not = negated ^ in.isNot();
        if (right instanceof ParenthesedSelect sub) {
            if (not && o.isPresent()) {
                String innerCol = null;
                String innerTable = null;
                PlainSelect ps = firstPlain(sub);
                if (ps != null && ps.getSelectItems().size() == 1
                        && ps.getSelectItems().get(0).getExpression() instanceof Column c) {
                    innerCol = SqlExpressions.unquote(c.getColumnName());
                    innerTable = ps.getFromItem() instanceof Table t ? SqlExpressions.unquote(t.getName()) : null;
                }
                notIn.add(new Subquery(in.toString(), o.get().ref.column(), innerTable, innerCol, o.get().ref.table()));
            }
            o.ifPresent(x -> predicates.add(new Predicate(x.ref.table(), x.ref.column(), Op.IN, ValueKind.SUBQUERY,
                    sub.toString(), x.function, x.expression, not, in.toString())));
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

    // ---------------------------------------------------------------- subqueries and window functions

    /**
     * Every subquery inside {@code e} (at any nesting of functions, CASE, arithmetic, IN, EXISTS) is walked as a
     * query block of its own, with {@code scope} as the outer scope; window functions add their PARTITION BY and
     * ORDER BY columns.
     */
    private void nested(Expression e, Scope scope) {
        if (e == null) {
            return;
        }
        List<ParenthesedSelect> found = new ArrayList<>();
        Map<ParenthesedSelect, Boolean> notScalar = new IdentityHashMap<>();
        List<AnalyticExpression> windows = new ArrayList<>();
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Select select, S context) {
                // JSqlParser routes every subquery in an expression here; it is walked below, not descended into
                if (select instanceof ParenthesedSelect ps) {
                    found.add(ps);
                }
                return null;
            }

            @Override
            public <S> Void visit(ExistsExpression exists, S context) {
                if (exists.getRightExpression() instanceof ParenthesedSelect ps) {
                    notScalar.put(ps, true);
                }
                return super.visit(exists, context);
            }

            @Override
            public <S> Void visit(InExpression in, S context) {
                if (in.getRightExpression() instanceof ParenthesedSelect ps) {
                    notScalar.put(ps, true);
                }
                return super.visit(in, context);
            }

            @Override
            public <S> Void visit(net.sf.jsqlparser.expression.AnyComparisonExpression any, S context) {
                if (any.getSelect() instanceof ParenthesedSelect ps) {
                    notScalar.put(ps, true);
                    found.add(ps);
                } else if (any.getSelect() != null) {
                    query(any.getSelect(), scope, false);
                }
                return null;
            }

            @Override
            public <S> Void visit(AnalyticExpression a, S context) {
                windows.add(a);
                return super.visit(a, context);
            }
        }, null);
        for (AnalyticExpression a : windows) {
            if (a.getPartitionExpressionList() != null) {
                for (Object o : a.getPartitionExpressionList()) {
                    if (o instanceof Column c && !SqlExpressions.isLiteralColumn(c)) {
                        windowColumns.add(resolve(c, scope, false));
                    }
                }
            }
            if (a.getOrderByElements() != null) {
                for (OrderByElement ob : a.getOrderByElements()) {
                    if (ob.getExpression() instanceof Column c && !SqlExpressions.isLiteralColumn(c)) {
                        ColumnRef r = resolve(c, scope, false);
                        windowColumns.add(new ColumnRef(r.table(), r.column(), !ob.isAsc()));
                    }
                }
            }
        }
        for (ParenthesedSelect sub : found) {
            subquery(sub, scope, !notScalar.containsKey(sub));
        }
    }

    /** Walks a subquery in a child scope; a scalar one that refers to the outer query is recorded as correlated. */
    private void subquery(ParenthesedSelect sub, Scope scope, boolean scalar) {
        Scope probe = query(sub.getSelect(), scope, false);
        if (scalar && probe.sawOuter) {
            String innerTable = probe.baseTables().stream().findFirst().orElse(null);
            String outerCol = probe.outerColumn;
            String innerCol = joins.stream()
                    .filter(j -> innerTable != null && outerCol != null)
                    .map(j -> innerTable.equalsIgnoreCase(j.leftTable()) && outerCol.equalsIgnoreCase(j.rightColumn())
                            ? j.leftColumn()
                            : innerTable.equalsIgnoreCase(j.rightTable()) && outerCol.equalsIgnoreCase(j.leftColumn())
                            ? j.rightColumn() : null)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            correlated.add(new Subquery(sub.toString(), probe.outerColumn, innerTable, innerCol, probe.outerTable));
        }
    }

    // ---------------------------------------------------------------- operands and names

    /** A column operand, possibly wrapped in one function, cast or JSON operator. */
    private record Operand(ColumnRef ref, String function, String expression) {
    }

    private Optional<Operand> operand(Expression e, Scope scope) {
        Expression x = e;
        while (x instanceof Parenthesis p) {
            x = p.getExpression();
        }
        if (x instanceof Column c && !SqlExpressions.isLiteralColumn(c)) {
            return Optional.of(new Operand(resolve(c, scope, true), null, null));
        }
        if (x instanceof CastExpression cast && cast.getLeftExpression() instanceof Column c) {
            return Optional.of(new Operand(resolve(c, scope, true), "::" + cast.getColDataType(), x.toString()));
        }
        if (x instanceof net.sf.jsqlparser.expression.Function f && f.getParameters() != null) {
            List<Column> cols = SqlExpressions.columns(f);
            if (cols.size() == 1 && !SqlExpressions.AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) {
                return Optional.of(new Operand(resolve(cols.get(0), scope, true),
                        f.getName().toLowerCase(Locale.ROOT), x.toString()));
            }
        }
        if (x instanceof net.sf.jsqlparser.expression.ExtractExpression ex && ex.getExpression() instanceof Column c) {
            return Optional.of(new Operand(resolve(c, scope, true), "extract", x.toString()));
        }
        if (x instanceof JsonExpression json && json.getExpression() instanceof Column c && json.getOperators() != null
                && !json.getOperators().isEmpty()) {
            return Optional.of(new Operand(resolve(c, scope, true),
                    json.getOperators().get(json.getOperators().size() - 1), x.toString()));
        }
        return Optional.empty();
    }

    private ColumnRef resolve(Column c, Scope scope, boolean track) {
        String col = SqlExpressions.unquote(c.getColumnName());
        String qualifier = c.getTable() == null || c.getTable().getName() == null ? null
                : SqlExpressions.unquote(c.getTable().getName()).toLowerCase(Locale.ROOT);
        Scope s = scope;
        boolean outer = false;
        while (s != null) {
            ColumnRef hit = null;
            boolean found = false;
            if (qualifier != null) {
                Source src = s.aliases.get(qualifier);
                if (src != null) {
                    found = true;
                    hit = src.table != null ? new ColumnRef(src.table, col, false) : through(src, col, 0);
                }
            } else {
                Lookup l = lookup(s, col, 0);
                found = l.found;
                hit = l.ref;
                if (!found && s.parent == null) {
                    List<String> real = s.baseTables();
                    hit = real.size() == 1 ? new ColumnRef(real.get(0), col, false) : null;
                    found = true;
                }
            }
            if (found) {
                if (outer && track) {
                    scope.sawOuter = true;
                    scope.outerColumn = col;
                    scope.outerTable = hit == null ? null : hit.table();
                }
                return hit == null || hit.table() == null ? new ColumnRef(null, col, false)
                        : new ColumnRef(hit.table(), hit.column(), false);
            }
            s = s.parent;
            outer = true;
        }
        return new ColumnRef(null, col, false);
    }

    private record Lookup(boolean found, ColumnRef ref) {
    }

    /**
     * An unqualified column in one scope: found when exactly one source has it (or the only source's columns are
     * unknown); not found when no source has it and every source's columns are known, so the search goes outward.
     */
    private Lookup lookup(Scope s, String col, int depth) {
        List<ColumnRef> hits = new ArrayList<>();
        int unknown = 0;
        for (Source src : new LinkedHashSet<>(s.aliases.values())) {
            if (src.table != null) {
                Set<String> cols = columnsOf == null ? null : columnsOf.apply(src.table);
                if (cols == null && columnsOf != null) {
                    cols = columnsOf.apply(src.table.toLowerCase(Locale.ROOT));
                }
                if (cols == null) {
                    unknown++;
                } else if (cols.contains(col.toLowerCase(Locale.ROOT))) {
                    hits.add(new ColumnRef(src.table, col, false));
                }
            } else {
                ColumnRef r = through(src, col, depth);
                if (r != null && (r.table() != null || exposes(src, col))) {
                    hits.add(r);
                } else if (src.query != null && src.query.star) {
                    unknown++;
                }
            }
        }
        List<ColumnRef> distinct = hits.stream().distinct().toList();
        if (distinct.size() == 1) {
            return new Lookup(true, distinct.get(0));
        }
        if (distinct.size() > 1) {
            return new Lookup(true, null);
        }
        if (unknown > 0) {
            List<String> real = s.baseTables();
            return new Lookup(true, real.size() == 1 && s.aliases.values().stream().distinct().count() == 1
                    ? new ColumnRef(real.get(0), col, false) : null);
        }
        return new Lookup(false, null);
    }

    private static boolean exposes(Source src, String col) {
        String key = col.toLowerCase(Locale.ROOT);
        return src.renamed != null ? src.renamed.contains(key) : src.query != null && src.query.exposed.containsKey(key);
    }

    /** A column of a derived table or CTE, followed to the base column it passes through (table null otherwise). */
    private ColumnRef through(Source src, String col, int depth) {
        if (src.query == null || depth > 8) {
            return null;
        }
        String key = col.toLowerCase(Locale.ROOT);
        if (src.renamed != null) {
            int i = src.renamed.indexOf(key);
            if (i < 0) {
                return null;
            }
            if (i >= src.query.exposedOrder.size()) {
                return new ColumnRef(null, col, false);
            }
            key = src.query.exposedOrder.get(i);
        }
        ColumnRef r = src.query.exposed.get(key);
        if (r != null) {
            return r;
        }
        if (src.query.star) {
            Lookup l = lookup(src.query, key, depth + 1);
            return l.found ? l.ref : null;
        }
        return src.renamed != null ? new ColumnRef(null, col, false) : null;
    }
}

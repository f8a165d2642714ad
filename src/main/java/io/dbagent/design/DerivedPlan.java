package io.dbagent.design;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How an aggregate derived attribute is computed and which rows can change it: {@code owner.column} holds
 * {@code AGG(expr)} over the {@code source} rows that reference the owner, joined to the parents the expression reads.
 * The SQL here is the same on every engine; the dialect classes wrap it in their trigger syntax.
 *
 * @param aggregateSql   e.g. {@code SUM(order_items.quantity * products.price)}, already quoted
 * @param zeroWhenEmpty  sum and count are 0 without rows; min, max and avg stay NULL
 * @param parents        every parent of the source the expression reads, plus (for MySQL, whose cascades fire no
 *                       triggers) every parent whose deletion cascades to the source
 */
public record DerivedPlan(String ownerTable, String column, String sourceTable, String ownerFk, List<Parent> parents,
                          String aggregateSql, boolean zeroWhenEmpty, UnaryOperator<String> ident) {

    /**
     * A parent of the source: {@code source.sourceFk} references {@code table.id}.
     *
     * @param columns  the parent's columns the expression reads (a change to them changes the value)
     * @param joined   whether the expression reads it (so the value query joins it)
     * @param cascades whether deleting a parent row deletes or nulls source rows
     */
    public record Parent(String table, String sourceFk, List<String> columns, boolean joined, boolean cascades) {
        public Parent {
            columns = List.copyOf(columns);
        }
    }

    public DerivedPlan {
        parents = List.copyOf(parents);
    }

    private String q(String name) {
        return ident.apply(name);
    }

    /** The value for one owner row, as a scalar subquery; {@code extraFilter} may be null. */
    public String value(String ownerIdExpr, String extraFilter) {
        StringBuilder sb = new StringBuilder("(SELECT ");
        sb.append(zeroWhenEmpty ? "COALESCE(" + aggregateSql + ", 0)" : aggregateSql);
        sb.append(" FROM ").append(q(sourceTable));
        for (Parent p : parents) {
            if (p.joined()) {
                sb.append(" JOIN ").append(q(p.table())).append(" ON ").append(q(p.table())).append(".id = ")
                        .append(q(sourceTable)).append('.').append(q(p.sourceFk()));
            }
        }
        sb.append(" WHERE ").append(q(sourceTable)).append('.').append(q(ownerFk)).append(" = ").append(ownerIdExpr);
        if (extraFilter != null) {
            sb.append(" AND ").append(extraFilter);
        }
        return sb.append(')').toString();
    }

    /** {@code UPDATE owner SET column = (value) WHERE condition}. */
    public String update(String condition, String extraFilter) {
        String owner = q(ownerTable);
        return "UPDATE " + owner + " SET " + q(column) + " = " + value(owner + ".id", extraFilter) + " WHERE "
                + condition;
    }

    /** The owner rows a parent row feeds: {@code owner.id IN (SELECT source.ownerFk FROM source WHERE …)}. */
    public String ownersOf(Parent p, String parentIdExpr) {
        return q(ownerTable) + ".id IN (SELECT " + q(sourceTable) + "." + q(ownerFk) + " FROM " + q(sourceTable)
                + " WHERE " + q(sourceTable) + "." + q(p.sourceFk()) + " = " + parentIdExpr + ")";
    }

    public String ownerIdIs(String expr) {
        return q(ownerTable) + ".id = " + expr;
    }

    public String fk(String rowAlias) {
        return rowAlias + "." + q(ownerFk);
    }

    /** Trigger name {@code trg_<source>_<owner>_<column>[_suffix]}, cut with a hash to fit 63 characters. */
    public String triggerName(String table, String suffix) {
        return Names.fit("trg_" + table + "_" + ownerTable + "_" + column + (suffix == null ? "" : "_" + suffix));
    }
}

package io.dbagent.advisor;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.SqlAnalysis;
import io.dbagent.sql.SqlAnalysis.Predicate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Index candidates from what the statements filter, join, sort and group on: single columns, equality columns
 * followed by one range column, keys that also deliver the ORDER BY, join keys with the table's filters, covering
 * variants (INCLUDE on PG, trailing key columns elsewhere) and partial indexes for constant predicates (PG,
 * SQLite), indexes on the expression of a function predicate ({@code lower(email)}) where the engine has them,
 * the GROUP BY of inner query blocks and window PARTITION BY / ORDER BY columns. A candidate equal to or a prefix of
 * an existing index or the primary key is never generated ({@link ExistingIndexFilter}).
 */
final class CandidateGenerator {

    private final DialectKind dialect;
    private final AdvisorDialect engine;
    private final Schema schema;
    private final int maxColumns;
    private final java.sql.Connection connection;
    private final Map<String, Boolean> lowCardinality = new LinkedHashMap<>();
    private final Map<String, Candidate> out = new LinkedHashMap<>();
    private final Map<String, Set<String>> origins = new LinkedHashMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    /** Partial indexes pay off for status-like columns: few distinct values, the query picks a rare one. */
    static final int LOW_CARDINALITY = 20;
    private static final String DISTINCT_IN_SAMPLE = "SELECT COUNT(DISTINCT %1$s) FROM (SELECT %1$s FROM %2$s LIMIT 10000) s";

    CandidateGenerator(DialectKind dialect, Schema schema, int maxColumns, java.sql.Connection connection) {
        this.connection = connection;
        this.dialect = dialect;
        this.engine = io.dbagent.dialect.Dialects.of(dialect).advisor();
        this.schema = schema;
        this.maxColumns = maxColumns;
    }

    /** Candidates in generation order; {@link #origins()} tells which statements suggested each. */
    List<Candidate> generate(List<Workload.Statement> statements, Map<String, SqlAnalysis> analyses) {
        for (Workload.Statement st : statements) {
            SqlAnalysis a = analyses.get(st.id());
            if (a == null || !a.parsed() || a.kind() == SqlAnalysis.Kind.INSERT) {
                continue;
            }
            for (String tableName : a.tableNames()) {
                schema.table(tableName).ifPresent(t -> forTable(st.id(), a, t));
            }
        }
        return new ArrayList<>(out.values());
    }

    Map<String, Set<String>> origins() {
        return origins;
    }

    /** What the generator could not propose and why (expression predicates on engines without expression indexes). */
    List<String> notes() {
        return new ArrayList<>(notes);
    }

    private void forTable(String origin, SqlAnalysis a, Table t) {
        List<String> eq = new ArrayList<>();
        List<String> range = new ArrayList<>();
        List<Predicate> constants = new ArrayList<>();
        for (Predicate p : a.predicatesOn(t.name())) {
            String col = t.column(p.column()).map(c -> c.name()).orElse(null);
            if (col == null || !p.sargable()) {
                continue;
            }
            if (p.isEquality()) {
                add(eq, col);
                if (p.op() == SqlAnalysis.Op.EQ && (p.valueKind() == SqlAnalysis.ValueKind.STRING
                        || p.valueKind() == SqlAnalysis.ValueKind.NUMBER)) {
                    constants.add(p);
                }
            } else {
                add(range, col);
            }
        }
        range.removeAll(eq);
        List<String> join = new ArrayList<>();
        for (SqlAnalysis.JoinKey j : a.joins()) {
            if (t.name().equalsIgnoreCase(j.leftTable())) {
                t.column(j.leftColumn()).ifPresent(c -> add(join, c.name()));
            }
            if (t.name().equalsIgnoreCase(j.rightTable())) {
                t.column(j.rightColumn()).ifPresent(c -> add(join, c.name()));
            }
        }
        List<String> order = columnsOn(t, a.orderBy());
        if (order.size() != a.orderBy().size()) {
            order = List.of();
        }
        List<String> group = columnsOn(t, a.groupBy());
        List<String> nestedGroup = columnsOn(t, a.nestedGroupBy());
        List<String> window = columnsOn(t, a.windowColumns());
        for (String c : concat(eq, range, join)) {
            emit(origin, t, List.of(c), null, null);
        }
        if (!order.isEmpty()) {
            emit(origin, t, order, null, null);
        }
        if (!group.isEmpty()) {
            emit(origin, t, group, null, null);
        }
        List<String> eqRange = concat(eq, range.isEmpty() ? List.of() : List.of(range.get(0)));
        emit(origin, t, eq, null, null);
        emit(origin, t, eqRange, null, null);
        if (eq.size() == 2) {
            emit(origin, t, List.of(eq.get(1), eq.get(0)), null, null);
            emit(origin, t, concat(List.of(eq.get(1), eq.get(0)), range.isEmpty() ? List.of() : List.of(range.get(0))),
                    null, null);
        }
        if (!order.isEmpty()) {
            emit(origin, t, concat(eq, order), null, null);
        }
        if (!group.isEmpty()) {
            emit(origin, t, concat(eq, group), null, null);
        }
        for (String j : join) {
            emit(origin, t, concat(List.of(j), eqRange), null, null);
            emit(origin, t, concat(eqRange, List.of(j)), null, null);
        }
        if (!nestedGroup.isEmpty()) {
            emit(origin, t, nestedGroup, null, null);
            emit(origin, t, concat(eq, nestedGroup), null, null);
        }
        if (!window.isEmpty()) {
            emit(origin, t, window, null, null);
            emit(origin, t, concat(eq, window), null, null);
        }
        expressions(origin, a, t, eq);
        covering(origin, a, t, eqRange.isEmpty() ? join : eqRange);
        if (engine.partialIndexes()) {
            for (Predicate p : constants) {
                String col = t.column(p.column()).get().name();
                if (!lowCardinality(t, col)) {
                    continue;
                }
                List<String> rest = new ArrayList<>(eqRange);
                rest.remove(col);
                if (rest.isEmpty()) {
                    rest = new ArrayList<>(!order.isEmpty() && !order.contains(col) ? order
                            : !join.isEmpty() ? join : t.primaryKey());
                }
                if (!rest.isEmpty()) {
                    String lit = p.valueKind() == SqlAnalysis.ValueKind.STRING
                            ? "'" + p.value().replace("'", "''") + "'" : p.value();
                    emit(origin, t, rest, null, io.dbagent.dialect.DdlWriter.of(dialect).ident(col) + " = " + lit);
                }
            }
        }
    }

    /**
     * Indexes on the expression a predicate wraps around a column ({@code lower(email) = …}, {@code created_at::date
     * = …}, {@code data->>'k' = …}): alone and after the table's equality columns, where the engine can index that
     * expression; otherwise a note saying what would serve it.
     */
    private void expressions(String origin, SqlAnalysis a, Table t, List<String> eq) {
        for (Predicate p : a.expressionPredicates()) {
            if (!t.name().equalsIgnoreCase(p.table())) {
                continue;
            }
            var column = t.column(p.column());
            String expr = SqlAnalysis.indexExpression(p);
            if (column.isEmpty() || expr == null) {
                continue;
            }
            if (!engine.indexableExpression(p.function(), column.get().type())) {
                String note = engine.noExpressionIndexNote(t.name(), expr);
                if (note != null) {
                    notes.add(note);
                }
                continue;
            }
            String key = expr.matches("(?s)[A-Za-z_][A-Za-z_0-9]*\\(.*\\)") && !p.function().startsWith("::") ? expr
                    : "(" + expr + ")";
            emit(origin, t, List.of(key), null, null);
            if (!eq.isEmpty()) {
                emit(origin, t, concat(eq, List.of(key)), null, null);
            }
        }
    }

    private boolean lowCardinality(Table t, String col) {
        return lowCardinality.computeIfAbsent((t.name() + "." + col).toLowerCase(Locale.ROOT), k -> {
            if (connection == null) {
                return false;
            }
            String q = DISTINCT_IN_SAMPLE.formatted(io.dbagent.dialect.DdlWriter.of(dialect).ident(col),
                    io.dbagent.dialect.DdlWriter.of(dialect).tableName(t.schema(), t.name()));
            try (java.sql.Statement st = connection.createStatement(); java.sql.ResultSet rs = st.executeQuery(q)) {
                return rs.next() && rs.getLong(1) <= LOW_CARDINALITY;
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
    }

    /** The key plus the columns the SELECT reads from this table, so the table itself need not be visited. */
    private void covering(String origin, SqlAnalysis a, Table t, List<String> key) {
        if (key.isEmpty() || a.selectStar() || a.kind() != SqlAnalysis.Kind.SELECT) {
            return;
        }
        List<String> extra = new ArrayList<>();
        // InnoDB and SQLite store the primary key / rowid in every index entry already
        java.util.Set<String> implicit = engine.keyInEveryIndex() ? new java.util.HashSet<>(t.primaryKey())
                : java.util.Set.of();
        for (String c : columnsOn(t, a.selectColumns())) {
            if (!key.contains(c) && !implicit.contains(c)) {
                add(extra, c);
            }
        }
        for (String c : columnsOn(t, a.orderBy())) {
            if (!key.contains(c) && !implicit.contains(c)) {
                add(extra, c);
            }
        }
        if (extra.isEmpty() || extra.size() > 4) {
            return;
        }
        if (engine.includeColumns()) {
            emit(origin, t, key, extra, null);
        } else if (key.size() + extra.size() <= maxColumns + 1) {
            emit(origin, t, concat(key, extra), null, null);
        }
    }

    private List<String> columnsOn(Table t, List<SqlAnalysis.ColumnRef> refs) {
        List<String> cols = new ArrayList<>();
        for (SqlAnalysis.ColumnRef r : refs) {
            if (t.name().equalsIgnoreCase(r.table())) {
                t.column(r.column()).ifPresent(c -> add(cols, c.name()));
            }
        }
        return cols;
    }

    private void emit(String origin, Table t, List<String> cols, List<String> include, String where) {
        if (cols.isEmpty()) {
            return;
        }
        List<String> key = cols.size() > maxColumns + (include == null && where == null ? 0 : 0)
                ? cols.subList(0, maxColumns) : cols;
        if (new LinkedHashSet<>(key).size() != key.size()) {
            return;
        }
        Candidate c = new Candidate(t.schema(), t.name(), key, include, where);
        if (ExistingIndexFilter.redundant(t, c, engine.keyInEveryIndex())) {
            return;
        }
        out.putIfAbsent(c.key(), c);
        origins.computeIfAbsent(c.key(), k -> new LinkedHashSet<>()).add(origin);
    }

    private static void add(List<String> list, String c) {
        if (!list.contains(c)) {
            list.add(c);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            for (String s : l) {
                add(out, s);
            }
        }
        return out;
    }
}

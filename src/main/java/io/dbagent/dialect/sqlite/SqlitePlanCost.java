package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic cost for a SQLite statement, since SQLite prints none: the rows its {@code EXPLAIN QUERY PLAN}
 * visits, from the table sizes and the distinct values of the columns it searches on. Loops at one level of the plan
 * nest (each runs once per row the ones before it pass on); a full scan visits every row, a search log2(rows) plus
 * the rows its key matches (twice that when it has to read the table too); temporary B-trees cost n·log2(n);
 * correlated subqueries run once per outer row. The same data and plan give the same number on every run, so the
 * advisor's choice does not depend on timing noise. Row counts and distinct counts are read once per instance.
 */
final class SqlitePlanCost {

    private static final Pattern ACCESS = Pattern.compile(
            "^(SCAN|SEARCH) (?:TABLE )?(\\S+)(?: AS (\\S+))?(?: USING (?:(COVERING|AUTOMATIC COVERING|AUTOMATIC "
                    + "PARTIAL COVERING|AUTOMATIC) )?INDEX(?: (\\S+))?| USING (INTEGER PRIMARY KEY|PRIMARY KEY))?"
                    + "(?: \\((.*)\\))?");
    private static final Pattern CONSTRAINT = Pattern.compile("(\\w+)\\s*(=|>|<|>=|<=)\\s*\\?");
    /** Rows assumed for what is not a base table (a CTE, a view, a subquery's result). */
    static final double DEFAULT_ROWS = 1000;
    static final int DISTINCT_SAMPLE = 10_000;

    private final Map<String, Double> rows = new HashMap<>();
    private final Map<String, Double> distinct = new HashMap<>();

    /** One plan row. */
    record Row(int id, int parent, String detail) {
    }

    double cost(GuardedSession g, String sql, List<Row> plan) throws SQLException {
        SqlAnalysis a = SqlAnalysis.of(sql);
        Map<String, String> tables = new HashMap<>();
        for (SqlAnalysis.TableRef t : a.tables()) {
            tables.put(t.name().toLowerCase(Locale.ROOT), t.name());
            if (t.alias() != null) {
                tables.put(t.alias().toLowerCase(Locale.ROOT), t.name());
            }
        }
        Ctx ctx = new Ctx(g, a, tables, plan);
        return Math.max(1, ctx.level(0)[0]);
    }

    private final class Ctx {
        final GuardedSession g;
        final SqlAnalysis a;
        final Map<String, String> tables;
        final List<Row> plan;

        Ctx(GuardedSession g, SqlAnalysis a, Map<String, String> tables, List<Row> plan) {
            this.g = g;
            this.a = a;
            this.tables = tables;
            this.plan = plan;
        }

        /** {cost, rows passed on} of the rows under {@code parent}, as nested loops in plan order. */
        double[] level(int parent) throws SQLException {
            double cost = 0;
            double loops = 1;
            for (Row r : plan) {
                if (r.parent() != parent) {
                    continue;
                }
                String d = r.detail();
                Matcher m = ACCESS.matcher(d);
                if (m.find()) {
                    double[] v = access(m);
                    cost += loops * v[0];
                    loops *= Math.max(1, v[1]);
                } else if (d.startsWith("USE TEMP B-TREE")) {
                    cost += loops * log2(loops);
                } else if (d.startsWith("CORRELATED")) {
                    cost += loops * level(r.id())[0];
                } else if (d.startsWith("COMPOUND") || d.startsWith("MERGE") || d.startsWith("LEFT") || d.startsWith("RIGHT")
                        || d.startsWith("UNION") || d.startsWith("MULTI-INDEX")) {
                    double[] v = level(r.id());
                    cost += v[0];
                    loops *= Math.max(1, v[1]);
                } else {
                    // LIST/SCALAR SUBQUERY, CO-ROUTINE, MATERIALIZE: run once
                    cost += level(r.id())[0];
                }
            }
            return new double[] {cost, loops};
        }

        /** {cost of one execution, rows it passes on} of one SCAN/SEARCH row. */
        double[] access(Matcher m) throws SQLException {
            boolean search = m.group(1).equals("SEARCH");
            String name = tables.getOrDefault(m.group(2).toLowerCase(Locale.ROOT),
                    tables.get(m.group(3) == null ? "" : m.group(3).toLowerCase(Locale.ROOT)));
            String how = m.group(4);
            boolean automatic = how != null && how.startsWith("AUTOMATIC");
            boolean covering = how != null && how.contains("COVERING");
            boolean pk = m.group(6) != null;
            String index = m.group(5);
            double n = name == null ? DEFAULT_ROWS : rows(name);
            double filter = name == null ? 1 : filter(name);
            if (!search) {
                double visit = index == null ? n : covering ? n * 0.5 : n * 1.5;
                return new double[] {visit, n * filter};
            }
            double matched = n;
            Matcher c = CONSTRAINT.matcher(m.group(7) == null ? "" : m.group(7));
            int ranges = 0;
            while (c.find()) {
                String col = c.group(1);
                if (c.group(2).equals("=")) {
                    matched /= col.equalsIgnoreCase("rowid") || name == null ? Math.max(1, n) : distinct(name, col);
                } else if (ranges++ < 2) {
                    matched /= 4;
                }
            }
            matched = Math.max(1, matched);
            double visit = log2(n) + matched * (covering || pk ? 1 : 2);
            if (automatic) {
                visit += n * log2(n);
            }
            return new double[] {visit, Math.max(1, Math.min(matched, n * filter))};
        }

        /** Share of a table's rows its non-join predicates keep, from equality on distinct values and fixed guesses. */
        double filter(String table) throws SQLException {
            double f = 1;
            for (SqlAnalysis.Predicate p : a.predicatesOn(table)) {
                if (p.negated()) {
                    continue;
                }
                f *= switch (p.op()) {
                    case EQ, IS_NULL -> 1 / distinct(table, p.column());
                    case IN -> Math.min(1, 3 / distinct(table, p.column()));
                    case RANGE -> 0.25;
                    default -> 0.5;
                };
            }
            return f;
        }

        double rows(String table) throws SQLException {
            String key = table.toLowerCase(Locale.ROOT);
            Double v = rows.get(key);
            if (v == null) {
                v = count("SELECT count(*) FROM " + DdlWriter.of(DialectKind.SQLITE).ident(table));
                rows.put(key, v);
            }
            return v;
        }

        /**
         * Distinct values of a column, from the first {@value #DISTINCT_SAMPLE} rows in rowid order (deterministic):
         * where the sample is mostly distinct, the values are taken to be as distinct in the whole table.
         */
        double distinct(String table, String column) throws SQLException {
            String key = (table + "." + column).toLowerCase(Locale.ROOT);
            Double v = distinct.get(key);
            if (v == null) {
                DdlWriter w = DdlWriter.of(DialectKind.SQLITE);
                double n = rows(table);
                double sample;
                double seen;
                try {
                    double[] s = pair("SELECT count(*), count(DISTINCT c) FROM (SELECT " + w.ident(column) + " AS c FROM "
                            + w.ident(table) + " LIMIT " + DISTINCT_SAMPLE + ")");
                    sample = s[0];
                    seen = s[1];
                } catch (SQLException e) {
                    // not a column of the table (an expression, a name the parser resolved elsewhere): a guess
                    sample = 10;
                    seen = 1;
                }
                v = sample <= 0 ? 1 : seen > sample / 2 ? Math.max(1, n * seen / sample) : Math.max(1, seen);
                distinct.put(key, v);
            }
            return v;
        }

        private double count(String sql) throws SQLException {
            return g.query(sql, rs -> rs.next() ? rs.getDouble(1) : 0);
        }

        private double[] pair(String sql) throws SQLException {
            return g.query(sql, rs -> rs.next() ? new double[] {rs.getDouble(1), rs.getDouble(2)} : new double[2]);
        }
    }

    static double log2(double n) {
        return Math.log(Math.max(2, n)) / Math.log(2);
    }

    static List<Row> rowsOf(List<SqlitePlanParser.Row> plan) {
        List<Row> out = new ArrayList<>();
        plan.forEach(r -> out.add(new Row(r.id(), r.parent(), r.detail())));
        return out;
    }
}

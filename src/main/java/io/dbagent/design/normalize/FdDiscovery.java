package io.dbagent.design.normalize;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * FD discovery on a live table: reads its rows (all, or the first {@code sample}), finds the minimal FDs with
 * {@link Tane}, analyses the relation they define and, when it is below 3NF, proposes the decomposition as DDL plus
 * the data migration ({@code INSERT … SELECT DISTINCT}). NULL counts as a value equal to other NULLs. Read-only.
 */
public final class FdDiscovery {

    /**
     * What to read and how strict to be. {@code maxLhs} 0 means no limit. {@code allowDestructive}: the data
     * migration ends by dropping the moved columns from the table (after its row-count checks); otherwise it only
     * says which columns could go.
     */
    public record Options(Integer sample, double maxError, int maxLhs, boolean allowDestructive) {

        public Options(Integer sample, double maxError, int maxLhs) {
            this(sample, maxError, maxLhs, false);
        }

        public Options {
            if (maxError < 0 || maxError >= 1) {
                throw DbAgentException.badInput("--max-error must be at least 0 and below 1, not " + maxError);
            }
            if (sample != null && sample < 1) {
                throw DbAgentException.badInput("--sample must be a positive row count, not " + sample);
            }
        }
    }

    /** A discovered FD with its g3 error (the fraction of rows that violate it; 0 for exact FDs). */
    @JsonPropertyOrder({"lhs", "rhs", "error"})
    public record DiscoveredFd(List<String> lhs, String rhs, double error) {
    }

    /** Everything {@code normalize --db --table} reports. */
    @JsonPropertyOrder({"table", "rowsRead", "columns", "maxError", "millis", "dependencies", "analysis", "ddl",
            "migration", "note"})
    public record Result(String table, long rowsRead, List<String> columns, double maxError, long millis,
                         List<DiscoveredFd> dependencies, NormalizationResult analysis, List<String> ddl,
                         List<String> migration, String note) {
    }

    private FdDiscovery() {
    }

    public static Result discover(DbSession session, String tableName, Options options) {
        Schema schema = Dialects.inspect(session, List.of(tableName));
        Table table = schema.table(tableName).orElseThrow(() -> DbAgentException.badInput("table '" + tableName
                + "' not found in " + session.url().redacted()));
        List<Column> columns = table.columns();
        if (columns.size() > Relation.MAX_ATTRIBUTES) {
            throw DbAgentException.badInput("table " + table.name() + " has " + columns.size()
                    + " columns; FD discovery handles at most " + Relation.MAX_ATTRIBUTES);
        }
        long t0 = System.nanoTime();
        Encoded data = read(session, table, options.sample());
        List<Tane.Found> found = Tane.discover(data.codes, data.distinct, data.rows, options.maxError(),
                options.maxLhs());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        List<String> names = columns.stream().map(Column::name).toList();
        List<DiscoveredFd> deps = new ArrayList<>();
        Relation shell = new Relation(table.name(), names, List.of());
        Relation relation = shell.withFds(toFds(found, shell, names, deps));
        NormalizationAnalyzer.Analysis analysis = NormalizationAnalyzer.analysis(relation);
        NormalizationResult result = NormalizationAnalyzer.toResult(analysis, List.of());
        String note = data.rows < 2 ? "fewer than 2 rows: every column set is a key, no FD is meaningful" : null;
        List<String> ddl = List.of();
        List<String> migration = List.of();
        if (analysis.normalForm().atLeast(NormalForm.NF3)) {
            note = note != null ? note : table.name() + " is in " + analysis.normalForm()
                    + " under the FDs its rows satisfy: nothing to decompose";
        } else {
            DecompositionPlan plan = DecompositionPlan.of(session.dialect(), table, analysis,
                    options.allowDestructive());
            ddl = plan.ddl();
            migration = plan.migration();
            if (options.maxError() > 0) {
                note = "approximate FDs: rows that violate them make SELECT DISTINCT yield duplicate keys; clean "
                        + "those rows before migrating";
            }
        }
        return new Result(table.name(), data.rows, names, options.maxError(), millis, deps, result, ddl, migration,
                note);
    }

    private record Encoded(int[][] codes, int[] distinct, int rows) {
    }

    /** Reads the table's rows (see {@link #read(DbSession, String, int, String)}). */
    private static Encoded read(DbSession session, Table table, Integer sample) {
        var d = session.dialect();
        String cols = table.columns().stream().map(c -> io.dbagent.dialect.DdlWriter.of(d).ident(c.name()))
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + cols + " FROM " + io.dbagent.dialect.DdlWriter.of(d).tableName(table.schema(), table.name())
                + (sample != null ? " LIMIT " + sample : "");
        return read(session, sql, table.columns().size(), table.name());
    }

    /**
     * FDs of the rows a query returns, e.g. a join that shows data the way a spreadsheet export would: the analysis
     * without DDL (a query has no table to migrate).
     */
    public static Result discoverQuery(DbSession session, String name, String select, Options options) {
        List<String> names;
        try (Statement st = session.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM (" + select + ") q WHERE 1 = 0")) {
            names = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnLabel(i));
            }
        } catch (SQLException e) {
            throw Sql.failure("describing the query for FD discovery", e);
        }
        long t0 = System.nanoTime();
        Encoded data = read(session, select + (options.sample() != null ? " LIMIT " + options.sample() : ""),
                names.size(), name);
        List<Tane.Found> found = Tane.discover(data.codes, data.distinct, data.rows, options.maxError(),
                options.maxLhs());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Relation shell = new Relation(name, names, List.of());
        List<DiscoveredFd> deps = new ArrayList<>();
        Relation relation = shell.withFds(toFds(found, shell, names, deps));
        NormalizationResult result = NormalizationAnalyzer.analyze(relation);
        return new Result(name, data.rows, names, options.maxError(), millis, deps, result, List.of(), List.of(), null);
    }

    private static List<Fd> toFds(List<Tane.Found> found, Relation shell, List<String> names,
                                  List<DiscoveredFd> deps) {
        Map<Long, Long> byLhs = new LinkedHashMap<>();
        List<Tane.Found> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparingInt((Tane.Found f) -> Long.bitCount(f.lhs()))
                .thenComparing(Tane.Found::lhs, Long::compareUnsigned).thenComparingInt(Tane.Found::rhs));
        for (Tane.Found f : sorted) {
            byLhs.merge(f.lhs(), 1L << f.rhs(), (a, b) -> a | b);
            deps.add(new DiscoveredFd(shell.names(f.lhs()), names.get(f.rhs()), f.error()));
        }
        List<Fd> fds = new ArrayList<>();
        byLhs.forEach((l, r) -> fds.add(new Fd(l, r)));
        return fds;
    }

    /** Reads the rows and replaces each value by a small integer per column (equal text, equal code). */
    private static Encoded read(DbSession session, String sql, int m, String what) {
        List<Map<String, Integer>> dict = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            dict.add(new HashMap<>());
        }
        int[][] codes = new int[m][1024];
        int rows = 0;
        try (Statement st = session.connection().createStatement()) {
            st.setFetchSize(Dialects.of(session).streamingFetchSize(5000));
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    if (rows == codes[0].length) {
                        for (int i = 0; i < m; i++) {
                            codes[i] = java.util.Arrays.copyOf(codes[i], rows * 2);
                        }
                    }
                    for (int i = 0; i < m; i++) {
                        String v = rs.getString(i + 1);
                        Map<String, Integer> di = dict.get(i);
                        Integer code = di.get(v == null ? "\u0000null" : v);
                        if (code == null) {
                            code = di.size();
                            di.put(v == null ? "\u0000null" : v, code);
                        }
                        codes[i][rows] = code;
                    }
                    rows++;
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading " + what + " for FD discovery", e);
        }
        int[] distinct = new int[m];
        for (int i = 0; i < m; i++) {
            codes[i] = java.util.Arrays.copyOf(codes[i], rows);
            distinct[i] = Math.max(1, dict.get(i).size());
        }
        return new Encoded(codes, distinct, rows);
    }
}

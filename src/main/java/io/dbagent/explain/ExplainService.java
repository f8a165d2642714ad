package io.dbagent.explain;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ExecutionContext;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.IndexSpec;
import io.dbagent.guard.StatementGuard;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.Redactor;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.Placeholders;
import io.dbagent.sql.ScriptSplitter;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code dbagent explain}: runs the engine's EXPLAIN (ANALYZE), parses it into the neutral tree, times repeated runs
 * and reports plan and query findings. Statements that change data are only executed inside a transaction that is
 * always rolled back; everything it runs goes through a {@link GuardedSession} (the statement guard, the time limit).
 */
public final class ExplainService {

    static final int MAX_RUNS = 1000;

    private ExplainService() {
    }

    /** Opens the session the statement needs (writable only to execute DML, which is then rolled back). */
    public static Report<ExplainPayload> explain(DbUrl url, ExplainOptions o) {
        String sql = singleStatement(o.sql());
        SqlAnalysis.Kind kind = SqlAnalysis.kindOf(sql);
        // MySQL refuses even a plain EXPLAIN of DML inside a read-only transaction
        boolean needsWrite = kind.isDml() && (o.analyze() || o.runs() > 0
                || Dialects.of(url).readOnlyRefusesExplainOfDml());
        try (DbSession s = ConnectionFactory.open(url, needsWrite ? ConnectionFactory.Access.WRITE
                : ConnectionFactory.Access.READ_ONLY)) {
            return explain(s, o);
        }
    }

    /** The most hypothetical indexes one explain takes. */
    public static final int MAX_HYPOTHETICAL = 20;

    /**
     * Explains on a read-only session as if {@code hypothetical} indexes existed (each a {@code CREATE INDEX} or
     * {@code table(columns)}, read by {@link StatementGuard#readHypotheticalIndex}); planning only, so --analyze and
     * --runs are refused. Empty: the same as {@link #explain(DbUrl, ExplainOptions)}.
     */
    public static Report<ExplainPayload> explain(DbUrl url, ExplainOptions o, List<String> hypothetical) {
        if (hypothetical == null || hypothetical.isEmpty()) {
            return explain(url, o);
        }
        List<IndexSpec> specs = hypotheticalSpecs(url.dialect(), o, hypothetical);
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.READ_ONLY)) {
            return explainHypothetical(s, o, specs);
        }
    }

    /** {@link #explain(DbUrl, ExplainOptions, List)} on a session the caller opened (read-only is enough). */
    public static Report<ExplainPayload> explain(DbSession s, ExplainOptions o, List<String> hypothetical) {
        if (hypothetical == null || hypothetical.isEmpty()) {
            return explain(s, o);
        }
        return explainHypothetical(s, o, hypotheticalSpecs(s.dialect(), o, hypothetical));
    }

    private static List<IndexSpec> hypotheticalSpecs(DialectKind dialect, ExplainOptions o, List<String> texts) {
        if (o.analyze() || o.runs() > 0) {
            throw DbAgentException.badInput("hypothetical indexes exist only for the planner: explain them without "
                    + "--analyze and --runs");
        }
        if (texts.size() > MAX_HYPOTHETICAL) {
            throw DbAgentException.badInput("at most " + MAX_HYPOTHETICAL + " hypothetical indexes, got "
                    + texts.size());
        }
        List<IndexSpec> specs = texts.stream().map(t -> StatementGuard.readHypotheticalIndex(dialect, t)).toList();
        if (Dialects.of(dialect).hypotheticalIndexes().isEmpty()) {
            throw DbAgentException.badInput("hypothetical indexes are not available on "
                    + Dialects.of(dialect).productName(null) + " (PostgreSQL "
                    + "with hypopg only): to cost real builds on a scratch copy use 'dbagent advise --what-if "
                    + "scratch' with the statement as the workload");
        }
        return specs;
    }

    private static Report<ExplainPayload> explainHypothetical(DbSession s, ExplainOptions o, List<IndexSpec> specs) {
        Schema schema = o.schema() != null ? o.schema() : Dialects.inspect(s);
        ExplainOptions withSchema = ExplainOptions.builder(o.sql()).analyze(false).runs(0).params(o.params())
                .schema(schema).timeout(o.timeout()).devServer(o.devServer()).build();
        HypotheticalIndexes part = Dialects.of(s).hypotheticalIndexes().orElseThrow();
        // the statement is refused before any hypothetical index is made for it
        precheck(s, withSchema, schema);
        try (HypotheticalIndexes.Created created = part.create(s, schema, specs)) {
            Report<ExplainPayload> r = explain(s, withSchema);
            ExplainPayload p = r.payload();
            List<String> notes = new ArrayList<>(p.notes());
            notes.add("planned as if these hypothetical indexes existed (this session only, removed afterwards): "
                    + String.join("; ", created.ddl()));
            return r.withPayload(new ExplainPayload(p.sql(), p.statement(), p.analyzed(), p.method(), p.parameters(),
                    p.plan(), p.planningMs(), p.executionMs(), p.timing(), p.rolledBack(), p.costUnit(), notes));
        }
    }

    /**
     * The checks {@link #explain(DbSession, ExplainOptions)} makes of a statement it only plans (one statement of a
     * kind explain takes, passed by the guard), without running anything.
     */
    private static void precheck(DbSession s, ExplainOptions o, Schema schema) {
        String sql = singleStatement(o.sql());
        SqlAnalysis analysis = SqlAnalysis.of(sql, columnsOf(schema));
        if (analysis.kind() == SqlAnalysis.Kind.OTHER) {
            throw DbAgentException.badInput("explain takes one SELECT, INSERT, UPDATE, DELETE or WITH statement, not: "
                    + abbreviate(sql));
        }
        GuardedSession g = s.readOnly() && !analysis.kind().isDml()
                ? GuardedSession.read(s, o.timeout()) : GuardedSession.measure(s, o.timeout());
        g.check(sql);
    }

    /**
     * Explains on {@code s}. Planning only (no --analyze, no --runs) of a read on a read-only session is the read
     * context; anything else is the measure context, where every execution, and the EXPLAIN itself, runs inside a
     * transaction that is rolled back. Either way the guard checks the statement before anything runs, and every
     * statement (the EXPLAIN, each timed run, each sample-value query) is bounded by {@link ExplainOptions#timeout()}.
     */
    public static Report<ExplainPayload> explain(DbSession s, ExplainOptions o) {
        String sql = singleStatement(o.sql());
        if (o.runs() < 0 || o.runs() > MAX_RUNS) {
            throw DbAgentException.badInput("--runs must be between 0 and " + MAX_RUNS + ", got " + o.runs());
        }
        Schema schema = o.schema() != null ? o.schema() : Dialects.inspect(s);
        SqlAnalysis analysis = SqlAnalysis.of(sql, columnsOf(schema));
        if (analysis.kind() == SqlAnalysis.Kind.OTHER) {
            throw DbAgentException.badInput("explain takes one SELECT, INSERT, UPDATE, DELETE or WITH statement, not: "
                    + abbreviate(sql));
        }
        boolean executes = o.analyze() || o.runs() > 0;
        boolean execDml = analysis.kind().isDml() && executes;
        if (execDml && s.readOnly()) {
            throw DbAgentException.badInput("executing " + analysis.kind() + " needs a writable session "
                    + "(it is rolled back afterwards)");
        }
        GuardedSession g = s.readOnly() && !executes && !analysis.kind().isDml()
                ? GuardedSession.read(s, o.timeout()) : GuardedSession.measure(s, o.timeout());
        sql = g.check(sql).sql();
        ExplainRunner runner = ExplainRunner.of(s);
        if (execDml) {
            runner.requireRollback(g, analysis);
        }
        List<String> notes = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        try {
            ParameterValues params = ParameterValues.resolve(g, sql, analysis, o, schema);
            String execSql = params == null || params.substituted() == null ? sql : g.check(params.substituted()).sql();
            boolean generic = params != null && "generic-plan".equals(params.mode());
            String planned = sql;
            ExplainRunner.RawPlan raw = g.context() == ExecutionContext.MEASURE
                    ? g.rolledBack(() -> plan(g, runner, planned, execSql, generic, params, o.analyze()))
                    : plan(g, runner, planned, execSql, generic, params, o.analyze());
            Timing timing = o.runs() > 0 ? time(g, execSql, o.runs()) : null;
            if (execDml) {
                notes.add(runner.rolledBackNote());
            }
            if (params != null) {
                notes.add(params.note());
            }
            FindingContext ctx = new FindingContext(s.dialect(), s.isMariaDb(), s.majorVersion(), schema, analysis,
                    raw, timing, o.analyze(), sql);
            List<Finding> findings = new ArrayList<>(PlanFindings.of(ctx, skipped));
            findings.addAll(QueryFindings.of(ctx, skipped));
            findings = PlanFindings.scansExplainedByCasts(findings);
            IndexFixCheck.Planner planner = stmt -> {
                if (stmt.equals(planned)) {
                    return (g.context() == ExecutionContext.MEASURE
                            ? g.rolledBack(() -> plan(g, runner, planned, execSql, generic, params, false))
                            : plan(g, runner, planned, execSql, generic, params, false)).plan();
                }
                String checked = g.check(stmt).sql();
                boolean hasParams = Placeholders.count(checked) > 0;
                if (hasParams && !generic) {
                    throw new SQLException("the rewritten statement has parameters without values");
                }
                return (g.context() == ExecutionContext.MEASURE
                        ? g.rolledBack(() -> plan(g, runner, checked, checked, hasParams, params, false))
                        : plan(g, runner, checked, checked, hasParams, params, false)).plan();
            };
            findings = FixVerification.apply(findings, sql, Dialects.of(s).indexFixCheck(),
                    new IndexFixCheck.Context(g, planner, schema, o.devServer()), notes);
            ExplainPayload payload = new ExplainPayload(sql, analysis.kind().name(), o.analyze(), raw.method(),
                    params == null ? null : params.asRecord(), raw.plan(), raw.planningMs(), raw.executionMs(), timing,
                    o.analyze() || execDml ? Boolean.TRUE : null, runner.costUnit(), notes);
            return new Report<>("explain", s.url().redacted(), s.describe(), findings, skipped,
                    ExplainRenderer.metrics(payload), payload);
        } catch (SQLException e) {
            throw rejected(e);
        }
    }

    private static ExplainRunner.RawPlan plan(GuardedSession g, ExplainRunner runner, String sql, String execSql,
                                              boolean generic, ParameterValues params, boolean analyze)
            throws SQLException {
        return generic ? runner.explainGeneric(g, sql, params.count())
                : runner.explain(g, execSql, analyze);
    }

    /**
     * Binds {@code $n}/{@code ?} parameters of a statement to sample values read from the columns they are compared
     * with (the advisor needs runnable statements); statements without parameters come back unchanged. The sample
     * queries run under {@code g}'s limit.
     */
    public static String bindSampleValues(GuardedSession g, String sql, Schema schema) {
        if (Placeholders.count(sql) == 0) {
            return sql;
        }
        SqlAnalysis a = SqlAnalysis.of(sql, columnsOf(schema));
        try {
            ParameterValues p = ParameterValues.resolve(g, sql, a,
                    ExplainOptions.builder(sql).analyze(true).timeout(g.timeout()).build(), schema);
            return p == null ? sql : p.substituted();
        } catch (SQLException e) {
            throw rejected(e);
        }
    }

    /**
     * Wall time of {@code runs} executions in the measure context: each one inside its own transaction that is rolled
     * back, each one under the limit.
     */
    public static Timing timeStatement(GuardedSession g, String sql, int runs) {
        try {
            return time(g, sql, runs);
        } catch (SQLException e) {
            throw rejected(e);
        }
    }

    /** The engine refused the statement: bad input, one line. */
    public static DbAgentException rejected(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        msg = msg.replaceFirst("^\\[SQLITE_ERROR\\] SQL error or missing database \\((.*)\\)$", "$1");
        return new DbAgentException(DbAgentException.Code.BAD_INPUT,
                Redactor.redact("the database rejected the statement: " + msg.trim()), e);
    }

    static Timing time(GuardedSession g, String sql, int runs) throws SQLException {
        if (g.context() != ExecutionContext.MEASURE) {
            throw new IllegalStateException("timed executions belong to the measure context");
        }
        List<Double> ms = new ArrayList<>();
        // one warm-up run, discarded: caches and the first plan are not what repeated runs see
        g.rolledBack(() -> Timing.once(g, sql, new long[1]));
        for (int i = 0; i < runs; i++) {
            ms.add(g.rolledBack(() -> Timing.once(g, sql, new long[1])));
        }
        return Timing.of(ms);
    }

    /** Exactly one statement, without its trailing semicolon. */
    public static String singleStatement(String text) {
        if (text == null || text.isBlank()) {
            throw DbAgentException.badInput("no SQL given: pass the statement as an argument or with --file");
        }
        List<String> parts = ScriptSplitter.split(text).stream().filter(p -> !isOnlyComments(p)).toList();
        if (parts.isEmpty()) {
            throw DbAgentException.badInput("no SQL given: the input holds only comments");
        }
        if (parts.size() > 1) {
            throw DbAgentException.badInput("explain takes one statement, got " + parts.size()
                    + " (use 'dbagent advise --workload FILE' for several)");
        }
        String s = parts.get(0).strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).stripTrailing() : s;
    }

    static boolean isOnlyComments(String s) {
        return io.dbagent.sql.SqlLexer.tokenize(s).stream().allMatch(t -> t.kind() == io.dbagent.sql.SqlLexer.Kind.SPACE
                || t.kind() == io.dbagent.sql.SqlLexer.Kind.COMMENT
                || t.kind() == io.dbagent.sql.SqlLexer.Kind.PUNCT && t.text().equals(";"));
    }

    /** Column names per table, lower case, for resolving unqualified columns. */
    public static Function<String, Set<String>> columnsOf(Schema schema) {
        return name -> schema.table(name).map(t -> t.columns().stream()
                .map(col -> col.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet())).orElse(null);
    }

    static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").trim();
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }

    /** Quoted table name for generated SQL. */
    static String tableSql(DialectKind d, Table t) {
        return DdlWriter.of(d).tableName(t.schema(), t.name());
    }
}

package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.ExplainService;
import io.dbagent.explain.PlanNode;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.DbSession;
import io.dbagent.explain.Timing;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code advise --apply}: measures every workload statement, creates the recommended indexes (PG with CONCURRENTLY,
 * so writes go on), refreshes the statistics of their tables and measures again. Times are the median of several
 * runs after one warm-up run each, so the cache state is alike before and after. The measurements are the measure
 * context (each statement checked by the guard, every run inside a transaction that is rolled back and under the
 * time limit); creating the approved indexes is the write context and has no limit.
 */
public final class AdviceApplier {

    private AdviceApplier() {
    }

    /** {@link #apply(DbSession, Report, int, Duration)} with the default limit of 30 s per measured statement. */
    public static Report<Advice> apply(DbSession rw, Report<Advice> report, int runs) {
        return apply(rw, report, runs, Timeouts.DEFAULT);
    }

    /** Creates the recommended indexes and measures the workload before and after; the findings stay as they were. */
    public static Report<Advice> apply(DbSession rw, Report<Advice> report, int runs, Duration timeout) {
        Advice advice = report.payload();
        if (rw.readOnly()) {
            throw DbAgentException.badInput("--apply needs a writable session");
        }
        if (runs < 1) {
            throw DbAgentException.badInput("measure runs must be at least 1");
        }
        Schema schema = Dialects.inspect(rw);
        try {
            rw.connection().setAutoCommit(true);
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
        GuardedSession g = GuardedSession.measure(rw, timeout);
        List<String> sql = new ArrayList<>();
        List<Boolean> dml = new ArrayList<>();
        for (Advice.StatementCost st : advice.statements()) {
            sql.add(g.check(ExplainService.bindSampleValues(g, g.check(st.sql()).sql(), schema)).sql());
            dml.add(SqlAnalysis.kindOf(st.sql()).isDml());
        }
        try {
            List<String> plansBefore = plans(g, sql, dml);
            List<io.dbagent.explain.Timing> before = measure(g, sql, runs);
            List<Advice.Recommendation> applied = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>();
            // building the approved indexes may take long on big tables: no statement limit while it runs
            Timeouts.clearServerSide(rw);
            try (Statement st = rw.connection().createStatement()) {
                for (Advice.Recommendation r : advice.recommendations()) {
                    try {
                        st.execute(r.ddl().endsWith(";") ? r.ddl().substring(0, r.ddl().length() - 1) : r.ddl());
                    } catch (SQLException e) {
                        throw new DbAgentException(DbAgentException.Code.DATABASE, "creating the index failed ("
                                + applied.size() + " of " + advice.recommendations().size() + " were created before): "
                                + r.ddl() + ": " + ExplainService.rejected(e).getMessage()
                                .replace("the database rejected the statement: ", ""), e);
                    }
                    applied.add(r.withApplied());
                    tables.add(r.table());
                }
                for (String t : tables) {
                    String tbl = DdlWriter.of(rw.dialect()).tableName(schema.table(t).map(x -> x.schema()).orElse(null), t);
                    String analyze = Dialects.of(rw).advisor().analyzeTable(tbl);
                    if (st.execute(analyze)) {
                        st.getResultSet().close();
                    }
                }
            } finally {
                Timeouts.applyServerSide(rw, g.timeout());
            }
            List<io.dbagent.explain.Timing> after = measure(g, sql, runs);
            List<String> plansAfter = plans(g, sql, dml);
            Set<String> names = new LinkedHashSet<>();
            advice.recommendations().forEach(r -> names.add(nameOf(r.ddl()).toLowerCase(java.util.Locale.ROOT)));
            Schema now = Dialects.inspect(rw);
            double totalWeight = advice.statements().stream().mapToDouble(Advice.StatementCost::weight).sum();
            List<Advice.Measured> measured = new ArrayList<>();
            List<Finding> regressions = new ArrayList<>();
            for (int i = 0; i < sql.size(); i++) {
                Set<String> used = usedNew(plansAfter.get(i), names);
                boolean uses = !used.isEmpty();
                Advice.StatementCost sc = advice.statements().get(i);
                Timing b = before.get(i);
                Timing a = after.get(i);
                String verdict = Advice.Measured.verdict(b, a, uses, plansBefore.get(i).equals(plansAfter.get(i)));
                Double speedup = verdict.equals(Advice.Measured.FASTER) && a.p50Ms() > 0
                        ? Math.round(100 * b.p50Ms() / a.p50Ms()) / 100.0 : null;
                measured.add(new Advice.Measured(sc.id(), sc.sql(), b.p50Ms(), a.p50Ms(), b.minMs(), a.minMs(), uses,
                        b.p25Ms(), b.p75Ms(), a.p25Ms(), a.p75Ms(), verdict, speedup));
                if (verdict.equals(Advice.Measured.SLOWER)) {
                    double share = totalWeight <= 0 ? 0 : 100 * sc.weight() / totalWeight;
                    regressions.add(regression(rw, now, report.target(), sc, b, a, share, used, plansBefore.get(i),
                            plansAfter.get(i)));
                }
            }
            long faster = measured.stream().filter(m -> Advice.Measured.FASTER.equals(m.verdict())).count();
            List<String> notes = new ArrayList<>(List.of("applied " + applied.size() + " index(es) and measured each "
                    + "statement " + runs + " times after one warm-up run, before and after: a speed-up is reported "
                    + "only where the interquartile ranges do not overlap and the plan uses a new index ("
                    + faster + " of " + measured.size() + " statement(s))"));
            if (!regressions.isEmpty()) {
                notes.add(regressions.size() + " statement(s) got measurably slower: see the index-regression "
                        + "findings; an index that slows a statement above 1 % of the workload weight should be "
                        + "dropped (the fix) rather than kept");
            }
            List<Finding> findings = new ArrayList<>(report.findings());
            findings.addAll(regressions);
            return new Report<>(report.command(), report.target(), report.product(), findings, report.skipped(),
                    report.metrics(), advice.withApplied(applied, measured, notes));
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    private static List<Timing> measure(GuardedSession g, List<String> sql, int runs) {
        List<Timing> out = new ArrayList<>();
        for (String one : sql) {
            out.add(ExplainService.timeStatement(g, one, runs));
        }
        return out;
    }

    /** One line per statement: the plan's nodes with their relations and indexes; empty for DML (not explained). */
    private static List<String> plans(GuardedSession g, List<String> sql, List<Boolean> dml) throws SQLException {
        ExplainRunner runner = ExplainRunner.of(g.session());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            if (dml.get(i)) {
                out.add("");
                continue;
            }
            String one = sql.get(i);
            PlanNode plan = g.rolledBack(() -> runner.explain(g, one, false)).plan();
            out.add(String.join(" -> ", plan.walk().map(n -> n.node()
                    + (n.relation() == null ? "" : " on " + n.relation())
                    + (n.index() == null ? "" : " using " + n.index())).toList()));
        }
        return out;
    }

    private static Set<String> usedNew(String plan, Set<String> names) {
        Set<String> used = new LinkedHashSet<>();
        for (String n : names) {
            if (plan.toLowerCase(java.util.Locale.ROOT).contains(" using " + n)) {
                used.add(n);
            }
        }
        return used;
    }

    /** A statement measurably slower with the new indexes: both plans, and the DROP of the new index it now uses. */
    static Finding regression(DbSession rw, Schema now, String target, Advice.StatementCost sc, Timing b, Timing a,
                              double weightPct, Set<String> used, String planBefore, String planAfter) {
        List<String> drops = new ArrayList<>();
        for (io.dbagent.schema.Table t : now.tables()) {
            for (io.dbagent.schema.Index i : t.indexes()) {
                if (used.contains(i.name().toLowerCase(java.util.Locale.ROOT))) {
                    drops.add(DdlWriter.of(rw.dialect()).dropIndex(t, i) + ";");
                }
            }
        }
        return Finding.builder("index-regression", Severity.WARN)
                .subject(sc.id())
                .message(String.format(java.util.Locale.ROOT, "%s (%.1f %% of the workload weight) got slower with "
                                + "the new index %s: median %.3f ms -> %.3f ms, interquartile range %.3f-%.3f ms "
                                + "before and %.3f-%.3f ms after", sc.id(), weightPct, String.join(", ", used),
                        b.p50Ms(), a.p50Ms(), b.p25Ms(), b.p75Ms(), a.p25Ms(), a.p75Ms()))
                .fix(String.join("\n", drops))
                .evidence("sql", sc.sql())
                .evidence("weightPct", Math.round(weightPct * 100) / 100.0)
                .evidence("planBefore", planBefore)
                .evidence("planAfter", planAfter)
                .build();
    }

    /** The index name in our CREATE INDEX / ADD INDEX statements. */
    static String nameOf(String ddl) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?i)(?:CREATE INDEX(?: CONCURRENTLY)?|ADD INDEX)\\s+(\"[^\"]+\"|`[^`]+`|\\S+)").matcher(ddl);
        return m.find() ? m.group(1).replaceAll("[\"`]", "") : ddl;
    }
}

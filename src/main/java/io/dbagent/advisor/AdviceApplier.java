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

    /** {@link #apply(DbSession, Report, int, Duration, boolean)} dropping indexes that slow a statement down. */
    public static Report<Advice> apply(DbSession rw, Report<Advice> report, int runs, Duration timeout) {
        return apply(rw, report, runs, timeout, false);
    }

    /**
     * Creates the recommended indexes and measures the workload before and after. A new index that a statement of
     * more than {@value #EXCLUDE_ABOVE_PCT} % of the workload weight uses and is measurably slower with is dropped
     * again and the workload measured once more, unless {@code keepSlower}; it is reported in
     * {@link Advice#excluded()} and an {@code index-regression} finding either way.
     */
    public static Report<Advice> apply(DbSession rw, Report<Advice> report, int runs, Duration timeout,
                                       boolean keepSlower) {
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
            List<Advice.Measured> measured = measured(advice, before, after, plansBefore, plansAfter, names);
            // an index that makes a statement above 1 % of the workload measurably slower is dropped again
            Set<String> exclude = new LinkedHashSet<>();
            List<Finding> regressions = new ArrayList<>();
            List<Integer> slower = new ArrayList<>();
            for (int i = 0; i < sql.size(); i++) {
                if (Advice.Measured.SLOWER.equals(measured.get(i).verdict())) {
                    slower.add(i);
                    if (!keepSlower && share(advice.statements().get(i).weight(), totalWeight) > EXCLUDE_ABOVE_PCT
                            && materiallySlower(measured.get(i))) {
                        exclude.addAll(usedNew(plansAfter.get(i), names));
                    }
                }
            }
            List<Advice.Excluded> excluded = new ArrayList<>();
            List<Timing> dropped = after;
            List<String> plansDropped = plansAfter;
            if (!exclude.isEmpty()) {
                dropIndexes(rw, now, exclude, g.timeout());
                dropped = measure(g, sql, runs);
                plansDropped = plans(g, sql, dml);
                Set<String> kept = new LinkedHashSet<>(names);
                kept.removeAll(exclude);
                measured = measured(advice, before, dropped, plansBefore, plansDropped, kept);
                applied.replaceAll(r -> exclude.contains(nameOf(r.ddl()).toLowerCase(java.util.Locale.ROOT))
                        ? r.withApplied(false) : r);
            }
            for (int i : slower) {
                Advice.StatementCost sc = advice.statements().get(i);
                Set<String> used = usedNew(plansAfter.get(i), names);
                double share = share(sc.weight(), totalWeight);
                boolean wasExcluded = !used.isEmpty() && exclude.containsAll(used);
                if (wasExcluded) {
                    for (String n : used) {
                        String ddl = advice.recommendations().stream()
                                .filter(r -> nameOf(r.ddl()).equalsIgnoreCase(n)).map(Advice.Recommendation::ddl)
                                .findFirst().orElse(n);
                        excluded.add(new Advice.Excluded(ddl, n, sc.id(), Math.round(share * 100) / 100.0,
                                before.get(i).p50Ms(), after.get(i).p50Ms(), dropped.get(i).p50Ms(),
                                plansBefore.get(i), plansAfter.get(i), plansDropped.get(i)));
                    }
                }
                regressions.add(regression(rw, now, report.target(), sc, before.get(i), after.get(i), share, used,
                        plansBefore.get(i), plansAfter.get(i), wasExcluded ? dropped.get(i) : null,
                        wasExcluded ? plansDropped.get(i) : null));
            }
            long faster = measured.stream().filter(m -> Advice.Measured.FASTER.equals(m.verdict())).count();
            long created = applied.stream().filter(r -> Boolean.TRUE.equals(r.applied())).count();
            List<String> notes = new ArrayList<>(List.of("applied " + applied.size() + " index(es) and measured each "
                    + "statement " + runs + " times after one warm-up run, before and after: a speed-up is reported "
                    + "only where the interquartile ranges do not overlap and the plan uses a new index ("
                    + faster + " of " + measured.size() + " statement(s))"));
            if (!exclude.isEmpty()) {
                notes.add("dropped " + exclude.size() + " of the new index(es) again (" + String.join(", ", exclude)
                        + "): each made a statement above " + EXCLUDE_ABOVE_PCT + " % of the workload weight "
                        + "measurably slower; " + created + " index(es) remain and the measurements above are with "
                        + "those only (--keep-slower keeps them)");
            }
            if (regressions.size() > excluded.stream().map(Advice.Excluded::statement).distinct().count()) {
                notes.add("some statement(s) got measurably slower and their index was kept"
                        + (keepSlower ? " (--keep-slower)" : " (the statement is at most " + EXCLUDE_ABOVE_PCT
                        + " % of the workload weight)") + ": see the index-regression findings");
            }
            List<Finding> findings = new ArrayList<>(report.findings());
            findings.addAll(regressions);
            return new Report<>(report.command(), report.target(), report.product(), findings, report.skipped(),
                    report.metrics(), advice.withApplied(applied, measured, notes, excluded));
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    /** Share of the workload weight above which a slowed statement's new index is dropped again. */
    public static final double EXCLUDE_ABOVE_PCT = 1.0;

    /**
     * How much slower (median) a statement must be before its index is dropped again: at least this factor and
     * {@link #EXCLUDE_MIN_MS} more. Ranges of a sub-millisecond statement can stop overlapping from noise alone; such
     * a statement is still reported (index-regression) but does not cost the workload its index.
     */
    public static final double EXCLUDE_MIN_FACTOR = 1.2;

    /** See {@link #EXCLUDE_MIN_FACTOR}. */
    public static final double EXCLUDE_MIN_MS = 1.0;

    static boolean materiallySlower(Advice.Measured m) {
        return m.afterMs() >= m.beforeMs() * EXCLUDE_MIN_FACTOR && m.afterMs() - m.beforeMs() >= EXCLUDE_MIN_MS;
    }

    private static double share(double weight, double total) {
        return total <= 0 ? 0 : 100 * weight / total;
    }

    private static List<Advice.Measured> measured(Advice advice, List<Timing> before, List<Timing> after,
                                                  List<String> plansBefore, List<String> plansAfter,
                                                  Set<String> names) {
        List<Advice.Measured> out = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Set<String> used = usedNew(plansAfter.get(i), names);
            boolean uses = !used.isEmpty();
            Advice.StatementCost sc = advice.statements().get(i);
            Timing b = before.get(i);
            Timing a = after.get(i);
            String verdict = Advice.Measured.verdict(b, a, uses, plansBefore.get(i).equals(plansAfter.get(i)));
            Double speedup = verdict.equals(Advice.Measured.FASTER) && a.p50Ms() > 0
                    ? Math.round(100 * b.p50Ms() / a.p50Ms()) / 100.0 : null;
            out.add(new Advice.Measured(sc.id(), sc.sql(), b.p50Ms(), a.p50Ms(), b.minMs(), a.minMs(), uses,
                    b.p25Ms(), b.p75Ms(), a.p25Ms(), a.p75Ms(), verdict, speedup));
        }
        return out;
    }

    /** Drops the named new indexes (no statement limit: a concurrent drop waits for running transactions). */
    private static void dropIndexes(DbSession rw, Schema now, Set<String> names, Duration timeout)
            throws SQLException {
        Timeouts.clearServerSide(rw);
        try (Statement st = rw.connection().createStatement()) {
            for (io.dbagent.schema.Table t : now.tables()) {
                for (io.dbagent.schema.Index i : t.indexes()) {
                    if (names.contains(i.name().toLowerCase(java.util.Locale.ROOT))) {
                        String ddl = DdlWriter.of(rw.dialect()).dropIndex(t, i);
                        st.execute(ddl.endsWith(";") ? ddl.substring(0, ddl.length() - 1) : ddl);
                    }
                }
            }
        } finally {
            Timeouts.applyServerSide(rw, timeout);
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
        return regression(rw, now, target, sc, b, a, weightPct, used, planBefore, planAfter, null, null);
    }

    /**
     * The same; {@code dropped} and {@code planDropped} are set when the index was dropped again (the statement's
     * time and plan without it): then the fix is only a comment, as there is nothing left to drop.
     */
    static Finding regression(DbSession rw, Schema now, String target, Advice.StatementCost sc, Timing b, Timing a,
                              double weightPct, Set<String> used, String planBefore, String planAfter,
                              Timing dropped, String planDropped) {
        List<String> drops = new ArrayList<>();
        for (io.dbagent.schema.Table t : now.tables()) {
            for (io.dbagent.schema.Index i : t.indexes()) {
                if (used.contains(i.name().toLowerCase(java.util.Locale.ROOT))) {
                    drops.add(DdlWriter.of(rw.dialect()).dropIndex(t, i) + ";");
                }
            }
        }
        String msg = String.format(java.util.Locale.ROOT, "%s (%.1f %% of the workload weight) got slower with "
                        + "the new index %s: median %.3f ms -> %.3f ms, interquartile range %.3f-%.3f ms "
                        + "before and %.3f-%.3f ms after", sc.id(), weightPct, String.join(", ", used),
                b.p50Ms(), a.p50Ms(), b.p25Ms(), b.p75Ms(), a.p25Ms(), a.p75Ms());
        String fix = String.join("\n", drops);
        if (dropped != null) {
            msg += String.format(java.util.Locale.ROOT, "; the index was dropped again and the statement measured "
                    + "%.3f ms without it", dropped.p50Ms());
            fix = "-- nothing to do: " + String.join(", ", used) + " was dropped again (advise --apply --keep-slower "
                    + "keeps it)";
        }
        Finding.Builder fb = Finding.builder("index-regression", Severity.WARN)
                .subject(sc.id())
                .message(msg)
                .fix(fix)
                .evidence("sql", sc.sql())
                .evidence("weightPct", Math.round(weightPct * 100) / 100.0)
                .evidence("planBefore", planBefore)
                .evidence("planAfter", planAfter);
        if (dropped != null) {
            fb.evidence("excluded", true).evidence("droppedMs", Math.round(dropped.p50Ms() * 1000) / 1000.0)
                    .evidence("planDropped", planDropped);
        }
        return fb.build();
    }

    /** The index name in our CREATE INDEX / ADD INDEX statements. */
    static String nameOf(String ddl) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?i)(?:CREATE INDEX(?: CONCURRENTLY)?|ADD INDEX)\\s+(\"[^\"]+\"|`[^`]+`|\\S+)").matcher(ddl);
        return m.find() ? m.group(1).replaceAll("[\"`]", "") : ddl;
    }
}

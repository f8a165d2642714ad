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
import io.dbagent.report.Report;
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
            Set<String> names = new LinkedHashSet<>();
            advice.recommendations().forEach(r -> names.add(nameOf(r.ddl())));
            ExplainRunner runner = ExplainRunner.of(rw);
            List<Advice.Measured> measured = new ArrayList<>();
            for (int i = 0; i < sql.size(); i++) {
                boolean uses = false;
                if (!dml.get(i)) {
                    String one = sql.get(i);
                    PlanNode plan = g.rolledBack(() -> runner.explain(g, one, false)).plan();
                    uses = names.stream().anyMatch(n -> plan.usesIndex(null, n));
                }
                Advice.StatementCost sc = advice.statements().get(i);
                measured.add(new Advice.Measured(sc.id(), sc.sql(), before.get(i).p50Ms(), after.get(i).p50Ms(),
                        before.get(i).minMs(), after.get(i).minMs(), uses));
            }
            return report.withPayload(advice.withApplied(applied, measured, List.of("applied " + applied.size()
                    + " index(es) and measured each statement " + runs + " times (median and best) before and after")));
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    private static List<io.dbagent.explain.Timing> measure(GuardedSession g, List<String> sql, int runs) {
        List<io.dbagent.explain.Timing> out = new ArrayList<>();
        for (String one : sql) {
            ExplainService.timeStatement(g, one, 1);
            out.add(ExplainService.timeStatement(g, one, runs));
        }
        return out;
    }

    /** The index name in our CREATE INDEX / ADD INDEX statements. */
    static String nameOf(String ddl) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?i)(?:CREATE INDEX(?: CONCURRENTLY)?|ADD INDEX)\\s+(\"[^\"]+\"|`[^`]+`|\\S+)").matcher(ddl);
        return m.find() ? m.group(1).replaceAll("[\"`]", "") : ddl;
    }
}

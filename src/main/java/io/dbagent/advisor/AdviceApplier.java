package io.dbagent.advisor;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Ddl;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.mysql.MysqlOptimizerSql;
import io.dbagent.dialect.postgres.PostgresOptimizerSql;
import io.dbagent.dialect.sqlite.SqliteOptimizerSql;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.ExplainService;
import io.dbagent.explain.PlanNode;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.Schema;
import io.dbagent.sql.SqlAnalysis;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code advise --apply}: measures every workload statement, creates the recommended indexes (PG with CONCURRENTLY,
 * so writes go on), refreshes the statistics of their tables and measures again. Times are the median of several
 * runs after one warm-up run each, so the cache state is alike before and after.
 */
public final class AdviceApplier {

    private AdviceApplier() {
    }

    public static Advice apply(DbSession rw, Advice advice, int runs) {
        if (rw.readOnly()) {
            throw DbAgentException.badInput("--apply needs a writable session");
        }
        if (runs < 1) {
            throw DbAgentException.badInput("measure runs must be at least 1");
        }
        Schema schema = Dialects.inspect(rw);
        List<String> sql = new ArrayList<>();
        List<Boolean> dml = new ArrayList<>();
        for (Advice.StatementCost st : advice.statements()) {
            sql.add(ExplainService.bindSampleValues(rw, st.sql(), schema));
            dml.add(SqlAnalysis.kindOf(st.sql()).isDml());
        }
        try {
            rw.connection().setAutoCommit(true);
            List<io.dbagent.explain.Timing> before = measure(rw, sql, dml, runs);
            List<Advice.Recommendation> applied = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>();
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
                    String tbl = Ddl.table(rw.dialect(), schema.table(t).map(x -> x.schema()).orElse(null), t);
                    String analyze = switch (rw.dialect()) {
                        case POSTGRES -> PostgresOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(tbl);
                        case MYSQL -> MysqlOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(tbl);
                        case SQLITE -> SqliteOptimizerSql.ANALYZE_TABLE_TEMPLATE.formatted(tbl);
                    };
                    if (st.execute(analyze)) {
                        st.getResultSet().close();
                    }
                }
            }
            List<io.dbagent.explain.Timing> after = measure(rw, sql, dml, runs);
            Set<String> names = new LinkedHashSet<>();
            advice.recommendations().forEach(r -> names.add(nameOf(r.ddl())));
            ExplainRunner runner = ExplainRunner.of(rw);
            List<Advice.Measured> measured = new ArrayList<>();
            for (int i = 0; i < sql.size(); i++) {
                boolean uses = false;
                if (!dml.get(i)) {
                    PlanNode plan = runner.explain(rw.connection(), sql.get(i), false).plan();
                    uses = names.stream().anyMatch(n -> plan.usesIndex(null, n));
                }
                Advice.StatementCost sc = advice.statements().get(i);
                measured.add(new Advice.Measured(sc.id(), sc.sql(), before.get(i).p50Ms(), after.get(i).p50Ms(),
                        before.get(i).minMs(), after.get(i).minMs(), uses));
            }
            return advice.withApplied(applied, measured, List.of("applied " + applied.size()
                    + " index(es) and measured each statement " + runs + " times (median and best) before and after"));
        } catch (SQLException e) {
            throw ExplainService.rejected(e);
        }
    }

    private static List<io.dbagent.explain.Timing> measure(DbSession s, List<String> sql, List<Boolean> dml, int runs) {
        List<io.dbagent.explain.Timing> out = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            ExplainService.timeStatement(s.connection(), sql.get(i), 1, dml.get(i));
            out.add(ExplainService.timeStatement(s.connection(), sql.get(i), runs, dml.get(i)));
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

package io.dbagent.dialect.mysql;

import io.dbagent.advisor.Candidate;
import io.dbagent.advisor.ScratchCopies;
import io.dbagent.advisor.SizeEstimator;
import io.dbagent.advisor.WhatIf;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.mysql.MysqlOptimizerSql;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MySQL/MariaDB what-if: DDL there commits, so candidates are built on scratch copies. Each table the workload reads
 * is copied into a session-scoped TEMPORARY table of the same name, which shadows the real table for this session
 * only; candidates are added to and dropped from the copy and the optimizer's {@code Last_query_cost} is compared.
 * Nothing is left behind: temporary tables vanish when the session ends, even if dbagent dies.
 *
 * <p>Limits: tables above {@link #SAMPLE_ROWS} rows are sampled (RAND() below the fraction), so costs are those of
 * a smaller table with the same value distribution; foreign keys and triggers are not copied (they do not change
 * read plans); copying needs the CREATE TEMPORARY TABLES privilege and takes time proportional to the sample.
 */
final class ScratchWhatIf implements WhatIf {

    static final long SAMPLE_ROWS = 200_000;

    private final Connection c;
    private final GuardedSession guarded;
    /** With a development server: the scratch database there, its session, and the live session copied from. */
    private final io.dbagent.jdbc.ScratchDatabase scratch;
    private final DbSession scratchSession;
    private final DbSession live;
    private final ExplainRunner runner;
    private final Schema schema;
    private final SizeEstimator estimator;
    private final ScratchCopies copies = new ScratchCopies(SAMPLE_ROWS);
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private long builds;
    private long buildMs;
    private int seq;

    ScratchWhatIf(GuardedSession g, Schema schema) {
        DbSession s = g.session();
        this.c = s.connection();
        this.guarded = g;
        this.runner = ExplainRunner.of(s);
        this.schema = schema;
        this.estimator = new SizeEstimator(DialectKind.MYSQL, schema, c);
        this.scratch = null;
        this.scratchSession = null;
        this.live = null;
    }

    /**
     * Copies to a scratch database on the development server instead: the live server only answers reads (each
     * table's definition and a sample of its rows); every build and every costing happens on the copy, which is
     * dropped on {@link #close()}.
     */
    private ScratchWhatIf(GuardedSession liveRead, Schema schema, io.dbagent.jdbc.ScratchDatabase scratch,
                          DbSession scratchSession) {
        this.live = liveRead.session();
        this.scratch = scratch;
        this.scratchSession = scratchSession;
        this.c = scratchSession.connection();
        this.guarded = GuardedSession.measure(scratchSession, liveRead.timeout());
        this.runner = ExplainRunner.of(scratchSession);
        this.schema = schema;
        this.estimator = new SizeEstimator(DialectKind.MYSQL, schema, live.connection());
    }

    /** Opens a scratch database on {@code devServer}; closing the result drops it. */
    static ScratchWhatIf onDevServer(GuardedSession liveRead, Schema schema, io.dbagent.jdbc.DbUrl devServer) {
        io.dbagent.jdbc.ScratchDatabase db = io.dbagent.jdbc.ScratchDatabase.create(DialectKind.MYSQL, devServer,
                liveRead.session().url());
        try {
            return new ScratchWhatIf(liveRead, schema, db, db.openWritable());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Where the copies live, for the report's method. */
    String where() {
        return scratch == null ? "session TEMPORARY tables on " + guarded.session().url().hostPort()
                : scratch.note();
    }

    /** Copies the tables the statements read; call once before costing. */
    @Override
    public void prepare(Set<String> tables) throws SQLException {
        if (scratch != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET foreign_key_checks = 0");
                copies.copy(guarded, schema, tables, (t, fraction) -> {
                    String real = DdlWriter.of(DialectKind.MYSQL).ident(t.name());
                    st.execute(MysqlIndexFixCheck.createStatement(live.connection(), live.url().database(),
                            t.name()));
                    long rows = MysqlIndexFixCheck.copyRows(live.connection(), c, live.url().database(), t.name(),
                            t.rowEstimate(), SAMPLE_ROWS);
                    st.executeQuery(MysqlOptimizerSql.SCRATCH_ANALYZE_TEMPLATE.formatted(real)).close();
                    return rows;
                });
            }
            return;
        }
        DdlWriter w = DdlWriter.of(DialectKind.MYSQL);
        try (Statement st = c.createStatement()) {
            copies.copy(guarded, schema, tables, (t, fraction) -> {
                String real = w.ident(t.name());
                String tmp = w.ident("dbagent_scratch_" + t.name());
                st.execute(MysqlOptimizerSql.SCRATCH_CREATE_TEMPLATE.formatted(tmp, real));
                long rows = fraction == null
                        ? st.executeUpdate(MysqlOptimizerSql.SCRATCH_FILL_ALL_TEMPLATE.formatted(tmp, real))
                        : st.executeUpdate(MysqlOptimizerSql.SCRATCH_FILL_SAMPLE_TEMPLATE.formatted(tmp, real,
                        String.format(Locale.ROOT, "%.6f", fraction)));
                st.execute(MysqlOptimizerSql.SCRATCH_RENAME_TEMPLATE.formatted(tmp, real));
                st.executeQuery(MysqlOptimizerSql.SCRATCH_ANALYZE_TEMPLATE.formatted(real)).close();
                return rows;
            });
        }
    }

    @Override
    public String method() {
        return scratch == null ? "scratch copy (session TEMPORARY tables)"
                : "scratch copy (database " + scratchSession.url().database() + " on the development server "
                + scratch.url().hostPort() + ")";
    }

    @Override
    public String costUnit() {
        return runner.costUnit();
    }

    @Override
    public Map<String, Double> costs(List<Candidate> config, List<WhatIf.Stmt> statements) throws SQLException {
        Map<String, List<String>> added = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            try {
                for (Candidate cand : config) {
                    String name = "dbagent_whatif_" + (++seq);
                    long t0 = System.nanoTime();
                    st.execute("ALTER TABLE " + DdlWriter.of(DialectKind.MYSQL).ident(cand.table()) + " ADD INDEX "
                            + DdlWriter.of(DialectKind.MYSQL).ident(name) + " (" + keyParts(cand) + ")");
                    buildMs += (System.nanoTime() - t0) / 1_000_000;
                    builds++;
                    added.computeIfAbsent(cand.table(), k -> new ArrayList<>()).add(name);
                }
                for (String table : added.keySet()) {
                    st.executeQuery(MysqlOptimizerSql.SCRATCH_ANALYZE_TEMPLATE.formatted(
                            DdlWriter.of(DialectKind.MYSQL).ident(table))).close();
                }
                Map<String, Double> out = new LinkedHashMap<>();
                for (WhatIf.Stmt s : statements) {
                    out.put(s.id(), s.analysis().kind().isDml() ? 0.0 : runner.cost(guarded, s.sql()));
                }
                return out;
            } finally {
                for (Map.Entry<String, List<String>> e : added.entrySet()) {
                    for (String idx : e.getValue()) {
                        st.execute("ALTER TABLE " + DdlWriter.of(DialectKind.MYSQL).ident(e.getKey()) + " DROP INDEX "
                                + DdlWriter.of(DialectKind.MYSQL).ident(idx));
                    }
                }
            }
        }
    }

    /** TEXT/BLOB columns need a prefix length in a MySQL index. */
    String keyParts(Candidate cand) {
        Table t = schema.table(cand.table()).orElseThrow();
        List<String> parts = new ArrayList<>();
        for (String col : cand.columns()) {
            String type = t.column(col).map(x -> x.type().toLowerCase(Locale.ROOT)).orElse("");
            String ident = DdlWriter.of(DialectKind.MYSQL).ident(col);
            parts.add(type.contains("text") || type.contains("blob") ? ident + "(191)" : ident);
        }
        return String.join(", ", parts);
    }

    @Override
    public Map<String, Long> measuredSizes() {
        return sizes;
    }

    @Override
    public long sizeOf(Candidate cand) throws SQLException {
        Long s = sizes.get(cand.key());
        if (s == null) {
            s = estimator.estimate(cand);
            sizes.put(cand.key(), s);
        }
        return s;
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        copies.putStats(m);
        m.put("indexBuilds", builds);
        m.put("indexBuildMs", buildMs);
        return m;
    }

    @Override
    public void close() {
        if (scratch != null) {
            try {
                scratchSession.close();
            } finally {
                scratch.close();
            }
            return;
        }
        try (Statement st = c.createStatement()) {
            for (String t : copies.copied()) {
                st.execute(MysqlOptimizerSql.SCRATCH_DROP_TEMPLATE.formatted(DdlWriter.of(DialectKind.MYSQL).ident(t)));
            }
        } catch (SQLException ignored) {
            // temporary tables end with the session anyway
        }
    }
}

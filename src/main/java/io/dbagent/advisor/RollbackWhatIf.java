package io.dbagent.advisor;

import io.dbagent.dialect.Dialects;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real indexes built inside a transaction that is always rolled back (PostgreSQL and SQLite have transactional DDL).
 * Exact, but it costs a real build per candidate, and while a build runs the table is locked against writes
 * (PG: SHARE lock, up to lock_timeout 5 s to get it; SQLite: the database write lock). The time spent building is
 * reported. PG costs are planner costs; SQLite prints none, so its cost is the rows the plan visits, estimated
 * from the plan with the index in place (nothing is executed).
 */
public final class RollbackWhatIf implements WhatIf {

    private final DbSession session;
    private final GuardedSession guarded;
    private final Connection c;
    private final ExplainRunner runner;
    private final SizeEstimator estimator;
    private final Map<String, Long> sizes = new HashMap<>();
    private long builds;
    private long buildMs;
    private int seq;

    public RollbackWhatIf(GuardedSession g, Schema schema) {
        DbSession s = g.session();
        this.session = s;
        this.guarded = g;
        this.c = s.connection();
        this.runner = ExplainRunner.of(s);
        this.estimator = new SizeEstimator(s.dialect(), schema, c);
    }

    @Override
    public String method() {
        return "rolled-back CREATE INDEX";
    }

    @Override
    public String costUnit() {
        return runner.costUnit();
    }

    @Override
    public Map<String, Double> costs(List<Candidate> config, List<Stmt> statements) throws SQLException {
        boolean auto = c.getAutoCommit();
        DialectKind d = session.dialect();
        AdvisorDialect engine = Dialects.of(d).advisor();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            engine.beforeIndexBuilds(st);
            for (Candidate cand : config) {
                String name = "dbagent_whatif_" + (++seq);
                long t0 = System.nanoTime();
                st.execute(cand.plainDdl(d, name));
                buildMs += (System.nanoTime() - t0) / 1_000_000;
                builds++;
                if (!sizes.containsKey(cand.key())) {
                    sizes.put(cand.key(), measuredSize(name, cand));
                }
            }
            engine.afterIndexBuilds(st, guarded.timeout().toMillis());
            Map<String, Double> out = new LinkedHashMap<>();
            for (Stmt s : statements) {
                out.put(s.id(), cost(st, s));
            }
            return out;
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** Inside the build transaction; a savepoint undoes whatever the statement did (SQLite times DML by running it). */
    private double cost(Statement st, Stmt s) throws SQLException {
        return guarded.rolledBack(() -> runner.cost(guarded, s.sql()));
    }

    private long measuredSize(String name, Candidate cand) throws SQLException {
        long built = Dialects.of(session).advisor().builtIndexSize(c, cand.schema(), name);
        if (built > 0) {
            return built;
        }
        return estimator.estimate(cand);
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("indexBuilds", builds);
        m.put("indexBuildMs", buildMs);
        return m;
    }

    @Override
    public void close() {
        // every build was rolled back in costs()
    }

    @Override
    public Map<String, Long> measuredSizes() {
        return sizes;
    }
}

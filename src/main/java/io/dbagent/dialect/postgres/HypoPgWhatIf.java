package io.dbagent.dialect.postgres;

import io.dbagent.advisor.Candidate;
import io.dbagent.advisor.WhatIf;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hypothetical indexes with hypopg: the planner sees them, nothing is built. When the extension is available but
 * not created in the database, it is created inside a transaction that is rolled back at the end, so the database
 * is left as it was (that needs a writable session and the right to CREATE EXTENSION).
 */
final class HypoPgWhatIf implements WhatIf {

    private final Connection c;
    private final GuardedSession guarded;
    private final ExplainRunner runner;
    private final boolean ownTransaction;
    private final Map<String, Long> sizes = new HashMap<>();
    private long hypotheses;
    private long hypoMs;
    private long corrected;

    private HypoPgWhatIf(GuardedSession g, boolean ownTransaction) {
        this.c = g.connection();
        this.guarded = g;
        this.runner = ExplainRunner.of(g.session());
        this.ownTransaction = ownTransaction;
    }

    /** Installed already: usable on a read-only session. */
    static boolean installed(Connection c) throws SQLException {
        return exists(c, PostgresOptimizerSql.HYPOPG_INSTALLED);
    }

    static boolean available(Connection c) throws SQLException {
        return exists(c, PostgresOptimizerSql.HYPOPG_AVAILABLE);
    }

    /** Uses the installed extension, or creates it in a transaction that {@link #close()} rolls back. */
    static HypoPgWhatIf open(GuardedSession g) throws SQLException {
        DbSession s = g.session();
        if (installed(s.connection())) {
            return new HypoPgWhatIf(g, false);
        }
        s.connection().setAutoCommit(false);
        try (Statement st = s.connection().createStatement()) {
            st.execute(PostgresOptimizerSql.HYPOPG_CREATE_EXTENSION);
        } catch (SQLException e) {
            s.connection().rollback();
            s.connection().setAutoCommit(true);
            throw e;
        }
        return new HypoPgWhatIf(g, true);
    }

    @Override
    public Map<String, Long> measuredSizes() {
        return sizes;
    }

    @Override
    public String method() {
        return "hypopg";
    }

    @Override
    public boolean buildsIndexes() {
        return false;
    }

    @Override
    public String costUnit() {
        return runner.costUnit();
    }

    @Override
    public Map<String, Double> costs(List<Candidate> config, List<WhatIf.Stmt> statements) throws SQLException {
        List<Long> oids = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (Candidate cand : config) {
                try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.HYPOPG_CREATE_INDEX)) {
                    ps.setString(1, cand.plainDdl(DialectKind.POSTGRES, null));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long oid = rs.getLong(1);
                        oids.add(oid);
                        hypotheses++;
                        if (!sizes.containsKey(cand.key())) {
                            long raw = size(oid);
                            sizes.put(cand.key(), Math.max(8192, Math.round(raw * dedupFactor(cand))));
                        }
                    }
                }
            }
            hypoMs += (System.nanoTime() - t0) / 1_000_000;
            Map<String, Double> out = new LinkedHashMap<>();
            for (WhatIf.Stmt st : statements) {
                out.put(st.id(), guarded.rolledBack(() -> runner.cost(guarded, st.sql())));
            }
            return out;
        } finally {
            for (long oid : oids) {
                try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.HYPOPG_DROP_INDEX)) {
                    ps.setLong(1, oid);
                    ps.executeQuery().close();
                }
            }
        }
    }

    /**
     * hypopg sizes one leaf entry per row; a non-unique B-tree on PostgreSQL 13+ deduplicates equal keys, so its
     * real size follows from the key columns' statistics ({@link BtreeDedup}). Candidates are never unique.
     */
    double dedupFactor(Candidate cand) throws SQLException {
        Map<String, BtreeDedup.KeyColumn> cols = new HashMap<>();
        double rows = 0;
        try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.DEDUP_COLUMN_STATS)) {
            ps.setString(1, cand.schema());
            ps.setString(2, cand.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object nd = rs.getObject(3);
                    Object w = rs.getObject(4);
                    cols.put(rs.getString(1), new BtreeDedup.KeyColumn(rs.getString(2),
                            nd == null ? null : ((Number) nd).doubleValue(), w == null ? null : ((Number) w).intValue()));
                    rows = rs.getDouble(5);
                }
            }
        }
        List<BtreeDedup.KeyColumn> keys = new ArrayList<>();
        for (String col : cand.columns()) {
            BtreeDedup.KeyColumn k = cols.get(col);
            if (k == null) {
                return 1.0;
            }
            keys.add(k);
        }
        double f = BtreeDedup.factor(rows, keys, !cand.include().isEmpty(), false);
        if (f < 1.0) {
            corrected++;
        }
        return f;
    }

    private long size(long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PostgresOptimizerSql.HYPOPG_INDEX_SIZE)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hypotheticalIndexes", hypotheses);
        m.put("hypotheticalMs", hypoMs);
        m.put("sizesCorrectedForDeduplication", corrected);
        m.put("extension", ownTransaction ? "created inside a transaction that is rolled back" : "installed");
        return m;
    }

    @Override
    public void close() {
        try {
            if (ownTransaction) {
                c.rollback();
                c.setAutoCommit(true);
            } else {
                try (Statement st = c.createStatement()) {
                    st.executeQuery(PostgresOptimizerSql.HYPOPG_RESET).close();
                }
            }
        } catch (SQLException ignored) {
            // the session closes next; hypothetical indexes die with it
        }
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }
}

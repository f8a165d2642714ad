package io.dbagent.dialect.postgres;

import io.dbagent.advisor.Candidate;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.SizeEstimator;
import io.dbagent.advisor.WhatIf;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --what-if scratch} on PostgreSQL, the approach of the MySQL scratch copies: each table the workload reads
 * is copied (a repeatable sample above {@link #SAMPLE_ROWS} rows) into a session TEMPORARY table of the same name,
 * with its indexes and constraints, and analysed. {@code pg_temp} comes first in the search path, so the workload's
 * unqualified table names read the copies; candidates are built on the copies inside transactions that are rolled
 * back. The user's tables are only read (ACCESS SHARE); no index is built on them and nothing is left behind.
 *
 * <p>Limits: costs are those of the sample (smaller tables with the same value distribution); a statement that names
 * the schema ({@code public.orders}) reads the real table and is costed without the candidates; sizes are estimated
 * from the real table's rows and column widths.
 */
final class PgScratchWhatIf implements WhatIf {

    static final long SAMPLE_ROWS = 200_000;
    private static final String TEMP = "pg_temp";

    private final GuardedSession guarded;
    private final Connection c;
    private final Schema schema;
    private final RollbackWhatIf builds;
    private final SizeEstimator estimator;
    private final Set<String> copied = new LinkedHashSet<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private long copyMs;
    private long copiedRows;

    PgScratchWhatIf(GuardedSession g, Schema schema) {
        this.guarded = g;
        this.c = g.connection();
        this.schema = schema;
        this.builds = new RollbackWhatIf(g, schema);
        this.estimator = new SizeEstimator(DialectKind.POSTGRES, schema, c);
    }

    @Override
    public void prepare(Set<String> tables) throws SQLException {
        long t0 = System.nanoTime();
        DdlWriter w = DdlWriter.of(DialectKind.POSTGRES);
        // the copies are dbagent's own statements and may take long on big tables: no limit while copying
        Timeouts.clearServerSide(guarded.session());
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String name : tables) {
                Table t = schema.table(name).orElse(null);
                if (t == null || !copied.add(t.name())) {
                    continue;
                }
                String real = w.ident(t.schema()) + "." + w.ident(t.name());
                String tmp = TEMP + "." + w.ident(t.name());
                st.execute(PostgresOptimizerSql.SCRATCH_CREATE_TEMPLATE.formatted(w.ident(t.name()), real));
                if (t.rowEstimate() > SAMPLE_ROWS) {
                    String pct = String.format(Locale.ROOT, "%.6f", Math.min(100.0, 100.0 * SAMPLE_ROWS / t.rowEstimate()));
                    copiedRows += st.executeUpdate(PostgresOptimizerSql.SCRATCH_FILL_SAMPLE_TEMPLATE.formatted(tmp, real, pct));
                } else {
                    copiedRows += st.executeUpdate(PostgresOptimizerSql.SCRATCH_FILL_ALL_TEMPLATE.formatted(tmp, real));
                }
                st.execute(PostgresOptimizerSql.SCRATCH_ANALYZE_TEMPLATE.formatted(tmp));
            }
        } finally {
            c.setAutoCommit(auto);
            Timeouts.applyServerSide(guarded.session(), guarded.timeout());
        }
        copyMs += (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public String method() {
        return "scratch copy (session TEMPORARY tables)";
    }

    @Override
    public String costUnit() {
        return builds.costUnit();
    }

    @Override
    public Map<String, Double> costs(List<Candidate> config, List<Stmt> statements) throws SQLException {
        List<Candidate> onCopies = new ArrayList<>();
        for (Candidate cand : config) {
            onCopies.add(new Candidate(TEMP, cand.table(), cand.columns(), cand.include(), cand.where()));
        }
        return builds.costs(onCopies, statements);
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
    public Map<String, Long> measuredSizes() {
        return sizes;
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scratchTables", copied.size());
        m.put("scratchRows", copiedRows);
        m.put("scratchCopyMs", copyMs);
        m.putAll(builds.stats());
        return m;
    }

    @Override
    public void close() {
        DdlWriter w = DdlWriter.of(DialectKind.POSTGRES);
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String t : copied) {
                    st.execute(PostgresOptimizerSql.SCRATCH_DROP_TEMPLATE.formatted(TEMP + "." + w.ident(t)));
                }
            }
        } catch (SQLException ignored) {
            // temporary tables end with the session anyway
        }
    }
}

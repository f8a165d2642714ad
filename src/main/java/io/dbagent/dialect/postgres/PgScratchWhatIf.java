package io.dbagent.dialect.postgres;

import io.dbagent.advisor.Candidate;
import io.dbagent.advisor.RollbackWhatIf;
import io.dbagent.advisor.ScratchCopies;
import io.dbagent.advisor.SizeEstimator;
import io.dbagent.advisor.WhatIf;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.guard.GuardedSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

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
    private final ScratchCopies copies = new ScratchCopies(SAMPLE_ROWS);
    private final Map<String, Long> sizes = new LinkedHashMap<>();

    PgScratchWhatIf(GuardedSession g, Schema schema) {
        this.guarded = g;
        this.c = g.connection();
        this.schema = schema;
        this.builds = new RollbackWhatIf(g, schema);
        this.estimator = new SizeEstimator(DialectKind.POSTGRES, schema, c);
    }

    @Override
    public void prepare(Set<String> tables) throws SQLException {
        DdlWriter w = DdlWriter.of(DialectKind.POSTGRES);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            copies.copy(guarded, schema, tables, (t, fraction) -> {
                String real = w.ident(t.schema()) + "." + w.ident(t.name());
                String tmp = TEMP + "." + w.ident(t.name());
                st.execute(PostgresOptimizerSql.SCRATCH_CREATE_TEMPLATE.formatted(w.ident(t.name()), real));
                long rows = fraction == null
                        ? st.executeUpdate(PostgresOptimizerSql.SCRATCH_FILL_ALL_TEMPLATE.formatted(tmp, real))
                        : st.executeUpdate(PostgresOptimizerSql.SCRATCH_FILL_SAMPLE_TEMPLATE.formatted(tmp, real,
                        String.format(Locale.ROOT, "%.6f", Math.min(100.0, 100.0 * fraction))));
                st.execute(PostgresOptimizerSql.SCRATCH_ANALYZE_TEMPLATE.formatted(tmp));
                return rows;
            });
        } finally {
            c.setAutoCommit(auto);
        }
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
        copies.putStats(m);
        m.putAll(builds.stats());
        return m;
    }

    @Override
    public void close() {
        DdlWriter w = DdlWriter.of(DialectKind.POSTGRES);
        try {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String t : copies.copied()) {
                    st.execute(PostgresOptimizerSql.SCRATCH_DROP_TEMPLATE.formatted(TEMP + "." + w.ident(t)));
                }
            }
        } catch (SQLException ignored) {
            // temporary tables end with the session anyway
        }
    }
}

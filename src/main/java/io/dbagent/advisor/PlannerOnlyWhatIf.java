package io.dbagent.advisor;

import io.dbagent.explain.ExplainRunner;
import io.dbagent.guard.GuardedSession;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the advisor falls back to when no what-if method may run without asking: the statements are costed as the
 * database is now (plain EXPLAIN), candidates are not costed at all and nothing is built. The advice then carries no
 * recommendation, only the candidates and a note on how to get them costed ({@link #unavailable()}).
 */
public final class PlannerOnlyWhatIf implements WhatIf {

    /**
     * Why candidates could not be costed.
     *
     * @param extension what is missing ({@code hypopg})
     * @param install   the command that installs it on the server
     * @param hint      one sentence with the install command and the alternatives ({@code --what-if scratch|rollback})
     */
    public record Unavailable(String extension, String install, String hint) {
    }

    private final GuardedSession guarded;
    private final ExplainRunner runner;
    private final Unavailable unavailable;

    public PlannerOnlyWhatIf(GuardedSession g, Unavailable unavailable) {
        this.guarded = g;
        this.runner = ExplainRunner.of(g.session());
        this.unavailable = unavailable;
    }

    public Unavailable unavailable() {
        return unavailable;
    }

    @Override
    public boolean costsCandidates() {
        return false;
    }

    @Override
    public String method() {
        return "none (" + unavailable.extension() + " unavailable: candidates not costed)";
    }

    @Override
    public String costUnit() {
        return runner.costUnit();
    }

    @Override
    public Map<String, Double> costs(List<Candidate> config, List<Stmt> statements) throws SQLException {
        if (!config.isEmpty()) {
            throw new IllegalStateException("candidates cannot be costed without " + unavailable.extension());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Stmt st : statements) {
            out.put(st.id(), guarded.rolledBack(() -> runner.cost(guarded, st.sql())));
        }
        return out;
    }

    @Override
    public Map<String, Long> measuredSizes() {
        return Map.of();
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("indexBuilds", 0L);
        m.put("missing", unavailable.extension());
        return m;
    }

    @Override
    public void close() {
        // nothing was created
    }
}

package io.dbagent.advisor;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Costs statements as if some indexes existed, without leaving them behind: hypothetical indexes (hypopg), a real
 * index inside a transaction that is rolled back (PostgreSQL, SQLite), or scratch copies of the tables in
 * session-scoped temporary tables (MySQL/MariaDB, whose DDL cannot be rolled back). The engine's
 * {@link WhatIfMethod} opens one.
 */
public interface WhatIf extends CandidateCosts, AutoCloseable {

    /** A workload statement ready to cost: parameters already bound. */
    record Stmt(String id, String sql, double weight, io.dbagent.sql.SqlAnalysis analysis) {
    }

    /** How costs were obtained, for the report's {@code method}. */
    String method();

    String costUnit();

    /** Whether candidates can be costed; false when no method may run without being asked (nothing is built). */
    default boolean costsCandidates() {
        return true;
    }

    /** {@inheritDoc} True unless the method only hypothesises indexes (hypopg). */
    @Override
    default boolean buildsIndexes() {
        return true;
    }

    /** Readies the tables the statements read, where the method works on copies of them (scratch copies). */
    default void prepare(Set<String> tables) throws SQLException {
    }

    /** Sizes in bytes by candidate key, as measured (or estimated) so far. */
    Map<String, Long> measuredSizes();

    /** {@inheritDoc} Measured where it was built or hypothesised (costing it alone if need be). */
    @Override
    default long sizeOf(Candidate c) throws SQLException {
        if (!measuredSizes().containsKey(c.key())) {
            costs(List.of(c), List.of());
        }
        return measuredSizes().get(c.key());
    }

    /** Time spent building what-if indexes, ms, and how many builds. */
    Map<String, Object> stats();

    @Override
    void close();
}

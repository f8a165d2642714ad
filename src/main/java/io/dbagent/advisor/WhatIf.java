package io.dbagent.advisor;

import java.sql.SQLException;
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

    /** Readies the tables the statements read, where the method works on copies of them (scratch copies). */
    default void prepare(Set<String> tables) throws SQLException {
    }

    /** {@inheritDoc} Measured where it was built or hypothesised, else estimated. */
    @Override
    long sizeOf(Candidate c) throws SQLException;

    /** Time spent building what-if indexes, ms, and how many builds. */
    Map<String, Object> stats();

    @Override
    void close();
}

package io.dbagent.advisor;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Costs statements as if some indexes existed, without leaving them behind: hypothetical indexes (hypopg), a real
 * index inside a transaction that is rolled back (PostgreSQL, SQLite), or scratch copies of the tables in
 * session-scoped temporary tables (MySQL/MariaDB, whose DDL cannot be rolled back).
 */
sealed interface WhatIf extends AutoCloseable permits HypoPgWhatIf, RollbackWhatIf, ScratchWhatIf {

    /** A workload statement ready to cost: parameters already bound. */
    record Stmt(String id, String sql, double weight, io.dbagent.sql.SqlAnalysis analysis) {
    }

    /** How costs were obtained, for the report's {@code method}. */
    String method();

    String costUnit();

    /** Cost per statement id with {@code config} in place (empty: the indexes the database has now). */
    Map<String, Double> costs(List<Candidate> config, List<Stmt> statements) throws SQLException;

    /** Sizes in bytes by candidate key, as measured (or estimated) so far. */
    Map<String, Long> measuredSizes();

    /** Size of a candidate in bytes: measured where it was built or hypothesised (costing it alone if need be). */
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

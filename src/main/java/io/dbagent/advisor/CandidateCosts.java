package io.dbagent.advisor;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What the advisor's cost model asks of a what-if method: statement costs with some candidate indexes in place, and
 * a candidate's size. {@link WhatIf} answers from the database; a test answers from a table of numbers.
 */
public interface CandidateCosts {

    /** Cost per statement id with {@code config} in place (empty: the indexes the database has now). */
    Map<String, Double> costs(List<Candidate> config, List<WhatIf.Stmt> statements) throws SQLException;

    /**
     * Whether costing builds real indexes (rolled back, or on scratch copies), so each costing pays a build: the
     * advisor's checks on the finished set then run only on small sets.
     */
    default boolean buildsIndexes() {
        return false;
    }

    /** Size of a candidate in bytes. */
    long sizeOf(Candidate c) throws SQLException;
}

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

    /** Size of a candidate in bytes. */
    long sizeOf(Candidate c) throws SQLException;
}

package io.dbagent.health.bloat;

import io.dbagent.jdbc.DbSession;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Measures or estimates wasted space on one engine; the dialect hands out the instance. */
public interface BloatEstimator {

    /** The entries of the tables and indexes {@code options} select; {@code skipped} receives what was not measured. */
    List<BloatEntry> measure(DbSession session, BloatOptions options, Map<String, String> skipped) throws SQLException;
}

package io.dbagent.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The engine's own statement statistics as a workload source (pg_stat_statements, performance_schema digests). The
 * dialect hands out the instance ({@code Dialect.workloadStats()}); SQLite keeps none.
 */
public interface WorkloadStats {

    /** The name of the source, as the workload reports it. */
    String source();

    /** Why the statistics cannot be read on this server, or null when they can. */
    String unavailableReason(Connection c) throws SQLException;

    /** The statements, most expensive first; its one parameter is the limit. */
    String sql();

    /** One row of {@link #sql()}. */
    WorkloadSources.SeenStatement read(ResultSet rs) throws SQLException;
}

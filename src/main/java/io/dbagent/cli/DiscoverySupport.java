package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.OutputFormat;

/** TEMPORARY: replaced by the FD discovery service. */
final class DiscoverySupport {
    private DiscoverySupport() {
    }

    static String run(DbUrl url, String table, Integer sample, double maxError, OutputFormat fmt) {
        throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, "FD discovery is not available yet");
    }
}

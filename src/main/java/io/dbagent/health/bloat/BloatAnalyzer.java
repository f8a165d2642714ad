package io.dbagent.health.bloat;

import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.report.Report;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wasted space per table and index on all three engines: the service behind {@code dbagent bloat} and the
 * table-bloat / index-bloat health checks.
 */
public final class BloatAnalyzer {

    private BloatAnalyzer() {
    }

    public static Report<BloatPayload> analyze(DbSession session, BloatOptions options) {
        Map<String, String> skipped = new LinkedHashMap<>();
        try {
            List<BloatEntry> entries = measure(session, options, skipped);
            for (String t : options.tables()) {
                boolean found = entries.stream().anyMatch(e -> options.selectsName(t, e.schema(), e.table()))
                        || skipped.values().stream().anyMatch(v -> v.contains(t));
                if (!found) {
                    throw io.dbagent.DbAgentException.badInput("table '" + t + "' not found in " + session.url().redacted());
                }
            }
            return new Report<>("bloat", session.url().redacted(), session.describe(), List.of(), skipped, null,
                    new BloatPayload(entries));
        } catch (SQLException e) {
            throw Sql.failure("cannot measure bloat", e);
        }
    }

    /** The raw entries; {@code skipped} receives what could not be measured. Lets SQL errors through for health. */
    public static List<BloatEntry> measure(DbSession session, BloatOptions options, Map<String, String> skipped)
            throws SQLException {
        return Dialects.of(session).bloatEstimator().measure(session, options, skipped);
    }
}

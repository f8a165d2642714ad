package io.dbagent.cli;

import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.NormalizationRenderer;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;

/** The {@code normalize --db --table} path of {@link NormalizeCommand}: discover, analyse, render. */
final class DiscoverySupport {

    private DiscoverySupport() {
    }

    static String run(DbUrl url, String table, Integer sample, double maxError, int maxLhs, OutputFormat fmt) {
        FdDiscovery.Options options = new FdDiscovery.Options(sample, maxError, maxLhs);
        try (DbSession session = ConnectionFactory.open(url)) {
            FdDiscovery.Result r = FdDiscovery.discover(session, table, options);
            return switch (fmt) {
                case JSON -> Json.write(r) + "\n";
                case MARKDOWN -> NormalizationRenderer.discoveryMarkdown(r);
                default -> NormalizationRenderer.discoveryText(r);
            };
        }
    }
}

package io.dbagent.cli;

import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.NormalizationRenderer;
import io.dbagent.report.Json;
import io.dbagent.report.OutputFormat;

/** The {@code normalize --db --table} path of {@link NormalizeCommand}: renders what discovery found. */
final class DiscoverySupport {

    private DiscoverySupport() {
    }

    static String render(FdDiscovery.Result r, OutputFormat fmt) {
        return switch (fmt) {
            case JSON -> Json.write(r) + "\n";
            case MARKDOWN -> NormalizationRenderer.discoveryMarkdown(r);
            default -> NormalizationRenderer.discoveryText(r);
        };
    }
}

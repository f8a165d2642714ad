package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.health.HealthConfig;
import io.dbagent.health.alerts.PrometheusRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "alerts", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Alerting rules for external monitoring, with the thresholds of dbagent health.",
        subcommands = AlertsCommand.Export.class)
final class AlertsCommand extends GroupCommand {

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Write Prometheus alerting rules for postgres_exporter and mysqld_exporter metrics.",
                    "",
                    "A warning and a critical rule per check, at the same thresholds as dbagent health "
                            + "(--threshold / --config apply). No database connection."})
    static final class Export implements Callable<Integer> {

        @ParentCommand
        AlertsCommand parent;

        @Option(names = {"--format", "-f"}, required = true, paramLabel = "prometheus", description = "Rule format: prometheus.")
        String format;

        @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write to this file instead of stdout.")
        Path out;

        @Option(names = "--threshold", paramLabel = "ID=VALUE", arity = "1..*", description = "Override a threshold.")
        List<String> thresholds;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON file with a thresholds: key.")
        Path config;

        @Override
        public Integer call() {
            if (!"prometheus".equalsIgnoreCase(format.trim())) {
                throw DbAgentException.badInput("alerts export supports --format prometheus, not " + format);
            }
            String rules = PrometheusRules.render(HealthConfig.load(config).thresholds(thresholds));
            if (out == null) {
                parent.main.spec.commandLine().getOut().print(rules);
                parent.main.spec.commandLine().getOut().flush();
            } else {
                try {
                    Files.writeString(out, rules, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw DbAgentException.badInput("cannot write " + out + ": " + e.getMessage());
                }
                parent.main.spec.commandLine().getOut().println("wrote " + out);
            }
            return 0;
        }
    }
}

package io.dbagent.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbagent.cli.CliRunner;
import io.dbagent.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** alerts export: Prometheus rules with the health thresholds, valid for promtool where it is installed. */
class AlertsExportTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode rule(JsonNode doc, String name) {
        for (JsonNode g : doc.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                if (r.get("alert").asText().equals(name)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no rule " + name);
    }

    @Test
    void rulesCarryTheHealthThresholdsAndOverrides() throws Exception {
        var r = CliRunner.run("alerts", "export", "--format", "prometheus");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = YAML.readTree(r.out());
        List<String> groups = new ArrayList<>();
        doc.get("groups").forEach(g -> groups.add(g.get("name").asText()));
        assertThat(groups).containsExactly("dbagent-postgresql", "dbagent-mysql");
        JsonNode hit = rule(doc, "PostgresCacheHitRatioLow");
        assertThat(hit.get("expr").asText()).contains("pg_stat_database_blks_hit", "pg_stat_database_blks_read").endsWith("< 99");
        assertThat(hit.get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(hit.get("labels").get("check").asText()).isEqualTo("cache-hit-ratio");
        assertThat(rule(doc, "PostgresCacheHitRatioLowCritical").get("expr").asText()).endsWith("< 95");
        assertThat(rule(doc, "PostgresRollbackRateHigh").get("expr").asText()).endsWith(">= 5");
        assertThat(rule(doc, "PostgresConnectionsHigh").get("expr").asText())
                .contains("pg_stat_activity_count", "pg_settings_max_connections").endsWith(">= 80");
        assertThat(rule(doc, "PostgresSlowStatement").get("expr").asText()).endsWith(">= 100");
        assertThat(rule(doc, "MysqlConnectionsHigh").get("expr").asText())
                .isEqualTo("100 * mysql_global_status_threads_connected / mysql_global_variables_max_connections >= 80");

        var custom = CliRunner.run("alerts", "export", "--format", "prometheus", "--threshold", "rollback-rate=2",
                "connection-utilization.critical=90");
        JsonNode c = YAML.readTree(custom.out());
        assertThat(rule(c, "MysqlRollbackRateHigh").get("expr").asText()).endsWith(">= 2");
        assertThat(rule(c, "MysqlConnectionsHighCritical").get("expr").asText()).endsWith(">= 90");

        var bad = CliRunner.run("alerts", "export", "--format", "nagios");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("supports --format prometheus");
    }

    @Test
    void promtoolAcceptsTheRules(@TempDir Path dir) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Requirements.require(Files.isExecutable(promtool), "promtool (apt-get install prometheus)");
        Path file = dir.resolve("rules.yml");
        var r = CliRunner.run("alerts", "export", "--format", "prometheus", "--out", file.toString());
        assertThat(r.exit()).isZero();
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }
}

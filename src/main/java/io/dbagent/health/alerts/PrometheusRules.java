package io.dbagent.health.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dbagent.health.HealthCheck;
import io.dbagent.health.Thresholds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dbagent alerts export --format prometheus}: Prometheus alerting rules over the metrics postgres_exporter
 * and mysqld_exporter publish by default, with the same thresholds as {@code dbagent health} (a warning and a
 * critical rule per check where the check has both levels). Checks those exporters have no metric for (bloat
 * estimates, unused indexes, sequence exhaustion, …) stay with {@code dbagent watch}.
 */
public final class PrometheusRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private PrometheusRules() {
    }

    /** One rule template: {@code %s} in the expression is replaced by the threshold. */
    private record Template(HealthCheck check, String name, String expr, String forDuration, String summary) {
    }

    private static final List<Template> POSTGRES = List.of(
            new Template(HealthCheck.CACHE_HIT_RATIO, "PostgresCacheHitRatioLow",
                    "100 * sum by (instance, datname) (rate(pg_stat_database_blks_hit{datname!~\"template.*\"}[10m]))\n"
                            + "  / sum by (instance, datname) (rate(pg_stat_database_blks_hit{datname!~\"template.*\"}[10m])\n"
                            + "      + rate(pg_stat_database_blks_read{datname!~\"template.*\"}[10m]))\n< %s",
                    "15m", "{{ $labels.datname }}: {{ $value | printf \"%.2f\" }} % of block reads hit shared buffers"),
            new Template(HealthCheck.ROLLBACK_RATE, "PostgresRollbackRateHigh",
                    "100 * sum by (instance, datname) (rate(pg_stat_database_xact_rollback{datname!~\"template.*\"}[10m]))\n"
                            + "  / sum by (instance, datname) (rate(pg_stat_database_xact_commit{datname!~\"template.*\"}[10m])\n"
                            + "      + rate(pg_stat_database_xact_rollback{datname!~\"template.*\"}[10m]))\n>= %s",
                    "15m", "{{ $labels.datname }}: {{ $value | printf \"%.1f\" }} % of transactions roll back"),
            new Template(HealthCheck.CONNECTION_UTILIZATION, "PostgresConnectionsHigh",
                    "100 * sum by (instance) (pg_stat_activity_count)\n"
                            + "  / on (instance) (max by (instance) (pg_settings_max_connections)\n"
                            + "      - max by (instance) (pg_settings_superuser_reserved_connections))\n>= %s",
                    "5m", "{{ $labels.instance }}: {{ $value | printf \"%.0f\" }} % of max_connections in use"),
            new Template(HealthCheck.LONG_RUNNING_TRANSACTION, "PostgresLongRunningTransaction",
                    "max by (instance, datname) (pg_stat_activity_max_tx_duration{state!~\"idle in transaction.*\"}) >= %s",
                    "1m", "{{ $labels.datname }}: a transaction has been open for {{ $value | humanizeDuration }}"),
            new Template(HealthCheck.IDLE_IN_TRANSACTION, "PostgresIdleInTransaction",
                    "max by (instance, datname) (pg_stat_activity_max_tx_duration{state=~\"idle in transaction.*\"}) >= %s",
                    "1m", "{{ $labels.datname }}: a session idle in its transaction has held it for "
                            + "{{ $value | humanizeDuration }}"),
            new Template(HealthCheck.VACUUM_OVERDUE, "PostgresDeadRowsHigh",
                    "100 * pg_stat_user_tables_n_dead_tup\n"
                            + "  / (pg_stat_user_tables_n_live_tup + pg_stat_user_tables_n_dead_tup) >= %s\n"
                            + "and pg_stat_user_tables_n_dead_tup >= 1000",
                    "30m", "{{ $labels.datname }}.{{ $labels.schemaname }}.{{ $labels.relname }}: "
                            + "{{ $value | printf \"%.0f\" }} % dead rows"),
            new Template(HealthCheck.SEQ_SCAN_LARGE_TABLE, "PostgresSeqScansOnLargeTable",
                    "pg_stat_user_tables_n_live_tup > %s\n"
                            + "and rate(pg_stat_user_tables_seq_scan[1h]) > rate(pg_stat_user_tables_idx_scan[1h])",
                    "1h", "{{ $labels.datname }}.{{ $labels.schemaname }}.{{ $labels.relname }} is read mostly by "
                            + "sequential scans"),
            new Template(HealthCheck.SLOW_QUERY, "PostgresSlowStatement",
                    "1000 * rate(pg_stat_statements_seconds_total[10m]) / rate(pg_stat_statements_calls_total[10m]) >= %s",
                    "10m", "statement {{ $labels.queryid }} in {{ $labels.datname }} takes "
                            + "{{ $value | printf \"%.0f\" }} ms on average (needs --collector.stat_statements)"));

    private static final List<Template> MYSQL = List.of(
            new Template(HealthCheck.CACHE_HIT_RATIO, "MysqlBufferPoolHitRatioLow",
                    "100 * (1 - rate(mysql_global_status_innodb_buffer_pool_reads[10m])\n"
                            + "  / rate(mysql_global_status_innodb_buffer_pool_read_requests[10m]))\n< %s",
                    "15m", "{{ $labels.instance }}: {{ $value | printf \"%.2f\" }} % of InnoDB reads hit the buffer pool"),
            new Template(HealthCheck.ROLLBACK_RATE, "MysqlRollbackRateHigh",
                    "100 * sum by (instance) (rate(mysql_global_status_commands_total{command=\"rollback\"}[10m]))\n"
                            + "  / sum by (instance) (rate(mysql_global_status_commands_total{command=~\"commit|rollback\"}[10m]))\n"
                            + ">= %s",
                    "15m", "{{ $labels.instance }}: {{ $value | printf \"%.1f\" }} % of transactions roll back"),
            new Template(HealthCheck.CONNECTION_UTILIZATION, "MysqlConnectionsHigh",
                    "100 * mysql_global_status_threads_connected / mysql_global_variables_max_connections >= %s",
                    "5m", "{{ $labels.instance }}: {{ $value | printf \"%.0f\" }} % of max_connections in use"));

    /** The rules file, YAML. */
    public static String render(Thresholds t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", List.of(
                group("dbagent-postgresql", POSTGRES, t, Map.of("alert", "PostgresDown", "expr", "pg_up == 0",
                        "summary", "postgres_exporter cannot reach {{ $labels.instance }}")),
                group("dbagent-mysql", MYSQL, t, Map.of("alert", "MysqlDown", "expr", "mysql_up == 0",
                        "summary", "mysqld_exporter cannot reach {{ $labels.instance }}"))));
        try {
            return "# Prometheus alerting rules written by dbagent alerts export, same thresholds as dbagent health.\n"
                    + "# Load with rule_files: in prometheus.yml; check with: promtool check rules <file>\n"
                    + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> group(String name, List<Template> templates, Thresholds t, Map<String, String> down) {
        List<Map<String, Object>> rules = new ArrayList<>();
        rules.add(rule(down.get("alert"), down.get("expr"), "1m", "critical", "health-run-failed", down.get("summary"),
                "the exporter's connection to the database fails"));
        for (Template tp : templates) {
            double warn = t.warn(tp.check());
            double crit = t.critical(tp.check());
            String suffix = tp.check().unit() == null ? "" : " (" + tp.check().unit() + ")";
            rules.add(rule(tp.name(), tp.expr().formatted(number(warn)), tp.forDuration(), "warning", tp.check().id(),
                    tp.summary(), tp.check().description() + "; threshold " + number(warn) + suffix));
            if (!Double.isNaN(crit)) {
                rules.add(rule(tp.name() + "Critical", tp.expr().formatted(number(crit)), tp.forDuration(), "critical",
                        tp.check().id(), tp.summary(), tp.check().description() + "; threshold " + number(crit) + suffix));
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("name", name);
        g.put("rules", rules);
        return g;
    }

    private static Map<String, Object> rule(String alert, String expr, String forDuration, String severity, String check,
                                            String summary, String description) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("alert", alert);
        r.put("expr", expr);
        r.put("for", forDuration);
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("severity", severity);
        labels.put("check", check);
        labels.put("source", "dbagent");
        r.put("labels", labels);
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put("summary", summary);
        ann.put("description", description);
        ann.put("runbook", "dbagent health --db <url>" + (check.startsWith("health-") ? "" : " --only " + check));
        r.put("annotations", ann);
        return r;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}

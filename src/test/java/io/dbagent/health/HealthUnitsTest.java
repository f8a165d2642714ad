package io.dbagent.health;

import io.dbagent.DbAgentException;
import io.dbagent.health.watch.AlertState;
import io.dbagent.health.watch.Durations;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Thresholds, config files, alert transitions and the small parsers, without a database. */
class HealthUnitsTest {

    @Test
    void defaultsAreTheSeedTargetsAndJudgeBothDirections() {
        Thresholds t = Thresholds.defaults();
        assertThat(t.warn(HealthCheck.SLOW_QUERY)).isEqualTo(100);
        assertThat(t.warn(HealthCheck.SEQ_SCAN_LARGE_TABLE)).isEqualTo(10_000);
        assertThat(t.warn(HealthCheck.CACHE_HIT_RATIO)).isEqualTo(99);
        assertThat(t.warn(HealthCheck.CONNECTION_POOL_SATURATION)).isEqualTo(80);
        assertThat(t.warn(HealthCheck.ROLLBACK_RATE)).isEqualTo(5);
        assertThat(t.judge(HealthCheck.CACHE_HIT_RATIO, 99.5)).isEmpty();
        assertThat(t.judge(HealthCheck.CACHE_HIT_RATIO, 98.9)).contains(Severity.WARN);
        assertThat(t.judge(HealthCheck.CACHE_HIT_RATIO, 90)).contains(Severity.CRITICAL);
        assertThat(t.judge(HealthCheck.ROLLBACK_RATE, 4.99)).isEmpty();
        assertThat(t.judge(HealthCheck.ROLLBACK_RATE, 5)).contains(Severity.WARN);
        assertThat(t.judge(HealthCheck.ROLLBACK_RATE, 25)).contains(Severity.CRITICAL);
        assertThat(t.judge(HealthCheck.STATS_STALE, 1000)).contains(Severity.WARN);
    }

    @Test
    void overridesAreValidated() {
        Thresholds t = Thresholds.defaults().withAssignments(List.of("rollback-rate=2%", "table-bloat.min-mb=64"));
        assertThat(t.warn(HealthCheck.ROLLBACK_RATE)).isEqualTo(2);
        assertThat(t.get("table-bloat.min-mb")).isEqualTo(64);
        assertThatThrownBy(() -> Thresholds.defaults().withAssignments(List.of("rollback-rat=2")))
                .isInstanceOf(DbAgentException.class).hasMessageStartingWith("unknown threshold 'rollback-rat'");
        assertThatThrownBy(() -> Thresholds.defaults().withAssignments(List.of("rollback-rate")))
                .hasMessageContaining("id=value");
        assertThatThrownBy(() -> Thresholds.defaults().withAssignments(List.of("rollback-rate=lots")))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> HealthOptions.builder().onlyIds(List.of("slow-query,nope")))
                .hasMessageStartingWith("unknown health check 'nope'");
    }

    @Test
    void configFileThenCommandLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("health.yml");
        Files.writeString(f, "thresholds:\n  slow-query: 250\n  rollback-rate: 3\nonly: [slow-query]\n");
        HealthConfig cfg = HealthConfig.load(f);
        Thresholds t = cfg.thresholds(List.of("rollback-rate=1"));
        assertThat(t.warn(HealthCheck.SLOW_QUERY)).isEqualTo(250);
        assertThat(t.warn(HealthCheck.ROLLBACK_RATE)).isEqualTo(1);
        assertThat(cfg.only(null)).containsExactly("slow-query");
        assertThat(cfg.only(List.of("rollback-rate"))).containsExactly("rollback-rate");
        Files.writeString(f, "treshholds: {}\n");
        assertThatThrownBy(() -> HealthConfig.load(f)).isInstanceOf(DbAgentException.class)
                .hasMessageContaining("expected keys: thresholds, only");
        assertThatThrownBy(() -> HealthConfig.load(dir.resolve("none.yml"))).hasMessageStartingWith("config file not found");
    }

    private static Report<Void> report(Map<String, String> skipped, Finding... fs) {
        return new Report<>("health", "sqlite:x.db", "SQLite", List.of(fs), skipped, Map.of());
    }

    private static Finding f(String id, Severity s, String subject) {
        return Finding.builder(id, s).subject(subject).message(id + " on " + subject).build();
    }

    @Test
    void alertsOnceOnAppearanceAndChangeAndRecoversOnce(@TempDir Path dir) throws Exception {
        AlertState st = new AlertState();
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(st.update(report(Map.of(), f("table-bloat", Severity.INFO, "t")), at)).isEmpty();
        var first = st.update(report(Map.of(), f("table-bloat", Severity.WARN, "t")), at);
        assertThat(first).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("alert");
            assertThat(a.previousSeverity()).isNull();
            assertThat(a.line()).isEqualTo("ALERT [WARN] table-bloat  t: table-bloat on t");
        });
        assertThat(st.update(report(Map.of(), f("table-bloat", Severity.WARN, "t")), at)).isEmpty();
        var escalated = st.update(report(Map.of(), f("table-bloat", Severity.CRITICAL, "t")), at);
        assertThat(escalated).singleElement().satisfies(a -> assertThat(a.previousSeverity()).isEqualTo(Severity.WARN));
        // a run that skipped the check says nothing about it: no recovery
        assertThat(st.update(report(Map.of("table-bloat", "failed: timeout")), at)).isEmpty();
        Path file = dir.resolve("state.json");
        st.save(file);
        // the state file keeps severities as their lower-case ids, so files written before stay readable
        assertThat(java.nio.file.Files.readString(file)).contains("\"table-bloat|t\" : \"critical\"");
        AlertState reloaded = AlertState.load(file);
        var recovered = reloaded.update(report(Map.of()), at);
        assertThat(recovered).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("recovery");
            assertThat(a.subject()).isEqualTo("t");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(reloaded.update(report(Map.of()), at)).isEmpty();
        assertThat(reloaded.failed("db", "refused", at)).hasSize(1);
        assertThat(reloaded.failed("db", "refused", at)).isEmpty();
        assertThat(reloaded.update(new Report<>("health", "db", null, List.of(), Map.of(), Map.of()), at))
                .singleElement().satisfies(a -> assertThat(a.id()).isEqualTo("health-run-failed"));
    }

    @Test
    void badCommandLinesAreOneClearLine() {
        var only = io.dbagent.cli.CliRunner.run("health", "--db", "x.db", "--only", "slow-querys");
        assertThat(only.exit()).isEqualTo(2);
        assertThat(only.err()).startsWith("dbagent: unknown health check 'slow-querys'").doesNotContain("Exception");
        var threshold = io.dbagent.cli.CliRunner.run("health", "--db", "x.db", "--threshold", "rollback-rate=high");
        assertThat(threshold.exit()).isEqualTo(2);
        assertThat(threshold.err()).contains("threshold rollback-rate must be a number");
        var format = io.dbagent.cli.CliRunner.run("bloat", "--db", "x.db", "--format", "mermaid");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("bloat supports --format text, json, markdown");
    }

    @Test
    void smallParsers() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("2")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> Durations.parse("10ms")).hasMessageContaining("too short");
        assertThat(Statements.isPlannable("SELECT pg_sleep($1)")).isTrue();
        assertThat(Statements.isPlannable("/* app */ WITH x AS (SELECT 1) SELECT * FROM x")).isTrue();
        assertThat(Statements.isPlannable("CREATE INDEX i ON t (a)")).isFalse();
        assertThat(Statements.isPlannable("VACUUM ANALYZE t")).isFalse();
        assertThat(Sequences.typeMax("integer")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Sequences.mysqlTypeMax("int", true)).isEqualTo(4_294_967_295L);
    }
}

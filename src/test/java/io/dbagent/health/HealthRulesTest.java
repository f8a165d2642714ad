package io.dbagent.health;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks that turn measured numbers into findings, one outcome per case: the numbers are given, the engine's
 * facts come from {@link HealthFacts} (a fake or the dialect's), and no session is opened.
 */
class HealthRulesTest {

    /** Engine facts whose fix names its inputs, so a case can see what the check handed over. */
    private static final HealthFacts FAKE = new HealthFacts() {
        @Override
        public String monitorPrivilege() {
            return "watcher";
        }

        @Override
        public boolean filtersBySchema() {
            return false;
        }

        @Override
        public String connectionFix(boolean mostlyIdle, long maxConnections) {
            return "fix idle=" + mostlyIdle + " max=" + maxConnections;
        }

        @Override
        public boolean mayBePgBouncerConsole() {
            return false;
        }
    };

    private static HealthRun run(HealthFacts facts, HealthOptions options) {
        return new HealthRun(null, facts, options);
    }

    private static HealthRun run() {
        return run(FAKE, HealthOptions.builder().build());
    }

    private static Finding only(HealthRun r) {
        assertThat(r.findings()).hasSize(1);
        return r.findings().get(0);
    }

    private static Map<String, Long> states(Object... stateAndCount) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < stateAndCount.length; i += 2) {
            m.put((String) stateAndCount[i], ((Number) stateAndCount[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void aCacheHitRatioBelowNinetyFivePercentIsCritical() {
        HealthRun r = run();
        Ratios.hitRatio(r, HealthCheck.CACHE_HIT_RATIO, 9_000, 1_000, "database shop", "of block reads", "more memory");
        Finding f = only(r);
        assertThat(f.id()).isEqualTo("cache-hit-ratio");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("90.0 % of block reads (1,000 of 10,000 came from disk; target at least 99 %)");
    }

    @Test
    void aHitRatioOnFewerBlocksThanTheFloorIsRecordedButNotJudged() {
        HealthRun r = run();
        Ratios.hitRatio(r, HealthCheck.INDEX_HIT_RATIO, 10, 9_000, "indexes of shop", "of index reads", "fix");
        assertThat(r.findings()).isEmpty();
        assertThat(r.metrics().get("index-hit-ratio")).isEqualTo(Map.of("hits", 10L, "reads", 9_000L, "percent", 0.11,
                "judged", false));
    }

    @Test
    void aHitRatioAboveTheTargetHasNoFinding() {
        HealthRun r = run();
        Ratios.hitRatio(r, HealthCheck.CACHE_HIT_RATIO, 99_500, 500, "database shop", "of block reads", "fix");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aRollbackRateOfTenPercentIsAWarningWithItsCounts() {
        HealthRun r = run();
        Ratios.rollbackRate(r, 900, 100, "shop", "since the statistics were reset", "find the retries");
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).isEqualTo("10.0 % of 1,000 transactions on shop rolled back (100) since the "
                + "statistics were reset; target below 5 %");
    }

    @Test
    void aLoweredRollbackThresholdTurnsThreePercentIntoAWarning() {
        HealthRun r = run(FAKE, HealthOptions.builder()
                .thresholds(Thresholds.defaults().withAssignments(List.of("rollback-rate=2"))).build());
        Ratios.rollbackRate(r, 970, 30, "shop", "since start", "fix");
        assertThat(only(r).message()).endsWith("; target below 2 %");
    }

    @Test
    void aRollbackRateOnFewerTransactionsThanTheFloorIsNotJudged() {
        HealthRun r = run();
        Ratios.rollbackRate(r, 10, 40, "shop", "since start", "fix");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void connectionsNearlyAllTakenAndMostlyIdleAskTheEngineForTheIdleFix() {
        HealthRun r = run();
        Ratios.connectionUtilization(r, states("idle", 60, "active", 36), 100, 0);
        Finding f = only(r);
        assertThat(f.id()).isEqualTo("connection-utilization");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.fix()).isEqualTo("fix idle=true max=100");
    }

    @Test
    void reservedSuperuserSlotsAreNotCountedAsUsable() {
        HealthRun r = run();
        Ratios.connectionUtilization(r, states("active", 80), 100, 3);
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).startsWith("80 of 97 connections in use (82.5 %;");
    }

    @Test
    void postgresRaisesMaxConnectionsWhenTheConnectionsAreBusy() {
        HealthRun r = run(Dialects.of(DialectKind.POSTGRES).healthFacts(), HealthOptions.builder().build());
        Ratios.connectionUtilization(r, states("active", 90), 100, 0);
        assertThat(only(r).fix()).startsWith("ALTER SYSTEM SET max_connections = 200;");
    }

    @Test
    void mysqlClosesIdleConnectionsSoonerWhenMostAreIdle() {
        HealthRun r = run(Dialects.of(DialectKind.MYSQL).healthFacts(), HealthOptions.builder().build());
        Ratios.connectionUtilization(r, states("Sleep", 140, "Query", 10), 151, 0);
        assertThat(only(r).fix()).startsWith("SET GLOBAL wait_timeout = 300;");
    }

    @Test
    void threadsWaitingForAPoolConnectionAreCriticalWhateverTheShare() {
        HealthRun r = run(FAKE, HealthOptions.builder().pool(pool(2, 3, 5, 4), 10, "app").build());
        CommonChecks.pool(r);
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("HikariCP pool app: 2 of 10 connections active (20.0 %), 3 idle, 4 threads "
                + "waiting for a connection: requests are queueing and will time out");
    }

    @Test
    void aPoolNinetyPercentActiveIsAWarningThatSuggestsAFifthMore() {
        HealthRun r = run(FAKE, HealthOptions.builder().pool(pool(9, 1, 10, 0), 10, "app").build());
        CommonChecks.pool(r);
        Finding f = only(r);
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.fix()).endsWith("config.setMaximumPoolSize(15);");
    }

    @Test
    void withoutAPoolThePoolCheckIsSkippedWithItsReason() {
        HealthRun r = run();
        CommonChecks.pool(r);
        assertThat(r.findings()).isEmpty();
        assertThat(r.skipped().get("connection-pool-saturation")).startsWith("no client-side pool to read");
    }

    private static HikariPoolMXBean pool(int active, int idle, int total, int waiting) {
        return new HikariPoolMXBean() {
            @Override
            public int getIdleConnections() {
                return idle;
            }

            @Override
            public int getActiveConnections() {
                return active;
            }

            @Override
            public int getTotalConnections() {
                return total;
            }

            @Override
            public int getThreadsAwaitingConnection() {
                return waiting;
            }

            @Override
            public void softEvictConnections() {
            }

            @Override
            public void suspendPool() {
            }

            @Override
            public void resumePool() {
            }
        };
    }
}

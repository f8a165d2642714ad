package io.dbagent.health;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side pool saturation through the library entry point, with a real HikariCP pool on PostgreSQL and threads
 * that really hold its connections.
 */
class PoolHealthIT {

    @Test
    void aHikariPoolNearItsMaximumAndOneWithWaitingThreadsAreReported() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "pool");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url.jdbcUrl());
        cfg.setUsername(url.user());
        if (url.password() != null) {
            cfg.setPassword(url.password());
        }
        cfg.setMaximumPoolSize(5);
        cfg.setMinimumIdle(5);
        // long enough that the queued sixth thread is still waiting when the check reads the pool on a loaded machine
        cfg.setConnectionTimeout(30_000);
        cfg.setPoolName("shop-pool");
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch release = new CountDownLatch(1);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            HealthOptions only = HealthOptions.builder().onlyIds(List.of("connection-pool-saturation,connection-utilization"))
                    .build();
            Report<Void> idle = HealthService.check(ds, only);
            assertThat(idle.findings()).isEmpty();
            assertThat(idle.metrics()).containsKey("pool").containsKey("connections");

            List<CompletableFuture<Void>> holders = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                holders.add(hold(ds, threads, release));
            }
            HealthIts.await("four connections held", () -> ds.getHikariPoolMXBean().getActiveConnections() == 4);
            Report<Void> busy = HealthService.check(ds, only);
            Finding f = busy.findings().stream().filter(x -> x.id().equals("connection-pool-saturation")).findFirst()
                    .orElseThrow();
            assertThat(f.severity()).isEqualTo(Severity.WARN);
            assertThat(f.subject()).isEqualTo("shop-pool");
            assertThat(f.message()).contains("4 of 5 connections active (80.0 %)", "0 threads waiting");
            // the check's own borrowed connection is not counted against the pool
            assertThat(f.evidence()).containsEntry("active", 4);
            // the database side ran too, on the fifth connection
            assertThat(busy.metrics()).containsKey("connections");

            holders.add(hold(ds, threads, release));
            holders.add(hold(ds, threads, release));
            // HikariCP counts a thread as waiting from the start of every borrow, even one that is served at once:
            // wait until all five connections are out and the sixth borrower is the one left queued
            HealthIts.await("five connections held and a thread waiting",
                    () -> ds.getHikariPoolMXBean().getActiveConnections() == 5
                            && ds.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
            Report<Void> saturated = HealthService.check(ds, only);
            Finding crit = saturated.findings().get(0);
            assertThat(crit.id()).isEqualTo("connection-pool-saturation");
            assertThat(crit.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(crit.message()).contains("5 of 5 connections active (100.0 %)", "1 threads waiting");
            assertThat(saturated.skipped().get("connection-utilization")).contains("no free connection");

            release.countDown();
            for (CompletableFuture<Void> h : holders) {
                h.get(10, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            threads.shutdownNow();
            TestDatabases.drop(url);
        }
    }

    private static CompletableFuture<Void> hold(HikariDataSource ds, ExecutorService threads, CountDownLatch release) {
        return CompletableFuture.runAsync(() -> {
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("SELECT 1");
                release.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }
}

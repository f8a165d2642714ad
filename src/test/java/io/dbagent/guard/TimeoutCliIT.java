package io.dbagent.guard;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dbagent explain --analyze} as a separate process: it answers at its limit with exit 2; killed with SIGTERM
 * mid-statement its shutdown hook cancels the statement on the server; killed with SIGKILL the server-side limit
 * ends it. Checked from outside (pg_stat_activity, PROCESSLIST). MariaDB shows each mechanism alone: it does not
 * notice a client that died during SLEEP(), while PostgreSQL 14+ also ends the statement of a vanished client
 * within about a second (client_connection_check_interval, which dbagent sets).
 */
class TimeoutCliIT {

    private static final String SLEEPING = "%sleep(100)%";

    @Test
    void explainAnalyzeAnswersAtItsLimitWithExitTwo() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "cli_timeout");
        try {
            long t0 = System.nanoTime();
            Process p = dbagent(url, "3");
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("finished").isTrue();
            double took = (System.nanoTime() - t0) / 1e9;
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isEqualTo(2);
            assertThat(out.strip()).isEqualTo("dbagent: cancelled after 3 s (statement timeout; change it with --timeout)");
            // JVM start included: within the limit + 5 s plus the start of a JVM
            assertThat(took).as("seconds").isLessThan(12);
            assertThat(ServerActivity.runningAfterWaiting(url, 10)).isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void sigtermCancelsTheRunningStatementOnTheServer(DialectKind kind) throws Exception {
        DbUrl url = TestDatabases.create(kind, "cli_sigterm");
        try {
            Process p = dbagent(url, "120");
            assertThat(ServerActivity.awaitRunning(url, SLEEPING, 20)).as("the statement started").isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // far below the 120 s limit: only the shutdown hook's cancel can have ended it
            assertThat(ServerActivity.runningAfterWaiting(url, 3)).as("still running after SIGTERM").isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void sigkillLeavesNothingRunningAfterTheLimit(DialectKind kind) throws Exception {
        DbUrl url = TestDatabases.create(kind, "cli_sigkill");
        try {
            Process p = dbagent(url, "5");
            assertThat(ServerActivity.awaitRunning(url, SLEEPING, 20)).as("the statement started").isTrue();
            p.destroyForcibly(); // SIGKILL: no hook runs
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            if (kind == DialectKind.MYSQL) {
                // MariaDB does not notice the dead client: the statement runs on until its limit
                assertThat(ServerActivity.running(url, SLEEPING)).as("running right after SIGKILL").isPositive();
            }
            assertThat(ServerActivity.runningAfterWaiting(url, 10)).as("still running after SIGKILL").isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static Process dbagent(DbUrl url, String timeout) throws Exception {
        String auth = url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
        boolean pg = url.dialect() == DialectKind.POSTGRES;
        String db = (pg ? "postgres://" : "mysql://") + auth + url.hostPort() + "/" + url.database();
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.dbagent.cli.Main", "explain", "--analyze",
                "--timeout", timeout, "--db", db, pg ? "SELECT pg_sleep(100)" : "SELECT SLEEP(100)"))
                .redirectErrorStream(true).start();
    }
}

package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.agent.QueryTools;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A statement that never ends, given to every face that runs given SQL with a 3 s limit: each answers within the
 * limit + 5 s with the one-line message, and nothing of dbagent's is left running on the server (checked on a
 * connection of the test's own).
 */
class TimeoutsIT {

    static final Duration LIMIT = Duration.ofSeconds(3);
    static final String MESSAGE = "cancelled after 3 s (statement timeout; change it with --timeout)";

    static String endless(DialectKind kind) {
        return switch (kind) {
            case POSTGRES -> "SELECT pg_sleep(100)";
            case MYSQL -> "SELECT SLEEP(100)";
            case SQLITE -> "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT count(*) FROM r";
        };
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void everyFaceStopsAnEndlessStatementAtTheLimit(DialectKind kind, @TempDir Path memoryDir) throws Exception {
        DbUrl url = TestDatabases.create(kind, "timeout");
        try {
            TestDatabases.exec(url, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));"
                    + "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            DatabaseTools tools = new DatabaseTools(SessionSource.of(url), url, new MemoryStore(memoryDir),
                    new PlanStore(), false, LIMIT);
            String sql = endless(kind);

            assertAnswersInTime(url, () -> tools.runReadQuery(sql, 10));
            assertAnswersInTime(url, () -> tools.tool(QueryTools.class).explainQuery(sql, null, null, null));
            // explain --runs: the EXPLAIN only plans, the timed runs execute, each under the limit
            assertAnswersInTime(url, () -> DatabaseTools.guarded(() -> ExplainService.explain(url,
                    ExplainOptions.builder(sql).runs(2).timeout(LIMIT).build()).toString()));
            // the CLI's path: explain --analyze on a session opened from the URL
            assertAnswersInTime(url, () -> DatabaseTools.guarded(() -> ExplainService.explain(url,
                    ExplainOptions.builder(sql).analyze(true).timeout(LIMIT).build()).toString()));

            // the tools still work afterwards, on fresh sessions
            assertThat(tools.runReadQuery("SELECT count(*) AS n FROM t", 10)).contains("\"n\" : 2");
            assertThat(RunningStatements.count()).as("registrations left behind").isZero();
        } finally {
            TestDatabases.drop(url);
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void aTimedOutMeasurementLeavesNoTransactionOpen(DialectKind kind) throws Exception {
        DbUrl url = TestDatabases.create(kind, "timeout_tx");
        try {
            TestDatabases.exec(url, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));"
                    + "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
            try (DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> ExplainService.explain(rw,
                        ExplainOptions.builder(endless(kind)).analyze(true).timeout(LIMIT).build()))
                        .isInstanceOf(DbAgentException.class).hasMessage(MESSAGE);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(LIMIT.plusSeconds(5));
                // the session is usable and in auto-commit again: a write from it is visible outside
                assertThat(rw.connection().getAutoCommit()).isTrue();
                try (Statement st = rw.connection().createStatement()) {
                    st.executeUpdate("UPDATE t SET name = 'z' WHERE id = 1");
                }
            }
            try (Connection c = kind == DialectKind.SQLITE ? DriverManager.getConnection(url.jdbcUrl())
                    : ServerActivity.outside(url);
                 Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT name FROM t WHERE id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("z");
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    static void assertAnswersInTime(DbUrl url, Supplier<String> call) throws Exception {
        long t0 = System.nanoTime();
        String answer = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).path("error").asText())
                .as(answer).isEqualTo(MESSAGE);
        assertThat(took).as("answered after %s", took).isLessThan(LIMIT.plusSeconds(5));
        if (url.dialect() == DialectKind.SQLITE) {
            // no server: the database must be free for a writer at once (no statement holds it)
            try (Connection c = DriverManager.getConnection(url.jdbcUrl()); Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 1000");
                st.executeUpdate("UPDATE t SET name = name WHERE id = 1");
            }
        } else {
            assertThat(ServerActivity.runningAfterWaiting(url, 10)).as("statements of dbagent's still running 10 s "
                    + "after the answer").isZero();
        }
    }
}

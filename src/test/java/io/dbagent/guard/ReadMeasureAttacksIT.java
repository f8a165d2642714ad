package io.dbagent.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.agent.QueryTools;
import io.dbagent.explain.ExplainOptions;
import io.dbagent.explain.ExplainService;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explain and read attacks of issue 12, through run_read_query (read context), explain_query (analyze: measure
 * context) and the path of {@code dbagent explain --analyze}: each is refused, and the test checks from outside, on
 * its own connection, that nothing happened (rows intact, no large object, the victim backend alive, no lock held
 * while the call ran, no file written, no file content returned).
 */
class ReadMeasureAttacksIT {

    /** One attack and how to tell from outside that it did nothing. */
    record Attack(String name, String sql, Check check) {
    }

    /** Runs the face with the attack and asserts on the world; the answer is passed for the content checks. */
    @FunctionalInterface
    interface Check {
        void verify(DbUrl url, Function<String, String> face, String sql) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> postgresAttacksAreRefusedAndChangeNothing() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "attack_rm");
        TestDatabases.exec(url, "CREATE EXTENSION dblink; CREATE TABLE t (id INT PRIMARY KEY, name TEXT);"
                + "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        String self = "dbname=" + url.database() + " host=127.0.0.1 port=" + url.port() + " user=" + url.user();
        List<Attack> attacks = List.of(
                new Attack("dblink_exec", "SELECT dblink_exec('" + self + "', 'DELETE FROM t')", rowsIntact()),
                new Attack("dblink", "SELECT * FROM dblink('" + self + "', 'DELETE FROM t RETURNING 1') AS x(n int)",
                        rowsIntact()),
                new Attack("lo_import", "SELECT lo_import('/etc/passwd')", noLargeObject()),
                new Attack("lo_from_bytea", "SELECT lo_from_bytea(0, 'x'::bytea)", noLargeObject()),
                new Attack("pg_terminate_backend", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE application_name = 'dbagent-victim' AND datname = current_database()", victimAlive("SELECT 1")),
                new Attack("pg_cancel_backend", "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
                        + "WHERE application_name = 'dbagent-victim' AND datname = current_database()", victimAlive("SELECT pg_sleep(3)")),
                new Attack("pg_advisory_lock", "SELECT pg_advisory_lock(424242), pg_sleep(2)", pgLockNeverHeld()),
                new Attack("set_config", "SELECT set_config('default_transaction_read_only', 'off', false)",
                        refusedOnly()),
                new Attack("pg_read_file", "SELECT pg_read_file('/etc/passwd')", noFileContent()),
                new Attack("pg_create_restore_point", "SELECT pg_create_restore_point('dbagent_attack')",
                        refusedOnly()),
                new Attack("pg_reload_conf", "SELECT pg_reload_conf()", refusedOnly()));
        return tests(url, attacks);
    }

    /**
     * A WAL switch is judged on a private server: on the shared one, other tests' writes fill and switch segments on
     * their own while the attack runs.
     */
    @TestFactory
    Stream<DynamicTest> postgresWalSwitchIsRefusedOnAQuietServer() throws Exception {
        io.dbagent.testsupport.PrivateServer pg = io.dbagent.testsupport.PrivateServer.postgres();
        DbUrl url = pg.server().withDatabase("attack_wal");
        try (Connection c = ServerActivity.outside(pg.server()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE attack_wal");
        }
        TestDatabases.exec(url, "CREATE TABLE t (id INT PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a')");
        return tests(url, List.of(new Attack("pg_switch_wal", "SELECT pg_switch_wal()", walFileUnchanged())), pg::close);
    }

    @TestFactory
    Stream<DynamicTest> mariadbAttacksAreRefusedAndChangeNothing() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.MYSQL, "attack_rm");
        TestDatabases.exec(url, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB;"
                + "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        String out = "/tmp/dbagent-attack-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        List<Attack> attacks = List.of(
                new Attack("into outfile", "SELECT * FROM t INTO OUTFILE '" + out + "-outfile.txt'",
                        fileAbsent(out + "-outfile.txt")),
                new Attack("into dumpfile", "SELECT name FROM t LIMIT 1 INTO DUMPFILE '" + out + "-dumpfile.txt'",
                        fileAbsent(out + "-dumpfile.txt")),
                new Attack("load_file", "SELECT LOAD_FILE('/etc/passwd')", noFileContent()),
                new Attack("get_lock", "SELECT GET_LOCK('dbagent_attack_lock', 0), SLEEP(2)", mysqlLockNeverHeld()));
        return tests(url, attacks);
    }

    private static Stream<DynamicTest> tests(DbUrl url, List<Attack> attacks) throws Exception {
        return tests(url, attacks, () -> TestDatabases.drop(url));
    }

    private static Stream<DynamicTest> tests(DbUrl url, List<Attack> attacks, Runnable cleanUp) throws Exception {
        DatabaseTools tools = new DatabaseTools(SessionSource.of(url), url,
                new MemoryStore(Files.createTempDirectory("dbagent-attack-mem")), new PlanStore(), false);
        Map<String, Function<String, String>> faces = Map.of(
                "run_read_query", sql -> tools.runReadQuery(sql, 10),
                "explain_query", sql -> tools.tool(QueryTools.class).explainQuery(sql, null, 1, null),
                "dbagent explain --analyze", sql -> DatabaseTools.guarded(() -> Json.write(
                        ExplainService.explain(url, ExplainOptions.builder(sql).analyze(true).build()))));
        List<DynamicTest> out = new ArrayList<>();
        for (Attack a : attacks) {
            for (String face : List.of("run_read_query", "explain_query", "dbagent explain --analyze")) {
                out.add(DynamicTest.dynamicTest(face + ": " + a.name(),
                        () -> a.check().verify(url, faces.get(face), a.sql())));
            }
        }
        return out.stream().onClose(cleanUp);
    }

    static void assertRefused(String answer) throws Exception {
        assertThat(JSON.readTree(answer).has("error")).as("refused: %s", answer).isTrue();
    }

    static long count(DbUrl url, String sql) throws SQLException {
        try (Connection c = ServerActivity.outside(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(DbUrl url, String sql) throws SQLException {
        try (Connection c = ServerActivity.outside(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Check refusedOnly() {
        return (url, face, sql) -> assertRefused(face.apply(sql));
    }

    static Check rowsIntact() {
        return (url, face, sql) -> {
            try {
                assertRefused(face.apply(sql));
                assertThat(count(url, "SELECT count(*) FROM t")).as("rows of t").isEqualTo(3);
            } finally {
                TestDatabases.exec(url, "DELETE FROM t; INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            }
        };
    }

    static Check noLargeObject() {
        return (url, face, sql) -> {
            try {
                assertRefused(face.apply(sql));
                assertThat(count(url, "SELECT count(*) FROM pg_largeobject_metadata")).as("large objects").isZero();
            } finally {
                TestDatabases.exec(url, "SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
            }
        };
    }

    /** A victim connection of the test's own, busy with {@code victimSql} while the attack runs, must survive. */
    static Check victimAlive(String victimSql) {
        return (url, face, sql) -> {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", url.user());
            if (url.password() != null) {
                p.setProperty("password", url.password());
            }
            p.setProperty("ApplicationName", "dbagent-victim");
            try (Connection victim = java.sql.DriverManager.getConnection(url.jdbcUrl(), p)) {
                CompletableFuture<Void> busy = CompletableFuture.runAsync(() -> {
                    try (Statement st = victim.createStatement()) {
                        st.execute(victimSql);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
                Thread.sleep(300);
                assertRefused(face.apply(sql));
                busy.join(); // a cancelled or terminated victim fails here
                try (Statement st = victim.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).as("victim still connected").isTrue();
                }
            }
        };
    }

    static Check pgLockNeverHeld() {
        return lockNeverHeld("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 424242");
    }

    static Check mysqlLockNeverHeld() {
        return lockNeverHeld("SELECT IS_USED_LOCK('dbagent_attack_lock') IS NOT NULL");
    }

    /** Watches the server from outside while the call runs: the lock must never show up. */
    static Check lockNeverHeld(String probe) {
        return (url, face, sql) -> {
            CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> face.apply(sql));
            boolean seen = false;
            while (!call.isDone()) {
                seen |= count(url, probe) > 0;
                Thread.sleep(50);
            }
            assertRefused(call.get());
            assertThat(seen).as("lock held while the call ran").isFalse();
        };
    }

    static Check noFileContent() {
        return (url, face, sql) -> {
            String answer = face.apply(sql);
            assertRefused(answer);
            assertThat(answer).doesNotContain("root:");
        };
    }

    static Check walFileUnchanged() {
        return (url, face, sql) -> {
            String before = text(url, "SELECT pg_walfile_name(pg_current_wal_insert_lsn())");
            assertRefused(face.apply(sql));
            assertThat(text(url, "SELECT pg_walfile_name(pg_current_wal_insert_lsn())")).isEqualTo(before);
        };
    }

    static Check fileAbsent(String file) {
        return (url, face, sql) -> {
            try {
                assertRefused(face.apply(sql));
                assertThat(Path.of(file)).doesNotExist();
            } finally {
                Files.deleteIfExists(Path.of(file));
            }
        };
    }
}

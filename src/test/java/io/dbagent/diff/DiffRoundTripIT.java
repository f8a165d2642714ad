package io.dbagent.diff;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.sql.ScriptSplitter;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every before/after pair on every engine: diff, apply the up, re-diff must be empty and the rows of surviving
 * tables must still be there; apply the down, and the model must equal the original exactly.
 *
 * <p>One pair of databases per engine for the whole class, emptied between cases. The three engines run their
 * cases at the same time (each on its own databases) to keep the wall time down; each case is still reported as its
 * own test, failing with its own assertion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiffRoundTripIT {

    private final Map<DialectKind, DbUrl[]> dbs = new EnumMap<>(DialectKind.class);
    private final Map<String, Throwable> outcomes = new ConcurrentHashMap<>();
    private final Map<DialectKind, List<DiffCases.Case>> cases = new EnumMap<>(DialectKind.class);

    @BeforeAll
    void runAllCases() throws Exception {
        for (DialectKind d : DialectKind.values()) {
            dbs.put(d, new DbUrl[] {TestDatabases.create(d, "diffw"), TestDatabases.create(d, "difft")});
            cases.put(d, DiffCases.all(d));
            if (d == DialectKind.POSTGRES) {
                for (DbUrl u : dbs.get(d)) {
                    // throw-away test databases: no need to wait for the disk on every DDL commit
                    execute(u, "ALTER DATABASE " + u.database() + " SET synchronous_commit = off");
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (DialectKind d : DialectKind.values()) {
                running.add(pool.submit(() -> cases.get(d).forEach(c -> {
                    try {
                        roundTrip(c);
                    } catch (Throwable t) {
                        outcomes.put(c.toString(), t);
                    }
                })));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @AfterAll
    void dropDatabases() {
        dbs.values().forEach(pair -> {
            TestDatabases.drop(pair[0]);
            TestDatabases.drop(pair[1]);
        });
    }

    @TestFactory
    Stream<DynamicTest> upReachesTheTargetAndDownRestoresTheOriginal() {
        return Stream.of(DialectKind.values()).flatMap(d -> cases.get(d).stream())
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    Throwable t = outcomes.get(c.toString());
                    if (t != null) {
                        throw t;
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyEngineHasAtLeast25Cases() {
        return Stream.of(DialectKind.values()).map(d -> DynamicTest.dynamicTest(d.id(),
                () -> assertThat(cases.get(d)).hasSizeGreaterThanOrEqualTo(25)));
    }

    private void roundTrip(DiffCases.Case c) throws Exception {
        DialectKind d = c.dialect();
        DbUrl work = reset(d, 0);
        DbUrl target = reset(d, 1);
        try (DbSession w = TestDatabases.writable(work); DbSession t = TestDatabases.writable(target)) {
            ScriptExecutor.run(w, c.before(), true);
            ScriptExecutor.run(t, c.after(), true);
            Schema before = Dialects.inspect(w);
            Schema wanted = Dialects.inspect(t);
            DiffPlan plan = SchemaDiff.diff(before, wanted);
            assertThat(plan.changes()).as("the case must change something").isNotEmpty();
            String up = String.join(";\n", plan.statements());
            List<String> kept = before.tables().stream().map(Table::name)
                    .filter(n -> wanted.table(n).isPresent()).toList();
            Map<String, Long> rowsBefore = rowCounts(w, kept);

            ScriptExecutor.run(w, statements(plan.statements()), true);
            Schema afterUp = Dialects.inspect(w);
            DiffPlan again = SchemaDiff.diff(afterUp, wanted);
            assertThat(again.changes()).as("re-diff after the up:\n" + up + "\nleft:\n" + again.statements())
                    .isEmpty();
            assertThat(rowCounts(w, kept)).as("rows of tables that exist before and after").isEqualTo(rowsBefore);

            DiffPlan down = plan.reverse();
            ScriptExecutor.run(w, statements(down.statements()), true);
            Schema afterDown = Dialects.inspect(w);
            assertThat(ModelComparison.differences(before, afterDown))
                    .as("down must restore the model; up:\n" + up + "\ndown:\n" + String.join(";\n", down.statements()))
                    .isEmpty();
        }
    }

    private static List<ScriptSplitter.Statement> statements(List<String> sql) {
        List<ScriptSplitter.Statement> out = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            out.add(new ScriptSplitter.Statement(sql.get(i), i + 1));
        }
        return out;
    }

    private static Map<String, Long> rowCounts(DbSession s, List<String> tables) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = s.connection().createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** An empty database of the engine: a new SQLite file, a recreated MySQL database, an emptied PG database. */
    private DbUrl reset(DialectKind d, int which) throws Exception {
        DbUrl url = dbs.get(d)[which];
        switch (d) {
            case SQLITE -> {
                TestDatabases.drop(url);
                url = TestDatabases.create(d, which == 0 ? "diffw" : "difft");
                dbs.get(d)[which] = url;
            }
            case MYSQL -> execute(url, "DROP DATABASE " + url.database(),
                    "CREATE DATABASE " + url.database() + " CHARACTER SET utf8mb4");
            case POSTGRES -> {
                List<String> schemas = new ArrayList<>();
                try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
                     Statement st = s.connection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                             + " AND nspname <> 'information_schema'")) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
                execute(url, schemas.stream().map(n -> "DROP SCHEMA \"" + n + "\" CASCADE")
                        .collect(Collectors.joining("; ")) + "; CREATE SCHEMA public");
            }
        }
        return url;
    }

    private static void execute(DbUrl url, String... sql) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }
}

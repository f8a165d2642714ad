package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.advisor.Advice;
import io.dbagent.advisor.AdviceOptions;
import io.dbagent.advisor.IndexAdvisor;
import io.dbagent.advisor.Workload;
import io.dbagent.dialect.Dialects;
import io.dbagent.explain.QueryFixture;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.OutputFormat;
import io.dbagent.report.Report;
import io.dbagent.report.ReportRenderer;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL what-if methods without hypopg: nothing is built on the user's tables unless {@code --what-if rollback}
 * is asked for. "Unavailable" is a probe that answers no for the extension (the server here has it); whether an
 * index build was attempted is checked from outside: a second connection holds a write lock on the table for the
 * whole run, which any CREATE INDEX on it would have to wait for (and fail on, after the 5 s lock limit).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresWhatIfIT {

    static final String WORKLOAD = """
            -- weight: 20
            SELECT id, total FROM orders_t WHERE customer_ref = 777;
            -- weight: 5
            SELECT id, total FROM orders_t WHERE status = 'pending' AND a = 7;
            """;

    /** hypopg neither installed nor installable: what a fresh server without the package answers. */
    static final PostgresWhatIf.HypoPgProbe ABSENT = new PostgresWhatIf.HypoPgProbe() {
        @Override
        public boolean installed(Connection c) {
            return false;
        }

        @Override
        public boolean available(Connection c) {
            return false;
        }
    };

    private DbUrl url;

    @BeforeAll
    void load() {
        url = TestDatabases.create(DialectKind.POSTGRES, "whatif");
        QueryFixture.load(url);
    }

    @AfterAll
    void drop() {
        TestDatabases.drop(url);
    }

    private Report<Advice> advise(String method, PostgresWhatIf whatIf) {
        AdviceOptions o = AdviceOptions.builder(Workload.parse("w.sql", WORKLOAD)).whatIf(method).build();
        try (DbSession ro = ConnectionFactory.open(url);
             DbSession rw = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            return IndexAdvisor.advise(ro, rw, o, whatIf);
        }
    }

    /** An open transaction on a separate connection that holds ROW EXCLUSIVE on orders_t (what writers hold). */
    private DbSession writerHoldingLock() throws SQLException {
        DbSession w = TestDatabases.writable(url);
        w.connection().setAutoCommit(false);
        try (Statement st = w.connection().createStatement()) {
            st.execute("LOCK TABLE orders_t IN ROW EXCLUSIVE MODE");
        }
        return w;
    }

    @Test
    void autoWithoutHypopgBuildsNothingAndSaysHowToInstallIt() throws Exception {
        int indexes = indexCount();
        Report<Advice> r;
        try (DbSession writer = writerHoldingLock()) {
            r = advise("auto", new PostgresWhatIf(ABSENT));
            // the writer's lock was never waited for: its transaction is still open and can commit
            assertThat(grantedLocks(writer)).isEqualTo(1);
            writer.connection().commit();
        }
        Advice a = r.payload();
        assertThat(a.recommendations()).isEmpty();
        assertThat(a.candidates()).isGreaterThan(0);
        assertThat(a.selection()).isEqualTo("not costed");
        assertThat(a.method()).startsWith("none (hypopg unavailable");
        assertThat(a.whatIf().get("indexBuilds")).isEqualTo(0L);
        assertThat(a.workloadCostBefore()).isGreaterThan(0);
        assertThat(String.join("\n", a.notes())).contains("apt install postgresql-15-hypopg")
                .contains("--what-if scratch").contains("--what-if rollback").contains("blocks writes");
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.id()).isEqualTo("what-if-unavailable");
            assertThat(f.fix()).isEqualTo("apt install postgresql-15-hypopg");
            assertThat(f.message()).contains(a.candidates() + " index candidate(s) were not costed");
        });
        String text = ReportRenderer.render(r, OutputFormat.TEXT);
        assertThat(text).contains("what-if-unavailable").contains("apt install postgresql-15-hypopg")
                .contains("--what-if scratch");
        assertThat(indexCount()).as("no index left behind").isEqualTo(indexes);
        assertThat(hypopgExtensions()).isZero();
    }

    @Test
    void explicitHypopgWithoutItIsOneClearLine() {
        assertThatThrownBy(() -> advise("hypopg", new PostgresWhatIf(ABSENT)))
                .isInstanceOf(DbAgentException.class)
                .hasMessageContaining("hypopg is not available on this server")
                .hasMessageContaining("apt install postgresql-15-hypopg");
    }

    @Test
    void rollbackBuildsOnTheTableSoItWaitsForTheWriterThatScratchNeverWaitsFor() throws Exception {
        int indexes = indexCount();
        // the contrast that shows the lock check detects a build: rollback must take SHARE on orders_t and cannot
        try (DbSession writer = writerHoldingLock()) {
            assertThatThrownBy(() -> advise("rollback", new PostgresWhatIf(ABSENT)))
                    .hasMessageContaining("lock");
            writer.connection().rollback();
        }
        Report<Advice> r;
        try (DbSession writer = writerHoldingLock()) {
            r = advise("scratch", new PostgresWhatIf(ABSENT));
            assertThat(grantedLocks(writer)).isEqualTo(1);
            writer.connection().commit();
        }
        Advice a = r.payload();
        assertThat(a.method()).isEqualTo("scratch copy (session TEMPORARY tables)");
        assertThat(((Number) a.whatIf().get("scratchTables")).intValue()).isEqualTo(1);
        assertThat(((Number) a.whatIf().get("indexBuilds")).longValue()).isGreaterThan(0);
        assertThat(a.recommendations()).isNotEmpty();
        assertThat(a.recommendations().get(0).columns()).containsExactly("customer_ref");
        assertThat(a.recommendations().get(0).ddl()).contains("CREATE INDEX CONCURRENTLY").contains("orders_t")
                .doesNotContain("pg_temp");
        assertThat(String.join("\n", a.notes())).contains("your tables were only read");
        assertThat(indexCount()).as("no index left behind").isEqualTo(indexes);
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relpersistence = 't'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("no temporary copy outlives the session").isZero();
        }
    }

    private int grantedLocks(DbSession writer) throws SQLException {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                     + "WHERE c.relname = 'orders_t' AND l.mode = 'RowExclusiveLock' AND l.granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int hypopgExtensions() throws SQLException {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int indexCount() {
        try (DbSession s = TestDatabases.writable(url)) {
            return Dialects.inspect(s).tables().stream().mapToInt(t -> t.indexes().size()).sum();
        }
    }
}

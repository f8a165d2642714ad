package io.dbagent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * explain checks each index a fix proposes with the engine's what-if method before showing it (PostgreSQL hypopg,
 * SQLite a private copy, MySQL/MariaDB a scratch copy on --dev-db): an index the planner would not use (a filter that
 * keeps half of the table) is not proposed, one it would use is, and building that index really changes the plan,
 * seen from a separate connection. Nothing is left behind: no index on the table, no scratch database, no
 * hypothetical index.
 */
class IndexFixVerificationIT {

    /** 60,000 rows: status is 'a' in nine rows of ten, team has 3,000 values (20 rows each). */
    private static DbUrl fixture(DialectKind d) {
        DbUrl url = TestDatabases.create(d, "fixcheck");
        TestDatabases.exec(url, "CREATE TABLE t (id INTEGER PRIMARY KEY, status VARCHAR(10) NOT NULL, team INTEGER "
                + "NOT NULL, note VARCHAR(40) NOT NULL)");
        TestDatabases.exec(url, switch (d) {
            case POSTGRES -> "INSERT INTO t SELECT n, CASE WHEN n % 10 = 0 THEN 'b' ELSE 'a' END, n % 3000, 'note ' || n "
                    + "FROM generate_series(1, 60000) n";
            case MYSQL -> "INSERT INTO t SELECT seq, IF(seq % 10 = 0, 'b', 'a'), seq % 3000, CONCAT('note ', seq) "
                    + "FROM seq_1_to_60000";
            case SQLITE -> "INSERT INTO t WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < "
                    + "60000) SELECT n, CASE WHEN n % 10 = 0 THEN 'b' ELSE 'a' END, n % 3000, 'note ' || n FROM g";
        });
        TestDatabases.exec(url, d == DialectKind.MYSQL ? "ANALYZE TABLE t" : "ANALYZE");
        return url;
    }

    private static JsonNode explain(DbUrl url, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("explain", "--db", QueryFixture.dbArg(url), "--format", "json"));
        all.addAll(List.of(args));
        var r = CliRunner.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return Json.MAPPER.readTree(r.out());
    }

    private static JsonNode seqScan(JsonNode report) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals("seq-scan-large-table")) {
                return f;
            }
        }
        throw new AssertionError("no seq-scan-large-table finding in " + report);
    }

    /** The plan as the engine prints it, read on a connection of its own. */
    private static String plan(DbUrl url, String sql) throws Exception {
        String explain = url.dialect() == DialectKind.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
        StringBuilder out = new StringBuilder();
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(explain + sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    out.append(rs.getString(i)).append(' ');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> indexNames(DbUrl url) throws Exception {
        String q = switch (url.dialect()) {
            case POSTGRES -> "SELECT indexname FROM pg_indexes WHERE tablename = 't'";
            case MYSQL -> "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = '"
                    + url.database() + "' AND table_name = 't'";
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'index'";
        };
        List<String> out = new ArrayList<>();
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) {
                out.add(rs.getString(1).toLowerCase());
            }
        }
        return out;
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String runnable(String fix) {
        return String.join("\n", fix.lines().filter(l -> !l.startsWith("--"))
                .map(l -> l.replace("CONCURRENTLY ", "")).toList());
    }

    private static String[] devDb(DialectKind d) {
        return d == DialectKind.MYSQL ? new String[] {"--dev-db", QueryFixture.dbArg(TestDatabases.mysqlServer())
                .replaceFirst("/null$", "/")} : new String[0];
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void onlyIndexesThePlannerUsesAreProposed(DialectKind d) throws Exception {
        DbUrl url = fixture(d);
        try {
            if (d == DialectKind.POSTGRES) {
                TestDatabases.exec(url, "CREATE EXTENSION hypopg");
            }
            String method = switch (d) {
                case POSTGRES -> "hypopg";
                case MYSQL -> "scratch";
                case SQLITE -> "copy";
            };
            long scratchBefore = d == DialectKind.MYSQL ? count(TestDatabases.mysqlServer(),
                    "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'dbagent_scratch%'") : 0;
            List<String> indexesBefore = indexNames(url);

            // nine rows of ten match: an index on status would not be used, so none is proposed
            String most = "SELECT * FROM t WHERE status = 'a'";
            JsonNode rejected = seqScan(explain(url, concat(devDb(d), most)));
            assertThat(rejected.get("evidence").get("verified").asText()).isEqualTo(method);
            assertThat(rejected.get("evidence").get("indexUsed").asBoolean()).isFalse();
            assertThat(rejected.get("fix").asText()).startsWith("-- no index proposed")
                    .doesNotContainIgnoringCase("CREATE INDEX").doesNotContainIgnoringCase("ADD INDEX");
            assertThat(rejected.get("message").asText()).contains("an index on (status) would not be used");
            assertThat(rejected.get("evidence").get("rejectedFix").asText()).contains("idx_t_status");

            // 20 rows of 60,000 match: the index is used, so it is proposed, marked verified
            String few = "SELECT * FROM t WHERE team = 7";
            JsonNode accepted = seqScan(explain(url, concat(devDb(d), few)));
            assertThat(accepted.get("evidence").get("verified").asText()).isEqualTo(method);
            assertThat(accepted.get("evidence").get("indexUsed").asBoolean()).isTrue();
            String fix = accepted.get("fix").asText();
            assertThat(fix).startsWith("-- verified (" + method + "): the planner uses idx_t_team").contains("idx_t_team");

            // nothing was left behind by either check
            assertThat(indexNames(url)).isEqualTo(indexesBefore).doesNotContain("idx_t_team", "idx_t_status");
            if (d == DialectKind.MYSQL) {
                assertThat(count(TestDatabases.mysqlServer(), "SELECT count(*) FROM information_schema.schemata "
                        + "WHERE schema_name LIKE 'dbagent_scratch%'")).isEqualTo(scratchBefore);
            }
            if (d == DialectKind.POSTGRES) {
                assertThat(count(url, "SELECT count(*) FROM hypopg_list_indexes")).isZero();
            }

            // the proposed index, built, is what the planner uses (seen from a connection of its own)
            assertThat(plan(url, few)).doesNotContain("idx_t_team");
            TestDatabases.exec(url, runnable(fix));
            if (d == DialectKind.SQLITE) {
                TestDatabases.exec(url, "ANALYZE");
            }
            assertThat(plan(url, few)).contains("idx_t_team");
        } finally {
            TestDatabases.drop(url);
        }
    }

    /** hypopg on the server but not in the database: created in a transaction that is rolled back, not kept. */
    @Test
    void hypopgNotCreatedIsCreatedInARolledBackTransactionAndNotKept() throws Exception {
        DbUrl url = fixture(DialectKind.POSTGRES);
        try {
            JsonNode rejected = seqScan(explain(url, "SELECT * FROM t WHERE status = 'a'"));
            assertThat(rejected.get("evidence").get("verified").asText())
                    .isEqualTo("hypopg (created in a rolled-back transaction)");
            assertThat(rejected.get("evidence").get("indexUsed").asBoolean()).isFalse();
            JsonNode accepted = seqScan(explain(url, "SELECT * FROM t WHERE team = 7"));
            assertThat(accepted.get("evidence").get("indexUsed").asBoolean()).isTrue();
            assertThat(count(url, "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'")).isZero();
            assertThat(indexNames(url)).doesNotContain("idx_t_team", "idx_t_status");
        } finally {
            TestDatabases.drop(url);
        }
    }

    @Test
    void withoutADevServerMariaDbKeepsTheFixMarkedNotVerified() throws Exception {
        DialectKind d = DialectKind.MYSQL;
        DbUrl url = fixture(d);
        try {
            JsonNode f = seqScan(explain(url, "SELECT * FROM t WHERE team = 7"));
            String verified = f.get("evidence").get("verified").asText();
            assertThat(verified).startsWith("no: ").contains("--dev-db").contains("DBAGENT_DEV_DB");
            assertThat(f.get("fix").asText()).startsWith("-- not verified (").contains("idx_t_team");
            assertThat(f.get("evidence").has("indexUsed")).isFalse();
            assertThat(indexNames(url)).doesNotContain("idx_t_team");
        } finally {
            TestDatabases.drop(url);
        }
    }

    /** A rewrite fix is checked against the rewritten statement: the date range uses the proposed index. */
    @Test
    void aRangeRewriteIsCheckedOnTheRewrittenStatement() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "fixcheck2");
        try {
            TestDatabases.exec(url, "CREATE EXTENSION hypopg; CREATE TABLE ev (id INTEGER PRIMARY KEY, created_at "
                    + "TIMESTAMP NOT NULL); INSERT INTO ev SELECT n, TIMESTAMP '1980-01-01 10:00' + (n % 18000) * "
                    + "INTERVAL '1 day' FROM generate_series(1, 60000) n; ANALYZE");
            JsonNode f = seqScan(explain(url, "SELECT id FROM ev WHERE date(created_at) = '2011-03-01'"));
            assertThat(f.get("evidence").get("verified").asText()).isEqualTo("hypopg");
            assertThat(f.get("fix").asText()).startsWith("-- verified (hypopg): the planner uses idx_ev_created_at "
                    + "for the rewritten statement");
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}

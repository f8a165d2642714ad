package io.dbagent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbagent explain} on real PostgreSQL, MariaDB and SQLite databases holding {@link QueryFixture}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainIT {

    private final Map<DialectKind, DbUrl> dbs = new EnumMap<>(DialectKind.class);

    @BeforeAll
    void load() {
        for (DialectKind d : DialectKind.values()) {
            DbUrl url = TestDatabases.create(d, "explain");
            dbs.put(d, url);
            QueryFixture.load(url);
        }
        // plans must not depend on how many parallel workers the server can spare at that moment (a sort split
        // over three processes may fit in memory where the same sort in one spills): this test's database plans
        // serially
        TestDatabases.exec(dbs.get(DialectKind.POSTGRES), "ALTER DATABASE " + dbs.get(DialectKind.POSTGRES).database()
                + " SET max_parallel_workers_per_gather = 0");
    }

    @AfterAll
    void drop() {
        dbs.values().forEach(TestDatabases::drop);
    }

    /** Runs explain --format json and checks the exit code: 1 when a finding is at or above --fail-on (critical). */
    private JsonNode explain(int exit, DialectKind d, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("explain", "--db", QueryFixture.dbArg(dbs.get(d)), "--format", "json"));
        all.addAll(List.of(args));
        var r = CliRunner.run(all.toArray(String[]::new));
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exit()).as(r.out()).isEqualTo(exit);
        return Json.MAPPER.readTree(r.out());
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void seqScanOnLargeTableNamesTheFilterColumnAndItsIndexFixWorks(DialectKind d) throws Exception {
        String q = "SELECT id, total FROM orders_t WHERE customer_ref = 4242";
        JsonNode before = explain(0, d, "--analyze", q);
        assertThat(before.get("analyzed").asBoolean()).isTrue();
        JsonNode scan = find(before.get("plan"), "full-scan");
        assertThat(scan).as("a full scan node in " + before.get("plan")).isNotNull();
        assertThat(scan.get("relation").asText()).isEqualTo("orders_t");
        JsonNode f = finding(before, "seq-scan-large-table");
        assertThat(f.get("subject").asText()).endsWith("orders_t");
        assertThat(f.get("message").asText()).contains("filtering on customer_ref").containsPattern("\\(\\d\\d,\\d{3} rows\\)");
        assertThat(f.get("evidence").get("rows").asLong()).isGreaterThan(10_000);
        assertThat(f.get("evidence").get("filterColumns").toString()).isEqualTo("[\"customer_ref\"]");
        // the check before proposing: PG hypopg (created in a rolled-back transaction), MariaDB not verified without
        // --dev-db, SQLite a private copy
        String verified = switch (d) {
            case POSTGRES -> "hypopg";
            case MYSQL -> "no: ";
            case SQLITE -> "copy";
        };
        assertThat(f.get("evidence").get("verified").asText()).startsWith(verified);
        String fix = f.get("fix").asText();
        assertThat(fix.lines().findFirst().orElseThrow()).startsWith(d == DialectKind.MYSQL ? "-- not verified ("
                : "-- verified (" + verified);
        fix = fix.substring(fix.indexOf('\n') + 1);
        assertThat(fix).isEqualTo(switch (d) {
            case POSTGRES -> "CREATE INDEX CONCURRENTLY idx_orders_t_customer_ref ON orders_t (customer_ref);";
            case MYSQL -> "ALTER TABLE orders_t ADD INDEX idx_orders_t_customer_ref (customer_ref), ALGORITHM=INPLACE, LOCK=NONE;";
            case SQLITE -> "CREATE INDEX idx_orders_t_customer_ref ON orders_t (customer_ref);";
        });
        TestDatabases.exec(dbs.get(d), fix);
        QueryFixture.analyze(dbs.get(d));
        JsonNode after = explain(0, d, "--analyze", q);
        JsonNode used = findIndex(after.get("plan"), "idx_orders_t_customer_ref");
        assertThat(used).as("plan uses the new index: " + after.get("plan")).isNotNull();
        assertThat(ids(after)).doesNotContain("seq-scan-large-table");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void dmlUnderAnalyzeIsRolledBack(DialectKind d) throws Exception {
        long[] before = counts(d);
        JsonNode upd = explain(0, d, "--analyze", "--runs", "2", "UPDATE orders_t SET total = 0 WHERE status = 'pending'");
        assertThat(upd.get("rolledBack").asBoolean()).isTrue();
        assertThat(upd.get("statement").asText()).isEqualTo("UPDATE");
        assertThat(upd.get("timing").get("runs").asInt()).isEqualTo(2);
        JsonNode del = explain(0, d, "--analyze", "DELETE FROM orders_t WHERE id <= 500");
        assertThat(del.get("rolledBack").asBoolean()).isTrue();
        JsonNode ins = explain(0, d, "--analyze", "INSERT INTO customers (id, email, country) VALUES (999999, 'x@y', 'FR')");
        assertThat(ins.get("notes").toString()).contains("rolled back");
        assertThat(counts(d)).containsExactly(before);
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void bindParametersTakeSampleValuesAndSayWhich(DialectKind d) throws Exception {
        String param = d == DialectKind.POSTGRES ? "$1" : "?";
        String q = "SELECT id FROM orders_t WHERE status = " + param + " AND total > " + (d == DialectKind.POSTGRES ? "$2" : "?");
        JsonNode r = explain(0, d, "--analyze", q);
        JsonNode p = r.get("parameters");
        assertThat(p.get("mode").asText()).isEqualTo("sample-values");
        String first = d == DialectKind.POSTGRES ? "$1" : "?1";
        assertThat(p.get("sources").get(first).asText()).isEqualTo("orders_t.status");
        // the value is one the column really holds (the sample is the first row the engine returns)
        String sampled = p.get("values").get(first).asText();
        assertThat(rows(d, "SELECT count(*) FROM orders_t WHERE status = " + sampled)).doesNotContain("0|");
        JsonNode given = explain(0, d, "--param", "pending", "--param", "10", q);
        assertThat(given.get("parameters").get("mode").asText()).isEqualTo("given");
        assertThat(given.get("parameters").get("values").get(first).asText()).isEqualTo("'pending'");
        if (d == DialectKind.POSTGRES) {
            JsonNode generic = explain(0, d, q);
            assertThat(generic.get("parameters").get("mode").asText()).isEqualTo("generic-plan");
            assertThat(generic.get("plan").toString()).contains("$1");
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void runsReportPercentiles(DialectKind d) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("query", ".sql");
        java.nio.file.Files.writeString(f, "-- the pending count\nSELECT count(*) FROM orders_t WHERE status = 'pending';\n");
        JsonNode r = explain(0, d, "--runs", "7", "--file", f.toString());
        java.nio.file.Files.delete(f);
        JsonNode t = r.get("timing");
        assertThat(t.get("runs").asInt()).isEqualTo(7);
        assertThat(t.get("p50Ms").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(t.get("p95Ms").asDouble());
        assertThat(t.get("p95Ms").asDouble()).isLessThanOrEqualTo(t.get("maxMs").asDouble());
        assertThat(r.get("analyzed").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void slowQueryAboveTheP95Target(DialectKind d) throws Exception {
        String slow = switch (d) {
            case POSTGRES -> "SELECT pg_sleep(0.12)";
            case MYSQL -> "SELECT SLEEP(0.12)";
            // no sleep in SQLite: a three-way self-join of 200 rows is 8M rows of work
            case SQLITE -> "SELECT count(*) FROM customers a, customers b, customers c WHERE a.id <= 200 AND b.id <= 200 "
                    + "AND c.id <= 200 AND a.email < b.email AND b.email < c.email";
        };
        // at --fail-on warn the slow query fails the run on every engine (the SQLite stand-in takes over 1 s here,
        // ten times the target, so a fast machine has a wide margin)
        JsonNode r = explain(1, d, "--runs", "3", "--fail-on", "warn", slow);
        assertThat(r.get("timing").get("p95Ms").asDouble()).isGreaterThanOrEqualTo(100);
        JsonNode f = finding(r, "slow-query");
        assertThat(f.get("message").asText()).contains("p95 of 3 runs").contains("above the 100 ms target");
        JsonNode fast = explain(0, d, "--runs", "3", "SELECT id FROM customers WHERE id = 3");
        assertThat(ids(fast)).doesNotContain("slow-query");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void badInputIsOneLineAndExitTwo(DialectKind d) {
        String db = QueryFixture.dbArg(dbs.get(d));
        var syntax = CliRunner.run("explain", "--db", db, "SELEC id FRM orders_t");
        assertThat(syntax.exit()).isEqualTo(2);
        assertThat(syntax.err()).startsWith("dbagent: ").doesNotContain("\tat ");
        var unknown = CliRunner.run("explain", "--db", db, "SELECT nope FROM orders_t");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("the database rejected the statement").contains("nope");
        assertThat(unknown.err().lines().count()).isEqualTo(1);
        var ddl = CliRunner.run("explain", "--db", db, "DROP TABLE orders_t");
        assertThat(ddl.exit()).isEqualTo(2);
        assertThat(ddl.err()).contains("explain takes one SELECT, INSERT, UPDATE, DELETE or WITH statement");
        var two = CliRunner.run("explain", "--db", db, "SELECT 1; SELECT 2");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("explain takes one statement, got 2");
        var empty = CliRunner.run("explain", "--db", db, "  ");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no SQL given");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void queryShapesGetFindingsWhoseRewritesReturnTheSameRows(DialectKind d) throws Exception {
        // select-star: the columns spelled out
        JsonNode star = explain(0, d, "SELECT * FROM customers WHERE id = 5");
        assertThat(finding(star, "select-star").get("fix").asText())
                .endsWith("SELECT id, email, country FROM customers WHERE id = 5");
        // offset-pagination: the keyset rewrite returns the same page
        String page = "SELECT id, total FROM orders_t ORDER BY id LIMIT 20 OFFSET 15000";
        JsonNode off = explain(0, d, page);
        JsonNode offF = finding(off, "offset-pagination");
        assertThat(offF.get("severity").asText()).isEqualTo("warn");
        String keyset = sqlOf(offF.get("fix").asText());
        assertThat(keyset).contains("id > ?").doesNotContainIgnoringCase("offset");
        assertThat(rows(d, keyset.replace("?", "15000"))).isEqualTo(rows(d, page));
        // not-in-subquery: NOT EXISTS returns the same customers
        String notIn = "SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders_t WHERE status = 'pending')";
        String notExists = sqlOf(finding(explain(0, d, notIn), "not-in-subquery").get("fix").asText());
        assertThat(notExists).containsIgnoringCase("NOT EXISTS");
        assertThat(rows(d, notExists)).isEqualTo(rows(d, notIn)).hasSizeGreaterThan(100);
        // correlated-subquery: the join computes the same counts
        String corr = "SELECT c.id, (SELECT count(*) FROM orders_t o WHERE o.customer_id = c.id) AS n FROM customers c";
        JsonNode corrR = explain(0, d, "--analyze", corr);
        String join = sqlOf(finding(corrR, "correlated-subquery").get("fix").asText());
        assertThat(join).containsIgnoringCase("LEFT JOIN");
        assertThat(rows(d, join)).isEqualTo(rows(d, corr)).hasSize(QueryFixture.CUSTOMERS);
        if (d == DialectKind.SQLITE) {
            assertThat(corrR.get("skipped").get("nested-loop-many").asText()).contains("no loop counts");
        } else {
            JsonNode loops = finding(corrR, "nested-loop-many");
            assertThat(loops.get("evidence").get("loops").asLong()).isGreaterThanOrEqualTo(1000);
        }
        // leading-wildcard-like: the fix is valid DDL on this engine
        JsonNode like = explain(0, d, "SELECT id FROM customers WHERE email LIKE '%42@example.com'");
        JsonNode likeF = finding(like, "leading-wildcard-like");
        assertThat(likeF.get("subject").asText()).endsWith("customers.email");
        assertThat(likeF.get("fix").asText()).contains(switch (d) {
            case POSTGRES -> "USING gin (email gin_trgm_ops)";
            case MYSQL -> "ADD FULLTEXT INDEX";
            case SQLITE -> "USING fts5(email, content='customers', tokenize='trigram')";
        });
        TestDatabases.exec(dbs.get(d), likeF.get("fix").asText());
        // function-on-indexed-column: after the fix the plan reads through the new index. PostgreSQL, SQLite and
        // MySQL 8 index the expression itself; MariaDB has no functional indexes, so its fix is an indexed
        // generated column, which its planner uses when the query names that column
        String fn = "SELECT id FROM customers WHERE lower(email) = 'user7@example.com'";
        JsonNode fnF = finding(explain(0, d, fn), "function-on-indexed-column");
        assertThat(fnF.get("message").asText()).contains("idx_customers_email");
        TestDatabases.exec(dbs.get(d), fnF.get("fix").asText());
        QueryFixture.analyze(dbs.get(d));
        String fixed = fn;
        if (isMariaDb(d)) {
            assertThat(fnF.get("fix").asText()).contains("AS (lower(email)) VIRTUAL")
                    .contains("when the query compares email_lower");
            fixed = "SELECT id FROM customers WHERE email_lower = 'user7@example.com'";
        }
        JsonNode after = explain(0, d, fixed).get("plan");
        assertThat(findIndex(after, "idx_customers_lower_email")).as(after.toString()).isNotNull();
        assertThat(rows(d, fixed)).isEqualTo(rows(d, fn)).hasSize(1);
        // implicit-cast: number against a text column (MySQL/SQLite), decimal against an integer key (PG)
        String cast = d == DialectKind.POSTGRES ? "SELECT email FROM customers WHERE id = 42.0"
                : "SELECT id FROM orders_t WHERE code = 123";
        if (d == DialectKind.SQLITE) {
            // SQLite gives the number the column's text affinity and keeps the index: nothing to report
            assertThat(ids(explain(0, d, cast))).doesNotContain("implicit-cast");
            return;
        }
        JsonNode castF = finding(explain(0, d, cast), "implicit-cast");
        assertThat(castF.get("fix").asText()).contains(d == DialectKind.POSTGRES ? "id = 42" : "code = '123'");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void analyzedPlansReportEstimatesAndSpills(DialectKind d) throws Exception {
        if (d == DialectKind.SQLITE) {
            JsonNode r = explain(0, d, "--analyze", "SELECT id FROM orders_t ORDER BY note");
            assertThat(r.get("skipped").get("row-estimate-off").asText()).contains("no row estimates");
            assertThat(r.get("skipped").get("sort-spill").asText()).contains("SQLite");
            return;
        }
        String q = d == DialectKind.POSTGRES ? "SELECT count(*) FROM orders_t WHERE a = 1 AND b = 1"
                : "SELECT count(*) FROM orders_t WHERE status = 'pending'";
        JsonNode est = finding(explain(0, d, "--analyze", q), "row-estimate-off");
        assertThat(est.get("evidence").get("factor").asDouble()).isGreaterThanOrEqualTo(10);
        String fix = est.get("fix").asText();
        assertThat(fix).contains(d == DialectKind.POSTGRES ? "CREATE STATISTICS" : "PERSISTENT FOR COLUMNS (status)");
        TestDatabases.exec(dbs.get(d), fix);
        assertThat(ids(explain(0, d, "--analyze", q))).doesNotContain("row-estimate-off");
        JsonNode spill = finding(explain(0, d, "--analyze", "SELECT id, note FROM orders_t ORDER BY note DESC"),
                "sort-spill");
        assertThat(spill.get("fix").asText()).contains(d == DialectKind.POSTGRES ? "SET work_mem" : "sort_buffer_size");
    }

    private boolean isMariaDb(DialectKind d) {
        if (d != DialectKind.MYSQL) {
            return false;
        }
        try (DbSession s = TestDatabases.writable(dbs.get(d))) {
            return s.isMariaDb();
        }
    }

    private static String sqlOf(String fix) {
        return fix.lines().filter(l -> !l.startsWith("--")).findFirst().orElseThrow().replaceAll("\\s+--.*$", "");
    }

    private List<String> rows(DialectKind d, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (DbSession s = TestDatabases.writable(dbs.get(d)); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private long[] counts(DialectKind d) throws Exception {
        try (DbSession s = TestDatabases.writable(dbs.get(d)); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM orders_t), (SELECT sum(total) FROM orders_t),"
                     + " (SELECT count(*) FROM customers)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    static JsonNode finding(JsonNode report, String id) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals(id)) {
                return f;
            }
        }
        throw new AssertionError("no finding " + id + " in " + report.get("findings") + " skipped " + report.get("skipped"));
    }

    static List<String> ids(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("findings").forEach(f -> out.add(f.get("id").asText()));
        return out;
    }

    static JsonNode find(JsonNode node, String kind) {
        if (kind.equals(node.path("kind").asText())) {
            return node;
        }
        for (JsonNode c : node.path("children")) {
            JsonNode x = find(c, kind);
            if (x != null) {
                return x;
            }
        }
        return null;
    }

    static JsonNode findIndex(JsonNode node, String index) {
        if (index.equalsIgnoreCase(node.path("index").asText())) {
            return node;
        }
        for (JsonNode c : node.path("children")) {
            JsonNode x = findIndex(c, index);
            if (x != null) {
                return x;
            }
        }
        return null;
    }
}

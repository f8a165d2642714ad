package io.dbagent.explain;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seq-scan-large-table fix for filters a plain index cannot serve, applied on the real engine: after running the
 * proposed DDL, the same query's plan reads through the new index(es).
 */
class NonSargableFixIT {

    private static JsonNode explain(DbUrl url, String sql) throws Exception {
        var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(url), "--format", "json", sql);
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    private static String seqScanFix(JsonNode report) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals("seq-scan-large-table")) {
                return f.get("fix").asText();
            }
        }
        throw new AssertionError("no seq-scan-large-table finding in " + report);
    }

    /** The fix's statements without comment lines, in the form that runs inside a script (no CONCURRENTLY). */
    private static String runnable(String fix) {
        List<String> lines = new ArrayList<>();
        for (String l : fix.split("\n")) {
            if (!l.startsWith("--")) {
                lines.add(l.replace("CONCURRENTLY ", ""));
            }
        }
        return String.join("\n", lines);
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "SQLITE"})
    void expressionAndOrFixesChangeThePlan(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "nonsarg");
        try {
            TestDatabases.exec(url, """
                    CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL, team INTEGER NOT NULL,
                        status VARCHAR(10) NOT NULL);
                    CREATE INDEX ix_users_email ON users (email);
                    """);
            TestDatabases.exec(url, "INSERT INTO users (id, email, team, status) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL "
                    + "SELECT n + 1 FROM g WHERE n < 60000) SELECT n, 'U' || n || '@x.org', n % 3000, "
                    + "CASE WHEN n % 997 = 0 THEN 'failed' ELSE 'ok' END FROM g");
            TestDatabases.exec(url, "ANALYZE");
            String lower = "SELECT id FROM users WHERE lower(email) = 'u77@x.org'";
            String fix = seqScanFix(explain(url, lower));
            assertThat(fix).contains("lower(email)");
            TestDatabases.exec(url, runnable(fix));
            assertThat(explain(url, lower).findValuesAsText("index")).contains("idx_users_lower_email");

            String or = "SELECT id FROM users WHERE team = 42 OR status = 'failed'";
            fix = seqScanFix(explain(url, or));
            assertThat(fix).contains("idx_users_team").contains("idx_users_status").doesNotContain("team, status");
            TestDatabases.exec(url, runnable(fix));
            assertThat(explain(url, or).findValuesAsText("index")).contains("idx_users_team", "idx_users_status");
        } finally {
            TestDatabases.drop(url);
        }
    }

    /** The rewritten statement a fix carries as a comment line ({@code -- SELECT …}). */
    private static String rewritten(String fix) {
        for (String l : fix.split("\n")) {
            if (l.startsWith("-- SELECT")) {
                return l.substring(3);
            }
        }
        throw new AssertionError("no rewritten statement in the fix: " + fix);
    }

    private static DbUrl events(DialectKind d) {
        DbUrl url = TestDatabases.create(d, "nonsarg3");
        String ts = d == DialectKind.POSTGRES ? "TIMESTAMP" : d == DialectKind.MYSQL ? "DATETIME" : "TEXT";
        TestDatabases.exec(url, "CREATE TABLE ev (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL, team INTEGER "
                + "NOT NULL, status VARCHAR(10) NOT NULL, created_at " + ts + " NOT NULL)");
        // 60,000 rows over ~49 years: a day is ~3 rows, a year ~2 %
        TestDatabases.exec(url, switch (d) {
            case POSTGRES -> "INSERT INTO ev SELECT n, 'U' || n || '@x.org', n % 3000, CASE WHEN n % 997 = 0 THEN "
                    + "'failed' ELSE 'ok' END, TIMESTAMP '1980-01-01 10:00' + (n % 18000) * INTERVAL '1 day' "
                    + "FROM generate_series(1, 60000) n";
            case MYSQL -> "INSERT INTO ev SELECT seq, CONCAT('U', seq, '@x.org'), seq % 3000, CASE WHEN seq % 997 = 0 "
                    + "THEN 'failed' ELSE 'ok' END, TIMESTAMP '1980-01-01 10:00:00' + INTERVAL (seq % 18000) DAY "
                    + "FROM seq_1_to_60000";
            case SQLITE -> "INSERT INTO ev WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < "
                    + "60000) SELECT n, 'U' || n || '@x.org', n % 3000, CASE WHEN n % 997 = 0 THEN 'failed' ELSE 'ok' "
                    + "END, datetime('1980-01-01 10:00:00', '+' || (n % 18000) || ' days') FROM g";
        });
        TestDatabases.exec(url, d == DialectKind.MYSQL ? "ANALYZE TABLE ev" : "ANALYZE");
        return url;
    }

    /**
     * The date shapes ({@code date(col) = day}, {@code col::date = day}, {@code extract(year from col) = y},
     * {@code year(col) = y}) get a range rewrite on the bare column and its index: after the index is built, the
     * rewritten statement's plan reads through it. On MariaDB (no functional indexes in 10.11) {@code lower(col)} gets
     * a virtual generated column with an index, and the statement naming that column uses it; an OR across two
     * columns gets one index per branch, combined by index_merge.
     */
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void dateShapesGetARangeRewriteThatUsesTheIndex(DialectKind d) throws Exception {
        DbUrl url = events(d);
        try {
            List<String> shapes = new ArrayList<>(List.of("SELECT id FROM ev WHERE date(created_at) = '2011-03-01'"));
            if (d == DialectKind.POSTGRES) {
                shapes.add("SELECT id FROM ev WHERE created_at::date = '2011-03-01'");
                shapes.add("SELECT id FROM ev WHERE extract(year from created_at) = 2011");
            } else if (d == DialectKind.MYSQL) {
                shapes.add("SELECT id FROM ev WHERE year(created_at) = 2011");
            } else {
                shapes.add("SELECT id FROM ev WHERE strftime('%Y', created_at) = '2011'");
                shapes.add("SELECT id FROM ev WHERE strftime('%Y-%m', created_at) = '2011-03'");
            }
            for (String sql : shapes) {
                JsonNode before = explain(url, sql);
                assertThat(before.findValue("plan").findValuesAsText("index")).as(sql).doesNotContain("idx_ev_created_at");
                String fix = seqScanFix(before);
                assertThat(fix).as(sql).contains("created_at >= '").contains("idx_ev_created_at");
                TestDatabases.exec(url, runnable(fix));
                String rewrite = rewritten(fix);
                assertThat(rewrite).doesNotContainIgnoringCase("date(").doesNotContainIgnoringCase("year")
                        .doesNotContainIgnoringCase("strftime").contains("created_at >= '2011-");
                JsonNode plan = explain(url, rewrite).findValue("plan");
                assertThat(plan.findValuesAsText("index")).as(rewrite).contains("idx_ev_created_at");
                assertThat(plan.findValuesAsText("kind")).as(rewrite).doesNotContain("full-scan");
                // each shape from the same start: without the index
                TestDatabases.exec(url, "DROP INDEX idx_ev_created_at" + (d == DialectKind.MYSQL ? " ON ev" : ""));
            }
            if (d == DialectKind.MYSQL) {
                String lower = "SELECT id FROM ev WHERE lower(email) = 'u77@x.org'";
                String fix = seqScanFix(explain(url, lower));
                assertThat(fix).contains("VIRTUAL").contains("ADD INDEX");
                TestDatabases.exec(url, runnable(fix));
                String named = rewritten(fix);
                assertThat(named).doesNotContain("lower(");
                assertThat(explain(url, named).findValue("plan").findValuesAsText("index")).as(named).contains("idx_ev_lower_email");

                String or = "SELECT id FROM ev WHERE team = 42 OR status = 'failed'";
                fix = seqScanFix(explain(url, or));
                assertThat(fix).contains("idx_ev_team").contains("idx_ev_status");
                TestDatabases.exec(url, runnable(fix));
                String plan = explain(url, or).findValue("plan").toString();
                assertThat(plan).contains("idx_ev_team").contains("idx_ev_status");
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    /**
     * With an index on the column already, the date shapes get the statement's own period as a range (no example
     * dates, no second index), and the rewritten statement reads through the existing index.
     */
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void withAnIndexTheDateFixRewritesTheStatementsOwnPeriod(DialectKind d) throws Exception {
        DbUrl url = events(d);
        try {
            TestDatabases.exec(url, "CREATE INDEX ix_ev_created ON ev (created_at)");
            String sql = switch (d) {
                case POSTGRES -> "SELECT id FROM ev WHERE extract(year from created_at) = 2011";
                case MYSQL -> "SELECT id FROM ev WHERE year(created_at) = 2011";
                case SQLITE -> "SELECT id FROM ev WHERE strftime('%Y', created_at) = '2011'";
            };
            JsonNode report = explain(url, sql);
            String fix = null;
            for (JsonNode f : report.get("findings")) {
                if (f.get("id").asText().equals("function-on-indexed-column")) {
                    fix = f.get("fix").asText();
                }
            }
            assertThat(fix).as(report.toString()).isNotNull().contains("ix_ev_created")
                    .contains("created_at >= '2011-01-01' AND created_at < '2012-01-01'")
                    .doesNotContain("2024").doesNotContainIgnoringCase("CREATE INDEX").doesNotContain("ADD INDEX");
            String rewritten = fix.lines().filter(l -> !l.startsWith("--")).findFirst().orElseThrow();
            assertThat(rewritten).startsWith("SELECT id FROM ev WHERE");
            JsonNode plan = explain(url, rewritten.replaceFirst(";$", "")).findValue("plan");
            assertThat(plan.findValuesAsText("index")).as(rewritten).contains("ix_ev_created");
        } finally {
            TestDatabases.drop(url);
        }
    }
}

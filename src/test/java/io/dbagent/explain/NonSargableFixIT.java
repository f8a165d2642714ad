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
}

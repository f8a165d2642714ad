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
 * implicit-cast on the real engines: where the literal's type makes the engine convert the column (MariaDB: a
 * varchar compared with a number; PostgreSQL: an integer compared with a decimal, or a cast written on the column;
 * SQLite: a cast written on the column) the index is not used, the finding names table.column and both types, and
 * its rewritten statement reads through the index. Where the engine keeps the index (SQLite gives a number the
 * column's text affinity) nothing is reported.
 */
class ImplicitCastIT {

    private static JsonNode explain(DbUrl url, String sql) throws Exception {
        var r = CliRunner.run("explain", "--db", QueryFixture.dbArg(url), "--format", "json", sql);
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return Json.MAPPER.readTree(r.out());
    }

    private static JsonNode cast(JsonNode report) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals("implicit-cast")) {
                return f;
            }
        }
        return null;
    }

    private static List<String> indexes(JsonNode report) {
        return report.findValue("plan").findValuesAsText("index");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void theRewriteMakesThePlanUseTheIndex(DialectKind d) throws Exception {
        DbUrl url = TestDatabases.create(d, "cast");
        try {
            TestDatabases.exec(url, "CREATE TABLE p (id INTEGER PRIMARY KEY, phone VARCHAR(20) NOT NULL, n INTEGER "
                    + "NOT NULL, note VARCHAR(40) NOT NULL)");
            TestDatabases.exec(url, switch (d) {
                case POSTGRES -> "INSERT INTO p SELECT g, '555' || g, g, 'x' || g FROM generate_series(1, 30000) g";
                case MYSQL -> "INSERT INTO p SELECT seq, CONCAT('555', seq), seq, CONCAT('x', seq) FROM seq_1_to_30000";
                case SQLITE -> "INSERT INTO p WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < "
                        + "30000) SELECT n, '555' || n, n, 'x' || n FROM g";
            });
            TestDatabases.exec(url, "CREATE INDEX ix_p_phone ON p (phone)");
            TestDatabases.exec(url, "CREATE INDEX ix_p_n ON p (n)");
            TestDatabases.exec(url, d == DialectKind.MYSQL ? "ANALYZE TABLE p" : "ANALYZE");
            List<String[]> cases = new ArrayList<>(); // statement, index, column type word, literal type word
            switch (d) {
                case POSTGRES -> {
                    cases.add(new String[] {"SELECT note FROM p WHERE n = 42.0", "ix_p_n", "integer", "42.0"});
                    cases.add(new String[] {"SELECT note FROM p WHERE n::text = '42'", "ix_p_n", "integer", "::text"});
                }
                case MYSQL -> cases.add(new String[] {"SELECT note FROM p WHERE phone = 5551234", "ix_p_phone",
                        "varchar(20)", "number"});
                case SQLITE -> cases.add(new String[] {"SELECT note FROM p WHERE CAST(n AS TEXT) = '42'", "ix_p_n",
                        "integer", "CAST(n AS TEXT)"});
            }
            for (String[] c : cases) {
                JsonNode before = explain(url, c[0]);
                assertThat(indexes(before)).as(c[0]).doesNotContain(c[1]);
                JsonNode f = cast(before);
                assertThat(f).as(before.toString()).isNotNull();
                assertThat(f.get("message").asText()).as(c[0]).contains("p." + (c[1].equals("ix_p_n") ? "n" : "phone"))
                        .containsIgnoringCase(c[2]).contains(c[3]);
                String fixed = f.get("fix").asText().lines().filter(l -> !l.startsWith("--")).findFirst().orElseThrow();
                assertThat(fixed).startsWith("SELECT note FROM p WHERE");
                JsonNode after = explain(url, fixed.replaceFirst(";$", ""));
                assertThat(indexes(after)).as(fixed).contains(c[1]);
                assertThat(cast(after)).as(fixed).isNull();
            }
            if (d == DialectKind.SQLITE) {
                // SQLite converts the number to text (the column's affinity): the index is used, nothing to fix
                JsonNode r = explain(url, "SELECT note FROM p WHERE phone = 5551234");
                assertThat(indexes(r)).contains("ix_p_phone");
                assertThat(cast(r)).isNull();
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    /**
     * On PostgreSQL the full scan the cast causes is reported too (30,000 rows); its fix must be the cast's rewrite,
     * not {@code ANALYZE p}: the statistics are fresh and no refresh makes the planner use ix_p_n through the cast.
     */
    @org.junit.jupiter.api.Test
    void theFullScanACastCausesPointsToTheRewriteNotToAnalyze() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "castscan");
        try {
            TestDatabases.exec(url, "CREATE TABLE p (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note VARCHAR(40) "
                    + "NOT NULL)");
            TestDatabases.exec(url, "INSERT INTO p SELECT g, g, 'x' || g FROM generate_series(1, 30000) g");
            TestDatabases.exec(url, "CREATE INDEX ix_p_n ON p (n)");
            TestDatabases.exec(url, "ANALYZE");
            for (String sql : List.of("SELECT note FROM p WHERE n = 42.0", "SELECT note FROM p WHERE n::text = '42'")) {
                JsonNode r = explain(url, sql);
                assertThat(cast(r)).as(sql).isNotNull();
                JsonNode scan = null;
                for (JsonNode f : r.get("findings")) {
                    if (f.get("id").asText().equals("seq-scan-large-table")) {
                        scan = f;
                    }
                }
                assertThat(scan).as(r.toString()).isNotNull();
                assertThat(scan.get("fix").asText()).as(sql).doesNotContainIgnoringCase("ANALYZE")
                        .isEqualTo(cast(r).get("fix").asText());
                assertThat(scan.get("message").asText()).as(sql).contains("implicit cast on").contains("ix_p_n")
                        .doesNotContain("statistics are stale");
                assertThat(scan.get("evidence").get("cause").asText()).isEqualTo("implicit-cast");
                // the fix pasted: the plan reads the index and neither finding is left
                String fixed = scan.get("fix").asText().lines().filter(l -> !l.startsWith("--")).findFirst()
                        .orElseThrow();
                JsonNode after = explain(url, fixed.replaceFirst(";$", ""));
                assertThat(indexes(after)).as(fixed).contains("ix_p_n");
                assertThat(after.get("findings").findValuesAsText("id")).as(fixed)
                        .doesNotContain("seq-scan-large-table", "implicit-cast");
            }
        } finally {
            TestDatabases.drop(url);
        }
    }
}

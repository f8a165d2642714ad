package io.dbagent.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.report.Severity;
import io.dbagent.schema.Schema;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lint checks the index each fk-without-index fix proposes with the engine's what-if method, planning the key lookup
 * {@code SELECT * FROM child WHERE fk = <a real key value>}: on a child of 20,000 rows the planner uses the index, so
 * it is proposed and marked verified; on a child of three rows (or, on SQLite, one whose rows all share one key) it
 * keeps the full scan, so the finding drops to INFO and proposes no index. Nothing is left behind: no index, no hypothetical index, no extension.
 */
class LintIndexFixCheckIT {

    private static DbUrl fixture(DialectKind d) {
        DbUrl url = TestDatabases.create(d, "lintfixcheck");
        String gen = switch (d) {
            case POSTGRES -> "SELECT n, n % 1000 + 1 FROM generate_series(1, 20000) n";
            case SQLITE -> "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 20000) "
                    + "SELECT n, n % 1000 + 1 FROM g";
            case MYSQL -> throw new IllegalArgumentException();
        };
        String owners = d == DialectKind.POSTGRES ? "SELECT n FROM generate_series(1, 1000) n"
                : "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000) SELECT n FROM g";
        TestDatabases.exec(url, "CREATE TABLE owners (id INTEGER PRIMARY KEY, name VARCHAR(20));\n"
                + "CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES owners(id));\n"
                + "CREATE TABLE cars (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES owners(id));\n"
                + "INSERT INTO owners (id) " + owners + ";\n"
                + "INSERT INTO pets (id, owner_id) " + gen + ";\n"
                + cars(d)
                + "ANALYZE;");
        return url;
    }

    /**
     * The child whose index the planner would not use: on PostgreSQL three rows (a full scan of one page is
     * cheaper); SQLite's planner takes an index even then, so there every one of 2,000 rows has the same owner.
     */
    private static String cars(DialectKind d) {
        return d == DialectKind.POSTGRES ? "INSERT INTO cars (id, owner_id) VALUES (1, 7), (2, 8), (3, 9);\n"
                : "INSERT INTO cars (id, owner_id) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g "
                + "WHERE n < 2000) SELECT n, 7 FROM g;\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES,false,hypopg (created in a rolled-back transaction)", "POSTGRES,true,hypopg",
            "SQLITE,false,copy"})
    void theIndexIsProposedOnlyWhereThePlannerUsesIt(DialectKind d, boolean hypopg, String method) throws Exception {
        DbUrl url = fixture(d);
        try {
            if (hypopg) {
                TestDatabases.exec(url, "CREATE EXTENSION hypopg");
            }
            List<String> indexesBefore = indexNames(url);
            JsonNode report = lint(url);

            JsonNode pets = finding(report, "pets");
            assertThat(pets.get("severity").asText()).isEqualToIgnoringCase("critical");
            assertThat(pets.get("evidence").get("verified").asText()).isEqualTo(method);
            assertThat(pets.get("evidence").get("indexUsed").asBoolean()).isTrue();
            String stmt = pets.get("evidence").get("checkedStatement").asText();
            assertThat(stmt).containsPattern("WHERE \"?owner_id\"? = \\d+$");
            assertThat(pets.get("fix").asText()).startsWith("-- verified (" + method + "): the planner uses the "
                    + "index for " + stmt + "\n").contains("idx_pets_owner_id");

            JsonNode cars = finding(report, "cars");
            assertThat(cars.get("severity").asText()).isEqualToIgnoringCase("info");
            assertThat(cars.get("evidence").get("verified").asText()).isEqualTo(method);
            assertThat(cars.get("evidence").get("indexUsed").asBoolean()).isFalse();
            assertThat(cars.get("fix").asText()).startsWith("-- no index proposed: the planner would not use an "
                    + "index on").doesNotContainIgnoringCase("CREATE INDEX");
            assertThat(cars.get("message").asText()).contains("would not use an index");
            assertThat(cars.get("evidence").get("rejectedFix").asText()).contains("idx_cars_owner_id");
            assertThat(cars.get("evidence").get("checkedStatement").asText()).containsPattern("owner_id\"? = [789]$");

            // nothing left behind, seen from connections of their own
            assertThat(indexNames(url)).isEqualTo(indexesBefore).doesNotContain("idx_pets_owner_id",
                    "idx_cars_owner_id");
            if (d == DialectKind.POSTGRES) {
                assertThat(count(url, "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'"))
                        .isEqualTo(hypopg ? 1 : 0);
                if (hypopg) {
                    assertThat(count(url, "SELECT count(*) FROM hypopg_list_indexes")).isZero();
                }
            }

            // the verified fix, pasted, builds the index the planner then uses for the lookup
            assertThat(plan(url, stmt)).doesNotContain("idx_pets_owner_id");
            TestDatabases.exec(url, String.join("\n", pets.get("fix").asText().lines()
                    .filter(l -> !l.startsWith("--")).map(l -> l.replace("CONCURRENTLY ", "")).toList()));
            TestDatabases.exec(url, "ANALYZE");
            assertThat(plan(url, stmt)).contains("idx_pets_owner_id");
        } finally {
            TestDatabases.drop(url);
        }
    }

    /**
     * A partitioned child: the lookup reads the parent, the index is tried on its largest partition; the fix keeps
     * its partitioned form (ON ONLY the parent, each partition's index built concurrently and attached) and runs.
     */
    @Test
    void aPartitionedChildIsCheckedThroughItsParent() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.POSTGRES, "lintfixcheck");
        try {
            TestDatabases.exec(url, "CREATE TABLE owners (id INTEGER PRIMARY KEY);\n"
                    + "INSERT INTO owners SELECT n FROM generate_series(1, 1000) n;\n"
                    + "CREATE TABLE visits (id INTEGER NOT NULL, day DATE NOT NULL, owner_id INTEGER NOT NULL "
                    + "REFERENCES owners(id), PRIMARY KEY (id, day)) PARTITION BY RANGE (day);\n"
                    + "CREATE TABLE visits_2024 PARTITION OF visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
                    + "CREATE TABLE visits_2025 PARTITION OF visits FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
                    + "INSERT INTO visits SELECT n, date '2024-01-01' + n % 700, n % 1000 + 1 "
                    + "FROM generate_series(1, 30000) n;\n"
                    + "ANALYZE;");
            JsonNode f = finding(lint(url), "visits");
            assertThat(f.get("evidence").get("indexUsed").asBoolean()).isTrue();
            assertThat(f.get("evidence").get("checkedStatement").asText())
                    .matches("SELECT \\* FROM visits WHERE owner_id = \\d+");
            String fix = f.get("fix").asText();
            assertThat(fix).startsWith("-- verified (hypopg (created in a rolled-back transaction)): the planner "
                    + "uses the index for SELECT * FROM visits WHERE owner_id = ")
                    .contains("CREATE INDEX idx_visits_owner_id ON ONLY visits (owner_id);",
                            "CREATE INDEX CONCURRENTLY visits_2024_idx_visits_owner_id ON visits_2024 (owner_id);",
                            "ALTER INDEX idx_visits_owner_id ATTACH PARTITION visits_2025_idx_visits_owner_id;");
            assertThat(count(url, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%owner_id%'")).isZero();
            assertThat(count(url, "SELECT count(*) FROM pg_extension WHERE extname = 'hypopg'")).isZero();
            TestDatabases.exec(url, fix);
            assertThat(count(url, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE c.relname = 'idx_visits_owner_id' AND i.indisvalid")).isEqualTo(1);
        } finally {
            TestDatabases.drop(url);
        }
    }

    /**
     * MariaDB/MySQL: InnoDB indexes every foreign key itself, so lint never reports fk-without-index there; the
     * check is driven on a schema model read before the key's index was dropped. Without a development server the
     * fix stays, marked not verified; with one it is checked on a scratch copy that is dropped afterwards.
     */
    @Test
    void mariaDbIsCheckedOnADevServerAndMarkedNotVerifiedWithout() throws Exception {
        DbUrl url = TestDatabases.create(DialectKind.MYSQL, "lintfixcheck");
        try {
            TestDatabases.exec(url, "CREATE TABLE owners (id INTEGER PRIMARY KEY, name VARCHAR(20));\n"
                    + "CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL, CONSTRAINT fk_pets_owner "
                    + "FOREIGN KEY (owner_id) REFERENCES owners(id));\n"
                    + "INSERT INTO owners (id) SELECT seq FROM seq_1_to_1000;\n"
                    + "INSERT INTO pets SELECT seq, seq % 1000 + 1 FROM seq_1_to_20000;\n"
                    + "ANALYZE TABLE owners, pets;");
            try (DbSession s = TestDatabases.writable(url)) {
                Schema schema = Dialects.inspect(s);
                TestDatabases.exec(url, "ALTER TABLE pets DROP FOREIGN KEY fk_pets_owner;\n"
                        + "ALTER TABLE pets DROP INDEX fk_pets_owner");
                var t = schema.table("pets").orElseThrow();
                Finding f = Finding.builder("fk-without-index", Severity.CRITICAL)
                        .subject(t.qualifiedName() + "(owner_id)").message("no index")
                        .fix(DdlWriter.of(DialectKind.MYSQL).createIndexFix(t.schema(), t.name(),
                                "idx_pets_owner_id", List.of("owner_id")))
                        .build();

                List<String> notes = new ArrayList<>();
                Finding unverified = FkIndexCheck.verify(List.of(f), schema, s, null, notes).get(0);
                assertThat(unverified.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(unverified.fix()).startsWith("-- not verified (").contains("DBAGENT_DEV_DB")
                        .contains("idx_pets_owner_id");
                assertThat(String.valueOf(unverified.evidence().get("verified"))).startsWith("no: ");

                long scratchBefore = count(TestDatabases.mysqlServer(), "SELECT count(*) FROM "
                        + "information_schema.schemata WHERE schema_name LIKE 'dbagent_scratch%'");
                Finding verified = FkIndexCheck.verify(List.of(f), schema, s, TestDatabases.mysqlServer(), notes)
                        .get(0);
                assertThat(verified.evidence().get("verified")).isEqualTo("scratch");
                assertThat(verified.evidence().get("indexUsed")).isEqualTo(true);
                assertThat(verified.fix()).startsWith("-- verified (scratch): the planner uses the index for SELECT");
                assertThat(count(TestDatabases.mysqlServer(), "SELECT count(*) FROM information_schema.schemata "
                        + "WHERE schema_name LIKE 'dbagent_scratch%'")).isEqualTo(scratchBefore);
                assertThat(indexNames(url)).doesNotContain("idx_pets_owner_id");
            }
        } finally {
            TestDatabases.drop(url);
        }
    }

    private static JsonNode lint(DbUrl url) throws Exception {
        var r = CliRunner.run("lint", "--db", LintIT.dbArg(url), "--format", "json");
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return Json.MAPPER.readTree(r.out());
    }

    private static JsonNode finding(JsonNode report, String table) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("id").asText().equals("fk-without-index") && f.get("subject").asText().contains(table + "(")) {
                return f;
            }
        }
        throw new AssertionError("no fk-without-index finding on " + table + " in " + report);
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> indexNames(DbUrl url) throws Exception {
        String q = switch (url.dialect()) {
            case POSTGRES -> "SELECT indexname FROM pg_indexes WHERE tablename IN ('pets', 'cars') ORDER BY 1";
            case MYSQL -> "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = '"
                    + url.database() + "' AND table_name IN ('pets', 'cars') ORDER BY 1";
            case SQLITE -> "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('pets', 'cars') "
                    + "ORDER BY 1";
        };
        List<String> out = new ArrayList<>();
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(q)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

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
}

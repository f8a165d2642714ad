package io.dbagent.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.RealWorldCorpus;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema of the real-world corpus, loaded: each fix {@code lint} proposes runs on it without an error (a fix
 * must name only objects that exist or that it creates), and the finding it fixes is gone afterwards. An index fix
 * withdrawn after the what-if check (evidence.rejectedFix) is run too.
 */
class RealWorldLintFixesIT {

    @ParameterizedTest(name = "{1}")
    @CsvSource({"POSTGRES,pg_rental.sql", "POSTGRES,pg_ledger.sql", "POSTGRES,pg_saas.sql", "POSTGRES,pg_comments.sql",
            "MYSQL,mariadb_music.sql", "MYSQL,mariadb_sales.sql", "MYSQL,mariadb_legacy.sql", "SQLITE,sqlite_notes.sql"})
    void everyFixRunsAndClearsItsFinding(DialectKind kind, String file) throws Exception {
        DbUrl db = TestDatabases.create(kind, "rwfix");
        try {
            TestDatabases.exec(db, RealWorldCorpus.resource(file));
            String url = RealWorldCorpus.cliUrl(db);
            List<String> fixed = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (JsonNode f : lint(url)) {
                // a fix withdrawn because the planner would not use its index (tables of a few rows) is still
                // our DDL: it must run as well
                String fix = f.path("evidence").has("rejectedFix") ? f.path("evidence").path("rejectedFix").asText()
                        : f.path("fix").asText("");
                if (fix.isBlank() || fix.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("--"))) {
                    continue; // advice in words (e.g. a SQLite rebuild to do by hand), nothing to run
                }
                try {
                    TestDatabases.exec(db, fix);
                    fixed.add(f.get("id").asText() + " " + f.get("subject").asText());
                } catch (RuntimeException e) {
                    failures.add(f.get("id").asText() + " " + f.get("subject").asText() + ": " + e.getMessage());
                }
            }
            assertThat(failures).as(file).isEmpty();
            assertThat(fixed).as("%s: fixes that ran", file).isNotEmpty();
            List<String> left = new ArrayList<>();
            lint(url).forEach(f -> left.add(f.get("id").asText() + " " + f.get("subject").asText()));
            assertThat(left).as(file).doesNotContainAnyElementsOf(fixed);
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static JsonNode lint(String url) throws Exception {
        var r = CliRunner.run("lint", "--db", url, "--format", "json");
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return Json.MAPPER.readTree(r.out()).get("findings");
    }
}

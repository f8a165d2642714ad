package io.dbagent.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.dbagent.migrate.MigrationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code migrate test} on a scratch database of each engine: a good set passes, a bad down and orphans fail. */
class MigrateTestIT {

    @TempDir
    Path tmp;

    private static String base(DialectKind d) {
        String id = d == DialectKind.MYSQL ? "INT" : "INTEGER";
        return "CREATE TABLE parents (id " + id + " PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE,\n"
                + "  status VARCHAR(10) NOT NULL, CONSTRAINT ck_parents_status CHECK (status IN ('new', 'done')));\n"
                + "CREATE TABLE kids (id " + id + " PRIMARY KEY, parent_id " + id + " NOT NULL, note VARCHAR(40),\n"
                + "  CONSTRAINT fk_kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id));\n";
    }

    private static String orphans(DialectKind d) {
        return switch (d) {
            case SQLITE -> "PRAGMA foreign_keys = OFF;\nDELETE FROM parents WHERE id = 1;\nPRAGMA foreign_keys = ON;\n";
            case MYSQL -> "SET foreign_key_checks = 0;\nDELETE FROM parents WHERE id = 1;\nSET foreign_key_checks = 1;\n";
            case POSTGRES -> "ALTER TABLE kids DROP CONSTRAINT fk_kids_parent;\nDELETE FROM parents WHERE id = 1;\n"
                    + "ALTER TABLE kids ADD CONSTRAINT fk_kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id) NOT VALID;\n";
        };
    }

    private static String[] devDb(DialectKind d) {
        return switch (d) {
            case SQLITE -> new String[0];
            case POSTGRES -> new String[] {"--dev-db", TestDatabases.pgServer().redacted()};
            case MYSQL -> new String[] {"--dev-db", TestDatabases.mysqlServer().redacted()};
        };
    }

    private CliRunner.Result test(DialectKind d, Path dir) {
        List<String> args = new ArrayList<>(List.of("migrate", "test", "--dir", dir.toString(), "--seed-rows", "5",
                "--format", "json"));
        args.addAll(List.of(devDb(d)));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void passesAGoodSetAndCatchesABadDownAndOrphanRows(DialectKind d) throws Exception {
        String dropIndex = d == DialectKind.MYSQL ? "DROP INDEX idx_kids_note ON kids;\n" : "DROP INDEX idx_kids_note;\n";
        Path good = tmp.resolve("good");
        write(good, "V1__base.sql", base(d));
        write(good, "U1__base.sql", "DROP TABLE kids;\nDROP TABLE parents;\n");
        write(good, "V2__index.sql", "ALTER TABLE kids ADD COLUMN score INTEGER;\nCREATE INDEX idx_kids_note ON kids (note);\n");
        write(good, "U2__index.sql", dropIndex + "ALTER TABLE kids DROP COLUMN score;\n");
        var ok = test(d, good);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        JsonNode okJson = Json.MAPPER.readTree(ok.out());
        assertThat(okJson.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "ok");
        assertThat(okJson.get("migrations").get(1).get("steps").toString())
                .contains("snapshot: 2 tables, 10 rows", "schema equals the snapshot", "up again");

        Path badDown = tmp.resolve("baddown");
        write(badDown, "V1__base.sql", base(d));
        write(badDown, "U1__base.sql", "DROP TABLE kids;\nDROP TABLE parents;\n");
        write(badDown, "V2__index.sql", "ALTER TABLE kids ADD COLUMN score INTEGER;\nCREATE INDEX idx_kids_note ON kids (note);\n");
        write(badDown, "U2__index.sql", dropIndex);
        var down = test(d, badDown);
        assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(1);
        JsonNode finding = Json.MAPPER.readTree(down.out()).get("report").get("findings").get(0);
        assertThat(finding.get("id").asText()).isEqualTo("migration-test-down-mismatch");
        assertThat(finding.get("subject").asText()).isEqualTo("U2__index.sql");
        assertThat(finding.get("message").asText()).contains("tables[kids].columns[score]");

        Path orphan = tmp.resolve("orphan");
        write(orphan, "V1__base.sql", base(d));
        write(orphan, "U1__base.sql", "DROP TABLE kids;\nDROP TABLE parents;\n");
        write(orphan, "V2__purge.sql", orphans(d));
        write(orphan, "U2__purge.sql", "SELECT 1;\n");
        var bad = test(d, orphan);
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(1);
        JsonNode report = Json.MAPPER.readTree(bad.out());
        assertThat(report.get("migrations").findValuesAsText("outcome")).containsExactly("ok", "failed");
        List<String> ids = report.get("report").get("findings").findValuesAsText("id");
        assertThat(ids).contains("migration-test-orphan-rows");
        if (d == DialectKind.POSTGRES) {
            assertThat(ids).as("the NOT VALID constraint fails validation too").contains("migration-test-not-valid-constraint");
        }
        JsonNode orphanFinding = null;
        for (JsonNode f : report.get("report").get("findings")) {
            if (f.get("id").asText().equals("migration-test-orphan-rows")) {
                orphanFinding = f;
            }
        }
        assertThat(orphanFinding.get("message").asText()).contains("1 row(s) of kids reference no row of parents");
    }
}

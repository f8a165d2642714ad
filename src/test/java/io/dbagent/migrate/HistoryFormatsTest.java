package io.dbagent.migrate;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway's checksum, the neutral history rows, baselines and repeatable files, without a database. */
class HistoryFormatsTest {

    @TempDir
    Path tmp;

    /** The text of a file Flyway 13.12.2 applied in FlywayInteropIT, and the checksum it stored for it. */
    private static final String SEED = "\uFEFF-- seed\r\nINSERT INTO customers (id, email) VALUES (1, 'a@x.org');\r\n\r\n"
            + "INSERT INTO customers (id, email) VALUES (2, 'b@x.org');\r\n";
    private static final int SEED_FLYWAY_CHECKSUM = 1926877158;

    @Test
    void flywayChecksumEqualsWhatFlywayStoredWhateverTheLineEndsAndByteOrderMark() {
        assertThat(MigrationFile.flywayChecksum(SEED)).isEqualTo(SEED_FLYWAY_CHECKSUM);
        assertThat(MigrationFile.flywayChecksum(SEED.substring(1).replace("\r\n", "\n"))).isEqualTo(SEED_FLYWAY_CHECKSUM);
        assertThat(MigrationFile.flywayChecksum(SEED.replace("b@x.org", "c@x.org"))).isNotEqualTo(SEED_FLYWAY_CHECKSUM);
        // a file Flyway validated after dbagent recorded it
        assertThat(MigrationFile.flywayChecksum("ALTER TABLE customers ADD COLUMN tier VARCHAR(10);\n"))
                .isEqualTo(929563715);
    }

    @Test
    void flywayTypesReadAsDbagentsTerms() {
        assertThat(FlywayHistory.neutralType("SQL", "1")).isEqualTo("up");
        assertThat(FlywayHistory.neutralType("JDBC", "1.1")).isEqualTo("up");
        assertThat(FlywayHistory.neutralType("SQL", null)).isEqualTo("repeatable");
        assertThat(FlywayHistory.neutralType("BASELINE", "3")).isEqualTo("baseline");
        assertThat(FlywayHistory.neutralType("UNDO_SQL", "3")).isEqualTo("down");
        assertThat(FlywayHistory.neutralType("DELETE", "3")).isEqualTo("deleted");
        assertThat(FlywayHistory.neutralType("SCHEMA", "0")).isNull();
    }

    private static History.Row row(int rank, String version, String type, String script, String checksum,
                                   boolean ok) {
        return new History.Row(rank, version, "d", type, script, checksum, "me", "2026-01-01", 5, ok, null);
    }

    private MigrationFile file(String name, String sql) throws Exception {
        Path p = Files.writeString(tmp.resolve(name), sql);
        boolean repeatable = name.startsWith("R__");
        return MigrationDirectory.load(p, repeatable ? null : name.substring(1, name.indexOf("__")),
                name.substring(name.indexOf("__") + 2, name.length() - 4), !name.startsWith("U"));
    }

    @Test
    void statusCountsBaselinedVersionsAsAppliedAndListsRepeatablesAfterTheVersions() throws Exception {
        MigrationFile v1 = file("V1__a.sql", "SELECT 1;\n");
        MigrationFile v2 = file("V2__b.sql", "SELECT 2;\n");
        MigrationFile v3 = file("V3__c.sql", "SELECT 3;\n");
        MigrationFile same = file("R__same.sql", "SELECT 'same';\n");
        MigrationFile changed = file("R__changed.sql", "SELECT 'new';\n");
        MigrationFile fresh = file("R__fresh.sql", "SELECT 'fresh';\n");
        List<Migration> files = List.of(new Migration("1", "a", v1, null), new Migration("2", "b", v2, null),
                new Migration("3", "c", v3, null));
        List<History.Row> rows = List.of(
                row(1, "2", "baseline", "<< Flyway Baseline >>", null, true),
                row(2, "3", "up", "V3__c.sql", String.valueOf(v3.flywayChecksum()), true),
                row(3, null, "repeatable", "R__same.sql", String.valueOf(same.flywayChecksum()), true),
                row(4, null, "repeatable", "R__changed.sql", "12345", true),
                row(5, "7", "up", "V7__gone.sql", "1", true),
                row(6, "7", "deleted", "V7__gone.sql", null, true));
        List<MigrationStatus.Entry> st = MigrationStatus.compute(files, List.of(changed, fresh, same), rows,
                f -> String.valueOf(f.flywayChecksum()));
        assertThat(st).extracting(e -> e.label() + " " + e.state().id()).containsExactly(
                "version 1 baselined", "version 2 baselined", "version 3 applied",
                "R__changed.sql outdated", "R__fresh.sql pending", "R__same.sql applied");
        assertThat(st.get(0).isApplied()).isTrue();
        assertThat(st.get(3).detail()).contains("changed since it last ran");
    }

    @Test
    void theDirectoryReadsRepeatablesAndWarnsAboutNamesItDoesNotUnderstand() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("R__views.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("R__b_functions.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("seed.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("README.md"), "notes");
        MigrationDirectory.Scan scan = MigrationDirectory.scan(dir);
        assertThat(scan.migrations()).extracting(Migration::version).containsExactly("1");
        assertThat(scan.repeatables()).extracting(MigrationFile::script)
                .containsExactly("R__b_functions.sql", "R__views.sql");
        assertThat(scan.repeatables().get(0).description()).isEqualTo("b functions");
        assertThat(scan.repeatables().get(0).repeatable()).isTrue();
        assertThat(scan.warnings()).containsExactly("seed.sql: not a migration file name (V<version>__<name>.sql, "
                + "U<version>__<name>.sql or R__<name>.sql), so it is not run");
        assertThat(MigrationDirectory.read(dir)).hasSize(1);
    }

    @Test
    void historyOptionsAreCheckedOnce() {
        assertThat(HistoryOption.parse(null, null)).isEqualTo(HistoryOption.AUTO);
        assertThat(HistoryOption.parse("Flyway", "schema_version")).isEqualTo(new HistoryOption("flyway", "schema_version"));
        assertThatThrownBy(() -> HistoryOption.parse("liquibase", null)).isInstanceOf(DbAgentException.class)
                .hasMessage("--history must be flyway, dbagent or auto, got 'liquibase'");
        assertThatThrownBy(() -> HistoryOption.parse("flyway", "x; DROP TABLE t")).isInstanceOf(DbAgentException.class)
                .hasMessageStartingWith("--history-table must be a plain table name");
        assertThatThrownBy(() -> HistoryOption.parse("flyway", "dbagent_schema_history"))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("is dbagent's own");
    }
}

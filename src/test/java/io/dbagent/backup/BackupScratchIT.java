package io.dbagent.backup;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * backup verify restores as the scratch identity: a dump with a hostile line cannot reach the live database, and the
 * verify output names the scratch database, its server and the temporary identity.
 */
class BackupScratchIT {

    @TempDir
    Path tmp;

    private DbUrl live;

    @AfterEach
    void drop() {
        TestDatabases.drop(live);
    }

    private Path backup(DialectKind kind) throws Exception {
        live = TestDatabases.create(kind, "bkscr");
        TestDatabases.exec(live, BackupFixtures.script(kind));
        var r = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(live), "--dir", tmp.toString(),
                "--format", "json");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        return Path.of(Json.MAPPER.readTree(r.out()).get("folder").asText());
    }

    private static long rows(DbUrl url, String table) throws Exception {
        try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void verifySaysWhereAndAsWhomItRestored() throws Exception {
        for (DialectKind kind : new DialectKind[] {DialectKind.POSTGRES, DialectKind.MYSQL}) {
            Path folder = backup(kind);
            var r = CliRunner.run("backup", "verify", folder.toString(), "--dev-db",
                    BackupFixtures.arg(BackupFixtures.server(kind)), "--format", "json");
            assertThat(r.exit()).as(r.err() + r.out()).isZero();
            String note = Json.MAPPER.readTree(r.out()).get("metrics").get("scratch").asText();
            assertThat(note).startsWith("database dbagent_scratch_")
                    .contains("the same server as the live database " + live.database())
                    .contains(kind == DialectKind.POSTGRES ? "as temporary role dbagent_scratch_" : "as temporary user dbagent_s_");
            TestDatabases.drop(live);
            live = null;
        }
    }

    @Test
    void aHostileMysqlDumpCannotTouchTheLiveDatabase() throws Exception {
        Path folder = backup(DialectKind.MYSQL);
        long before = rows(live, "orders");
        assertThat(before).isPositive();
        BackupManifest m = BackupManifest.read(folder);
        Path dump = folder.resolve(m.dumpFile());
        Files.writeString(dump, "DELETE FROM " + live.database() + ".orders;\n" + Files.readString(dump));
        BackupEngine engine = BackupEngine.of(DialectKind.MYSQL, new ToolLocator(null));
        String name;
        try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.MYSQL, BackupFixtures.server(DialectKind.MYSQL))) {
            name = scratch.url().database();
            assertThatThrownBy(() -> BackupVerifier.restoreAsScratch(engine, m, folder, scratch))
                    .isInstanceOf(RestoreFailedException.class).hasMessageContaining("denied");
        }
        assertThat(rows(live, "orders")).isEqualTo(before);
        assertThat(rows(BackupFixtures.server(DialectKind.MYSQL), "information_schema.schemata WHERE schema_name = '"
                + name + "'")).isZero();
    }
}

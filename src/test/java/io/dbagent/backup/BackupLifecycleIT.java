package io.dbagent.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.demo.BackupDemo;
import io.dbagent.demo.DemoService;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** list, prune, runbook and timings on real SQLite backups, and the demo hook on the demo's shop database. */
class BackupLifecycleIT {

    @Test
    void listPruneAndRunbookUseTheRecordedTimings() throws Exception {
        DbUrl src = TestDatabases.create(DialectKind.SQLITE, "bk_life");
        Path dir = Files.createTempDirectory("dbagent-life-");
        try {
            TestDatabases.exec(src, BackupFixtures.script(DialectKind.SQLITE));
            var first = CliRunner.run("backup", "create", "--db", src.database(), "--dir", dir.toString(), "--verify");
            assertThat(first.exit()).as(first.err()).isZero();
            Thread.sleep(1100); // ids carry the second
            var second = CliRunner.run("backup", "create", "--db", src.database(), "--dir", dir.toString());
            assertThat(second.exit()).as(second.err()).isZero();

            var list = CliRunner.run("backup", "list", "--dir", dir.toString(), "--format", "json");
            assertThat(list.exit()).isZero();
            JsonNode backups = Json.MAPPER.readTree(list.out()).get("backups");
            assertThat(backups).hasSize(2);
            assertThat(backups.get(0).has("verified")).as("newest was never verified").isFalse();
            assertThat(backups.get(1).get("verified").asBoolean()).isTrue();
            assertThat(backups.get(1).get("restoreSeconds").asDouble()).isPositive();
            Path newest = Path.of(backups.get(0).get("folder").asText());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(newest))).isEqualTo("rwx------");
            var text = CliRunner.run("backup", "list", "--dir", dir.toString());
            assertThat(text.out()).contains("2 backup(s) in").contains("never").contains("ok");

            var runbook = CliRunner.run("backup", "runbook", "--db", src.database(), "--dir", dir.toString());
            assertThat(runbook.exit()).as(runbook.err()).isZero();
            String verifiedId = Path.of(backups.get(1).get("folder").asText()).getFileName().toString();
            assertThat(runbook.out()).contains("# Disaster-recovery runbook: " + DrRunbook.dbName(src))
                    .contains("restore measured by verify of `" + verifiedId + "`")
                    .contains("dbagent backup restore " + newest + " --db sqlite:")
                    .contains("## Who checks what").contains("| create |").contains("| verify |");
            JsonNode objectives = Json.MAPPER.readTree(CliRunner.run("backup", "runbook", "--db", src.database(),
                    "--dir", dir.toString(), "--format", "json").out());
            assertThat(objectives.get("backups").asInt()).isEqualTo(2);
            assertThat(objectives.get("measuredRestoreSeconds").asDouble())
                    .isEqualTo(backups.get(1).get("restoreSeconds").asDouble());
            assertThat(objectives.get("largestGapHours").asDouble()).isLessThan(0.1);

            // the database is gone: the runbook still comes from the backups
            Files.delete(Path.of(src.database()));
            var offline = CliRunner.run("backup", "runbook", "--db", src.database(), "--dir", dir.toString());
            assertThat(offline.exit()).isZero();
            assertThat(offline.out()).contains("did not answer").contains("built from the backups alone");

            var dry = CliRunner.run("backup", "prune", "--dir", dir.toString(), "--keep-daily", "1", "--dry-run");
            assertThat(dry.out()).contains("dry run: keep 1, would delete 1");
            assertThat(Files.list(dir).filter(Files::isDirectory).count()).isEqualTo(2);
            var pruned = CliRunner.run("backup", "prune", "--dir", dir.toString(), "--keep-daily", "1");
            assertThat(pruned.out()).contains("keep 1, deleted 1");
            assertThat(newest).exists();
        } finally {
            TestDatabases.drop(src);
            BackupFixtures.deleteTree(dir);
        }
    }

    @Test
    void demoHookBacksUpAndRestoreTestsTheShop() throws Exception {
        Path work = Files.createTempDirectory("dbagent-demo-backup-");
        try {
            DemoService.Result demo = DemoService.run(work.resolve("db"), null, 3000, false, null);
            try (DbSession s = ConnectionFactory.open(DbUrlParser.parse(demo.target()))) {
                BackupDemo.Result r = BackupDemo.run(s, work.resolve("backups"), null);
                assertThat(r.verified()).isTrue();
                assertThat(r.manifest().tables()).extracting(BackupManifest.TableEntry::name)
                        .contains("users", "orders", "order_items");
                assertThat(r.manifest().table("order_items").orElseThrow().rows()).isEqualTo(3000);
                assertThat(r.text()).contains("restore test passed").contains(r.folder().toString());
            }
        } finally {
            BackupFixtures.deleteTree(work);
        }
    }
}

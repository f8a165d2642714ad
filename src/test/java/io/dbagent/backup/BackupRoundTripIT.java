package io.dbagent.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.dialect.Dialects;
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

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * create → verify → restore on all three engines with real tools, and the failures the issue names: one byte
 * changed, a truncated dump, a restore onto a non-empty database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRoundTripIT {

    private final Map<DialectKind, DbUrl> sources = new EnumMap<>(DialectKind.class);
    private final Map<DialectKind, Path> backups = new EnumMap<>(DialectKind.class);
    private final List<DbUrl> dropLater = new ArrayList<>();
    private Path dir;

    @BeforeAll
    void backUpAllThree() throws Exception {
        dir = Files.createTempDirectory("dbagent-backup-it-");
        for (DialectKind kind : DialectKind.values()) {
            DbUrl src = TestDatabases.create(kind, "bk_src");
            dropLater.add(src);
            TestDatabases.exec(src, BackupFixtures.script(kind));
            sources.put(kind, src);
            List<String> args = new ArrayList<>(List.of("backup", "create", "--db", BackupFixtures.arg(src),
                    "--dir", dir.resolve(kind.id()).toString(), "--verify", "--format", "json"));
            if (kind != DialectKind.SQLITE) {
                args.addAll(List.of("--dev-db", BackupFixtures.arg(BackupFixtures.server(kind))));
            }
            var r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(kind + ": " + r.err() + r.out()).isZero();
            JsonNode out = Json.MAPPER.readTree(r.out());
            backups.put(kind, Path.of(out.get("folder").asText()));
            assertThat(out.get("verification").get("findings")).isEmpty();
        }
    }

    @AfterAll
    void cleanUp() {
        dropLater.forEach(TestDatabases::drop);
        BackupFixtures.deleteTree(dir);
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void manifestRecordsFilesCountsChecksumsAndSchema(DialectKind kind) {
        BackupManifest m = BackupManifest.read(backups.get(kind));
        assertThat(m.engine()).isEqualTo(kind.id());
        assertThat(m.files()).extracting(BackupManifest.FileEntry::name).containsExactly(m.dumpFile());
        assertThat(m.files().get(0).sha256()).hasSize(64);
        assertThat(m.sizeBytes()).isPositive();
        assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());
        assertThat(m.totalRows()).isEqualTo(BackupFixtures.totalRows(kind));
        assertThat(m.table("orders")).get().satisfies(t -> {
            assertThat(t.rows()).isEqualTo(5000);
            assertThat(t.checksum()).hasSize(64);
            assertThat(t.consistent()).isTrue();
        });
        assertThat(m.schema().tables()).extracting(t -> t.name()).contains("customers", "orders");
        assertThat(m.schema().views()).extracting(v -> v.name()).contains("big_orders");
        assertThat(m.schema().triggers()).extracting(t -> t.name()).contains("orders_touch");
        // the manifest's checksum is the one the live source gives now (nothing wrote in between)
        BackupEngine.ReadBack live = BackupEngine.of(kind, new ToolLocator(null)).readBack(sources.get(kind));
        assertThat(live.sums()).allSatisfy(s -> assertThat(m.table(s.table())).get()
                .extracting(BackupManifest.TableEntry::checksum).isEqualTo(s.checksum()));
        assertThat(new BackupTimings(backups.get(kind).getParent()).read())
                .extracting(BackupTimings.Entry::operation)
                .contains(BackupTimings.Operation.create, BackupTimings.Operation.verify);
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void restoreIntoNewDatabaseGivesIdenticalSchemaCountsAndChecksums(DialectKind kind) throws Exception {
        DbUrl target = TestDatabases.create(kind, "bk_dst");
        dropLater.add(target);
        Path backup = backups.get(kind);
        var refused = CliRunner.run("backup", "restore", backup.toString(), "--db", BackupFixtures.arg(target));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes").contains("nothing was changed");

        var r = CliRunner.run("backup", "restore", backup.toString(), "--db", BackupFixtures.arg(target), "--yes");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("match the backup");

        BackupManifest m = BackupManifest.read(backup);
        BackupEngine.ReadBack restored = BackupEngine.of(kind, new ToolLocator(null)).readBack(target);
        assertThat(SchemaComparer.compare(m.schema(), restored.schema())).isEmpty();
        assertThat(restored.sums()).hasSize(m.tables().size()).allSatisfy(s -> {
            BackupManifest.TableEntry t = m.table(s.table()).orElseThrow();
            assertThat(s.rows()).isEqualTo(t.rows());
            assertThat(s.checksum()).isEqualTo(t.checksum());
        });
        try (DbSession s = TestDatabases.writable(target); var st = s.connection().createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM orders WHERE note IS NULL")) {
            rs.next();
            assertThat(rs.getLong(1)).as("NULLs survive").isEqualTo(5000 / 7);
        }

        // the target now has tables: a second restore is refused and changes nothing
        var again = CliRunner.run("backup", "restore", backup.toString(), "--db", BackupFixtures.arg(target), "--yes");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("is not empty").contains("--force").contains("nothing was changed");
        TestDatabases.exec(target, "INSERT INTO orders (customer_id, total, note) VALUES (1, 1, 'kept')");
        var forced = CliRunner.run("backup", "restore", backup.toString(), "--db", BackupFixtures.arg(target), "--yes",
                "--force");
        assertThat(forced.exit()).as(forced.err() + forced.out()).isZero();
        try (DbSession s = TestDatabases.writable(target)) {
            assertThat(Dialects.inspect(s).table("orders")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void oneChangedByteFailsVerifyNamingTheFile(DialectKind kind) throws Exception {
        Path copy = copyOf(kind, "flipped");
        BackupManifest m = BackupManifest.read(copy);
        Path dump = copy.resolve(m.dumpFile());
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
        var r = verify(kind, copy);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("backup-file-corrupt").contains(m.dumpFile()).contains("does not match the manifest");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void truncatedDumpFailsVerifyEvenWhenTheManifestWasWrittenAfterIt(DialectKind kind) throws Exception {
        Path copy = copyOf(kind, "truncated");
        BackupManifest m = BackupManifest.read(copy);
        Path dump = copy.resolve(m.dumpFile());
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "rw")) {
            f.setLength(f.length() * 2 / 3);
        }
        var bySize = verify(kind, copy);
        assertThat(bySize.exit()).isEqualTo(1);
        assertThat(bySize.out()).contains("backup-file-corrupt").contains(m.dumpFile());

        // a dump cut short before its manifest was written: the hashes agree, the restore must still catch it
        BackupManifest lying = new BackupManifest(m.format(), m.id(), m.engine(), m.product(), m.serverVersion(),
                m.database(), m.source(), m.tool(), m.dumpFile(), m.dumpFormat(), m.startedAt(), m.finishedAt(),
                m.seconds(), Files.size(dump), BackupService.hashAll(copy), m.checksumAlgorithm(), m.tables(),
                m.binlog(), m.notes(), m.schema());
        lying.write(copy);
        var byRestore = verify(kind, copy);
        assertThat(byRestore.exit()).as(byRestore.err()).isEqualTo(1);
        assertThat(byRestore.out()).containsAnyOf("backup-restore-failed", "backup-row-count-differs",
                "backup-table-missing");
    }

    private CliRunner.Result verify(DialectKind kind, Path backup) {
        List<String> args = new ArrayList<>(List.of("backup", "verify", backup.toString(), "--format", "json"));
        if (kind != DialectKind.SQLITE) {
            args.addAll(List.of("--dev-db", BackupFixtures.arg(BackupFixtures.server(kind))));
        }
        return CliRunner.run(args.toArray(String[]::new));
    }

    private Path copyOf(DialectKind kind, String what) throws Exception {
        Path copy = dir.resolve("copies").resolve(kind.id() + "-" + what);
        Files.createDirectories(copy.getParent());
        BackupFixtures.copyTree(backups.get(kind), copy);
        return copy;
    }
}

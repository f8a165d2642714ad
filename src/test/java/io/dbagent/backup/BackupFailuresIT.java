package io.dbagent.backup;

import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.Requirements;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures a backup job meets at night: the dump tool is missing, the target folder cannot be written or runs
 * out of space. Each gives one clear line and exit 2, leaves no partial backup behind and touches nothing that was
 * there before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupFailuresIT {

    private final Map<DialectKind, DbUrl> sources = new EnumMap<>(DialectKind.class);
    private Path work;
    private Path dir;
    private Path earlier;

    @BeforeAll
    void setUp() throws Exception {
        work = Files.createTempDirectory("dbagent-backup-fail-");
        for (DialectKind kind : DialectKind.values()) {
            DbUrl src = TestDatabases.create(kind, "bk_fail");
            TestDatabases.exec(src, BackupFixtures.script(kind));
            sources.put(kind, src);
        }
        dir = work.resolve("backups");
        earlier = dir.resolve("shop-20240101T020000Z");
        Files.createDirectories(earlier);
        Files.writeString(earlier.resolve("manifest.json"), "{\"format\":\"dbagent-backup/1\"}");
    }

    @AfterAll
    void tearDown() {
        sources.values().forEach(TestDatabases::drop);
        BackupFixtures.deleteTree(work);
    }

    @ParameterizedTest
    @EnumSource(value = DialectKind.class, names = {"POSTGRES", "MYSQL"})
    void missingDumpBinaryIsAClearMessage(DialectKind kind) throws Exception {
        var r = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(sources.get(kind)), "--dir", dir.toString(),
                "--tool-dir", work.resolve("no-such-bin").toString());
        assertThat(r.exit()).isEqualTo(2);
        String tool = kind == DialectKind.POSTGRES ? "pg_dump not found in " : "mariadb-dump or mysqldump not found in ";
        assertThat(r.err()).startsWith("dbagent: " + tool).contains("no-such-bin (--tool-dir)").contains("install")
                .doesNotContain("Exception");
        assertOnlyEarlierBackupLeft();
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void unwritableTargetFolderIsAClearMessage(DialectKind kind) throws Exception {
        var proc = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(sources.get(kind)),
                "--dir", "/proc/dbagent-backups");
        assertThat(proc.exit()).isEqualTo(2);
        assertThat(proc.err()).startsWith("dbagent: cannot create the backup folder /proc/dbagent-backups: ");

        Path file = work.resolve("a-file");
        Files.writeString(file, "not a folder");
        var underFile = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(sources.get(kind)),
                "--dir", file.resolve("backups").toString());
        assertThat(underFile.exit()).isEqualTo(2);
        assertThat(underFile.err()).startsWith("dbagent: cannot create the backup folder " + file.resolve("backups"));
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void fullDiskRemovesThePartialBackupAndSaysSo(DialectKind kind) throws Exception {
        Path small = work.resolve("tiny-" + kind.id());
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor() == 0;
        Requirements.require(mounted, "permission to mount a small tmpfs to fill a disk (root, or a container "
                + "with CAP_SYS_ADMIN): " + new String(mount.getInputStream().readAllBytes()).strip());
        try {
            Path keep = small.resolve("keep.txt");
            Files.writeString(keep, "existing file");
            var r = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(sources.get(kind)),
                    "--dir", small.toString());
            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.err()).startsWith("dbagent: no space left in " + small)
                    .contains("partial folder was removed");
            try (Stream<Path> s = Files.list(small)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.txt");
            }
            assertThat(Files.readString(keep)).isEqualTo("existing file");
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void restoreWithMissingRestoreToolChangesNothing() throws Exception {
        DbUrl src = sources.get(DialectKind.POSTGRES);
        Path backups = work.resolve("pg-ok");
        var made = CliRunner.run("backup", "create", "--db", BackupFixtures.arg(src), "--dir", backups.toString(),
                "--format", "json");
        assertThat(made.exit()).as(made.err()).isZero();
        Path folder;
        try (Stream<Path> s = Files.list(backups)) {
            folder = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        DbUrl target = TestDatabases.create(DialectKind.POSTGRES, "bk_fail_dst");
        try {
            var r = CliRunner.run("backup", "restore", folder.toString(), "--db", BackupFixtures.arg(target), "--yes",
                    "--tool-dir", "/nonexistent");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("dbagent: pg_restore not found in /nonexistent (--tool-dir)");
            try (var s = TestDatabases.writable(target)) {
                assertThat(BackupEngine.of(DialectKind.POSTGRES, new ToolLocator(null)).userObjects(s)).isZero();
            }
        } finally {
            TestDatabases.drop(target);
        }
    }

    private void assertOnlyEarlierBackupLeft() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertThat(names).containsExactly(earlier.getFileName().toString());
        assertThat(Files.readString(earlier.resolve("manifest.json"))).contains("dbagent-backup/1");
    }
}

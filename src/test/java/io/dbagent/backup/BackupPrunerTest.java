package io.dbagent.backup;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prune on real folders: per database, only dbagent backups, dry run first. */
class BackupPrunerTest {

    private Path dir;

    @BeforeEach
    void folders() throws Exception {
        dir = Files.createTempDirectory("dbagent-prune-");
        for (int i = 0; i < 40; i++) {
            backup("shop", LocalDate.of(2024, 4, 1).plusDays(i));
        }
        backup("other", LocalDate.of(2024, 1, 15));
        Files.createDirectories(dir.resolve("notes"));
        Files.writeString(dir.resolve("notes").resolve("readme.txt"), "not a backup");
    }

    @AfterEach
    void clean() {
        BackupFixtures.deleteTree(dir);
    }

    private void backup(String db, LocalDate day) throws Exception {
        String id = db + "-" + day.toString().replace("-", "") + "T020000Z";
        Path f = Files.createDirectories(dir.resolve(id));
        Files.writeString(f.resolve("dump.sql"), "-- " + id);
        new BackupManifest(BackupManifest.FORMAT, id, "postgres", "PostgreSQL", "15.20", db,
                "postgres://app@db:5432/" + db, null, "dump.sql", "test", day.atTime(2, 0).toInstant(ZoneOffset.UTC),
                day.atTime(2, 1).toInstant(ZoneOffset.UTC), 60, 10, List.of(), TableChecksums.ALGORITHM, List.of(),
                null, List.of(), null).write(f);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void dryRunDeletesNothingThenPruneKeepsExactlyThePolicy() throws Exception {
        List<String> before = names();
        BackupPruner.Result dry = BackupPruner.prune(dir, new GfsPolicy.Keep(3, 2, 2), true);
        assertThat(names()).isEqualTo(before);
        // shop: days May 8, 9, 10 (daily), week 2024-W18 newest May 5 (weekly, W19 is May 6–10), April 30 (monthly)
        List<String> expected = List.of("notes", "other-20240115T020000Z", "shop-20240430T020000Z",
                "shop-20240505T020000Z", "shop-20240508T020000Z", "shop-20240509T020000Z", "shop-20240510T020000Z");
        assertThat(dry.kept()).isEqualTo(6);
        assertThat(dry.deleted()).isEqualTo(35);

        BackupPruner.Result done = BackupPruner.prune(dir, new GfsPolicy.Keep(3, 2, 2), false);
        assertThat(done.deleted()).isEqualTo(35);
        assertThat(names()).containsExactlyElementsOf(expected);
        assertThat(Files.readString(dir.resolve("notes").resolve("readme.txt"))).isEqualTo("not a backup");
    }

    @Test
    void allZeroIsRefused() {
        assertThatThrownBy(() -> BackupPruner.prune(dir, new GfsPolicy.Keep(0, 0, 0), false))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("at least one of --keep-daily");
    }
}

package io.dbagent.app;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkdirsTest {

    @Test
    void pathsUnderAWorkdirAreAllowedAndResolvedAgainstTheFirst(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("a"));
        Path b = Files.createDirectory(tmp.resolve("b"));
        Workdirs w = Workdirs.of(List.of(a, b));
        assertThat(w.checkWritable("migrations", "dir")).isEqualTo(a.toRealPath().resolve("migrations"));
        assertThat(w.checkWritable(b.resolve("x/y").toString(), "dir")).isEqualTo(b.resolve("x/y"));
        assertThat(w.checkWritable("sub/../backups", "dir")).isEqualTo(a.toRealPath().resolve("backups"));
    }

    @Test
    void dotDotAbsoluteAndSymlinkEscapesAreRefused(@TempDir Path tmp) throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createSymbolicLink(work.resolve("link"), outside);
        Files.createSymbolicLink(work.resolve("dangling"), tmp.resolve("nowhere"));
        Workdirs w = Workdirs.of(List.of(work));
        for (String escape : List.of("../outside", "a/../../outside/x", outside.toString(), "/etc",
                "link/backups", "link", "dangling/x", "dangling")) {
            assertThatThrownBy(() -> w.checkWritable(escape, "backup folder"), escape)
                    .isInstanceOf(DbAgentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(w.checkWritable("../work/ok", "dir")).isEqualTo(work.toRealPath().resolve("ok"));
    }

    @Test
    void aMissingWorkdirIsBadInput(@TempDir Path tmp) {
        assertThatThrownBy(() -> Workdirs.of(List.of(tmp.resolve("missing"))))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("does not exist");
        assertThat(Workdirs.currentDirectory().roots()).containsExactly(Path.of("").toAbsolutePath().normalize());
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive_command that PostgreSQL WAL archiving is set up with. */
class PostgresPitrTest {

    @Test
    void archiveCommandNeverOverwritesAndRefusesShellCharacters() {
        assertThat(PostgresPitr.archiveCommand(Path.of("/srv/wal"))).isEqualTo("test ! -f /srv/wal/%f && cp %p /srv/wal/%f");
        assertThatThrownBy(() -> PostgresPitr.archiveCommand(Path.of("/srv/wal; rm -rf /")))
                .isInstanceOf(DbAgentException.class).hasMessageContaining("plain path");
    }
}

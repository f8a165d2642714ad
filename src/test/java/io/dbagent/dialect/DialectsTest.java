package io.dbagent.dialect;

import io.dbagent.jdbc.DialectKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry hands each engine its own dialect, and the engine facts the capabilities rely on are the known ones. */
class DialectsTest {

    @Test
    void eachKindGetsTheDialectOfThatKind() {
        for (DialectKind k : DialectKind.values()) {
            assertThat(Dialects.of(k).kind()).isEqualTo(k);
            assertThat(Dialects.of(k).ddlWriter().dialect()).isEqualTo(k);
        }
    }

    @Test
    void onlyMysqlCommitsDdlImplicitly() {
        assertThat(Dialects.of(DialectKind.POSTGRES).transactionalDdl()).isTrue();
        assertThat(Dialects.of(DialectKind.MYSQL).transactionalDdl()).isFalse();
        assertThat(Dialects.of(DialectKind.SQLITE).transactionalDdl()).isTrue();
    }

    @Test
    void onlySqliteIsEmbeddedAndOnlyPostgresNamesBySchema() {
        assertThat(Dialects.of(DialectKind.SQLITE).embedded()).isTrue();
        assertThat(Dialects.of(DialectKind.POSTGRES).embedded()).isFalse();
        assertThat(Dialects.of(DialectKind.MYSQL).embedded()).isFalse();
        assertThat(Dialects.of(DialectKind.POSTGRES).namesBySchema()).isTrue();
        assertThat(Dialects.of(DialectKind.MYSQL).namesBySchema()).isFalse();
        assertThat(Dialects.of(DialectKind.SQLITE).namesBySchema()).isFalse();
    }

    @Test
    void productNameTellsMariaDbFromMysqlByTheVersionString() {
        assertThat(Dialects.of(DialectKind.MYSQL).productName("10.11.6-MariaDB-0+deb12u1")).isEqualTo("MariaDB");
        assertThat(Dialects.of(DialectKind.MYSQL).productName("8.0.36")).isEqualTo("MySQL");
        assertThat(Dialects.of(DialectKind.MYSQL).productName(null)).isEqualTo("MySQL");
        assertThat(Dialects.of(DialectKind.POSTGRES).productName("15.4")).isEqualTo("PostgreSQL");
    }

    @Test
    void versionNumberDropsMariaDbsReplicationPrefix() {
        assertThat(Dialects.of(DialectKind.MYSQL).versionNumber("5.5.5-10.11.6-MariaDB-0+deb12u1")).isEqualTo("10.11.6");
        assertThat(Dialects.of(DialectKind.MYSQL).versionNumber("8.0.36-0ubuntu0.22.04.1")).isEqualTo("8.0.36");
        assertThat(Dialects.of(DialectKind.POSTGRES).versionNumber("15.4 (Debian 15.4-1)")).isEqualTo("15.4");
    }
}

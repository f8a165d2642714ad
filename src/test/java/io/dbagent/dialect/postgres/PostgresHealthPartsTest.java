package io.dbagent.dialect.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The small parsers of PostgreSQL's own health checks, without a database. */
class PostgresHealthPartsTest {

    @Test
    void readsTheAutovacuumOptionAndWritesTheAutoExplainSteps() {
        assertThat(PostgresHealth.autovacuumDisabled("fillfactor=90,autovacuum_enabled=false")).isTrue();
        assertThat(PostgresHealth.autovacuumDisabled("autovacuum_enabled=true")).isFalse();
        assertThat(PostgresSessions.enableSteps("auto_explain", "shop")).startsWith(
                "ALTER SYSTEM SET shared_preload_libraries = 'auto_explain,pg_stat_statements'; then restart the server");
    }
}

package io.dbagent.app;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupRestorer;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The restore preview (the chat's {@code /backup restore} asks it before {@code yes}) applies the restorer's own
 * emptiness rule: a target holding only a view or a routine is refused by both, and a target the preview lets through
 * is one the restore accepts.
 */
class BackupRestorePreviewIT {

    @TempDir
    Path tmp;

    private final List<DbUrl> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(TestDatabases::drop);
    }

    private DbUrl database(DialectKind kind, String prefix, String script) {
        DbUrl url = TestDatabases.create(kind, prefix);
        databases.add(url);
        if (script != null) {
            TestDatabases.exec(url, script);
        }
        return url;
    }

    private App app(DbUrl url) {
        return App.builder().url(url).memory(new MemoryStore(tmp.resolve("memory"))).env(Map.of()).build();
    }

    private Path backupOf(DialectKind kind) {
        DbUrl source = database(kind, "prevsrc", "CREATE TABLE items (id integer PRIMARY KEY, name varchar(20));"
                + "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        return app(source).backups().create(tmp.resolve("backups"), null, false, null).folder();
    }

    @Test
    void sqliteTargetWithOnlyAViewIsRefusedByThePreviewLikeByTheRestore() throws Exception {
        Path backup = backupOf(DialectKind.SQLITE);
        DbUrl target = database(DialectKind.SQLITE, "prevdst", "CREATE VIEW answer AS SELECT 42 AS x");

        assertRefusedByBoth(backup, target, "(1 tables, views, sequences or routines)");

        // --force: the preview passes (no table is replaced in a file holding none) and the restore goes through
        var forced = app(target).backups().restorePreview(backup, true);
        assertThat(forced.replaced()).isEmpty();
        assertThat(forced.rows()).isEqualTo(2);
        BackupRestorer.restore(backup, target, true, true, null);
        assertThat(count(target, "SELECT count(*) FROM items")).isEqualTo(2);
    }

    @Test
    void postgresTargetWithOnlyAFunctionIsRefusedByThePreviewLikeByTheRestore() throws Exception {
        Path backup = backupOf(DialectKind.POSTGRES);
        DbUrl target = database(DialectKind.POSTGRES, "prevdst",
                "CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42'");

        assertRefusedByBoth(backup, target, "(1 tables, views, sequences or routines)");
        assertThat(count(target, "SELECT count(*) FROM pg_proc WHERE proname = 'answer'")).isEqualTo(1);
        assertThat(count(target, "SELECT count(*) FROM pg_class WHERE relname = 'items'")).isZero();
    }

    @Test
    void anEmptyPostgresTargetPassesThePreviewAndTheRestore() throws Exception {
        Path backup = backupOf(DialectKind.POSTGRES);
        DbUrl target = database(DialectKind.POSTGRES, "prevdst", null);

        var preview = app(target).backups().restorePreview(backup, false);
        assertThat(preview.replaced()).isEmpty();
        assertThat(preview.tables()).isEqualTo(1);
        BackupRestorer.restore(backup, target, true, false, null);
        assertThat(count(target, "SELECT count(*) FROM items")).isEqualTo(2);
    }

    /** Preview and restore refuse with the same line, and the target is unchanged. */
    private void assertRefusedByBoth(Path backup, DbUrl target, String objects) {
        App app = app(target);
        Throwable preview = org.assertj.core.api.Assertions.catchThrowable(() -> app.backups().restorePreview(backup, false));
        assertThat(preview).isInstanceOf(DbAgentException.class).hasMessageContaining("is not empty " + objects);
        assertThatThrownBy(() -> BackupRestorer.restore(backup, target, true, false, null))
                .isInstanceOf(DbAgentException.class).hasMessage(preview.getMessage());
    }

    private static long count(DbUrl url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

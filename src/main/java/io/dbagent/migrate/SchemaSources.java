package io.dbagent.migrate;

import io.dbagent.diff.SchemaSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Schema sources that know migrations: a directory of up migrations is a {@link SchemaSource.Scripts} whose scripts
 * are its {@code V…} files in version order. It lives here, not in {@code diff}, so that {@code diff} does not depend
 * on {@code migrate} (which builds on {@code diff}).
 */
public final class SchemaSources {

    /** A migrations directory: its up migrations, applied in version order. */
    public record MigrationsDir(Path dir) implements SchemaSource.Scripts {
        public String label() {
            return dir + "/ (up migrations)";
        }

        public List<SchemaSource.Script> scripts() {
            return MigrationDirectory.read(dir).stream()
                    .map(m -> new SchemaSource.Script(m.up().path(), m.up().sql())).toList();
        }
    }

    private SchemaSources() {
    }

    /** A {@code .sql} file, a directory of migrations, or a database URL. */
    public static SchemaSource parse(String spec) {
        if (spec != null && !spec.isBlank() && Files.isDirectory(Path.of(spec))) {
            return new MigrationsDir(Path.of(spec));
        }
        return SchemaSource.parse(spec);
    }
}

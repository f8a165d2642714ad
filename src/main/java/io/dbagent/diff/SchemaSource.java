package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.migrate.Migration;
import io.dbagent.migrate.MigrationDirectory;
import io.dbagent.migrate.StatementFailure;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a model comes from: a live database (read-only), a {@code .sql} file, or a migrations directory. Scripts are
 * applied to a scratch database of the right engine (a temporary SQLite file, or a temporary database on the
 * development server) which is dropped afterwards.
 */
public sealed interface SchemaSource {

    /** What the user passed, for messages; never contains a password. */
    String label();

    /** The engine this source is bound to, or null when a script could run on any. */
    DialectKind dialect();

    record Database(DbUrl url) implements SchemaSource {
        public String label() {
            return url.redacted();
        }

        public DialectKind dialect() {
            return url.dialect();
        }
    }

    record ScriptFile(Path path) implements SchemaSource {
        public String label() {
            return path.toString();
        }

        public DialectKind dialect() {
            return null;
        }
    }

    record MigrationsDir(Path dir) implements SchemaSource {
        public String label() {
            return dir + "/ (up migrations)";
        }

        public DialectKind dialect() {
            return null;
        }
    }

    /** A {@code .sql} file, a directory of migrations, or a database URL. */
    public static SchemaSource parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw DbAgentException.badInput("empty schema source: give a database URL, a .sql file or a migrations directory");
        }
        Path p = Path.of(spec);
        if (spec.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            if (!Files.isRegularFile(p)) {
                throw DbAgentException.badInput("schema file not found: " + spec);
            }
            return new ScriptFile(p);
        }
        if (Files.isDirectory(p)) {
            return new MigrationsDir(p);
        }
        return new Database(DbUrlParser.parse(spec));
    }

    /** Reads the model; scripts go to a scratch database of {@code dialect} (on {@code devServer} for servers). */
    default Schema load(DialectKind dialect, DbUrl devServer) {
        return load(dialect, devServer, null);
    }

    /**
     * As {@link #load(DialectKind, DbUrl)}; {@code live} is the database on the other side, if any, so that the
     * scratch note can say when the scratch database shares its server. Scripts run through the
     * {@link ScratchRunner}: the statement allow list, then the scratch database's least-privilege identity.
     */
    default Schema load(DialectKind dialect, DbUrl devServer, DbUrl live) {
        if (this instanceof Database db) {
            try (DbSession s = ConnectionFactory.open(db.url())) {
                return Dialects.inspect(s);
            }
        }
        try (ScratchDatabase scratch = ScratchDatabase.create(dialect, devServer, live);
             DbSession s = scratch.openWritable()) {
            if (this instanceof ScriptFile f) {
                apply(s, f.path(), readScript(f.path()));
            } else if (this instanceof MigrationsDir m) {
                List<Migration> migrations = MigrationDirectory.read(m.dir());
                for (Migration mig : migrations) {
                    apply(s, mig.up().path(), mig.up().sql());
                }
            }
            return Dialects.inspect(s);
        }
    }

    private static void apply(DbSession s, Path file, String sql) {
        try {
            ScratchRunner.run(s, sql, true);
        } catch (StatementFailure e) {
            throw DbAgentException.badInput(file + " does not run on a scratch " + s.product() + " database: "
                    + e.getMessage());
        } catch (DbAgentException e) {
            if (e.code() == DbAgentException.Code.BAD_INPUT) {
                throw DbAgentException.badInput(file + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private static String readScript(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read " + p + ": " + e.getMessage());
        }
    }
}

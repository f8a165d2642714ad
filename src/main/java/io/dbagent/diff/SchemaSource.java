package io.dbagent.diff;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.guard.ScratchRunner;
import io.dbagent.guard.StatementFailure;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.ScratchDatabase;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a model comes from: a live database (read-only), or SQL scripts (a {@code .sql} file here, a migrations
 * directory in {@code migrate/SchemaSources}). Scripts are applied to a scratch database of the right
 * engine (a temporary SQLite file, or a temporary database on the development server) which is dropped afterwards.
 */
public sealed interface SchemaSource permits SchemaSource.Database, SchemaSource.Scripts {

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

    /** One script to apply: the file it came from (for messages) and its text. */
    record Script(Path file, String sql) {
    }

    /**
     * A source made of scripts applied in order to a scratch database. Not sealed: the migrations directory lives in
     * {@code io.dbagent.migrate}, which builds on this package, so that this package need not know migrations.
     */
    non-sealed interface Scripts extends SchemaSource {

        /** The scripts in the order they run; read (and checked) only when the model is loaded. */
        List<Script> scripts();

        /** Scripts could run on any engine. */
        default DialectKind dialect() {
            return null;
        }
    }

    record ScriptFile(Path path) implements Scripts {
        public String label() {
            return path.toString();
        }

        public List<Script> scripts() {
            return List.of(new Script(path, readScript(path)));
        }
    }

    /**
     * A {@code .sql} file or a database URL. A migrations directory is parsed by
     * {@code SchemaSources.parse} in {@code migrate}, which accepts all three.
     */
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
        return new Database(DbUrlParser.parse(spec));
    }

    /** Reads the model; scripts go to a scratch database of {@code dialect} (on {@code devServer} for servers). */
    default Schema load(DialectKind dialect, DbUrl devServer) {
        return load(dialect, devServer, null);
    }

    /**
     * As {@link #load(DialectKind, DbUrl)}; {@code live} is the database on the other side, if any, so that the
     * scratch note can say when the scratch database shares its server, and the scratch database takes over its
     * defaults ({@link DiffDialect#scratchDefaults}). Scripts run through the
     * {@link ScratchRunner}: the statement allow list, then the scratch database's least-privilege identity.
     */
    default Schema load(DialectKind dialect, DbUrl devServer, DbUrl live) {
        if (this instanceof Database db) {
            try (DbSession s = ConnectionFactory.open(db.url())) {
                return Dialects.inspect(s);
            }
        }
        List<String> defaults = live == null || live.dialect() != dialect ? List.of() : liveDefaults(live);
        try (ScratchDatabase scratch = ScratchDatabase.create(dialect, devServer, live);
             DbSession s = scratch.openWritable()) {
            for (String statement : defaults) {
                try (java.sql.Statement st = s.connection().createStatement()) {
                    st.execute(statement);
                } catch (java.sql.SQLException e) {
                    throw new DbAgentException(DbAgentException.Code.DATABASE, "cannot give the scratch database the "
                            + "live database's defaults (" + statement + "): " + e.getMessage(), e);
                }
            }
            for (Script script : ((Scripts) this).scripts()) {
                apply(s, script.file(), script.sql());
            }
            Dialects.of(s).diff().afterScriptsLoaded(s);
            return Dialects.inspect(s);
        }
    }

    /** What the scratch database takes over from the live one ({@link DiffDialect#scratchDefaults}). */
    private static List<String> liveDefaults(DbUrl live) {
        try (DbSession s = ConnectionFactory.open(live)) {
            return Dialects.of(s).diff().scratchDefaults(s);
        }
    }

    /** Runs one script: read as its dump tool's client reads it ({@link DumpScripts}), then through the guard. */
    private static void apply(DbSession s, Path file, String sql) {
        try {
            DumpScripts.Prepared p = DumpScripts.prepare(s.dialect(), sql,
                    DumpScripts.versionNumber(s.majorVersion(), s.minorVersion(), s.version()), s.isMariaDb());
            ScratchRunner.run(s, p.statements(), true, ScratchRunner.timeout());
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

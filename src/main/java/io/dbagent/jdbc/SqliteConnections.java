package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/** Opening SQLite files with sqlite-jdbc: no server, so no host, user or scratch server. */
final class SqliteConnections implements EngineConnections {

    /** sqlite-jdbc 3.54: extension loading, where temp files go, and the ATTACH limit the scratch context sets. */
    private static final Set<String> REFUSED_PARAMETERS = UrlParameters.lower("enable_load_extension",
            "load_extension", "temp_store_directory", "limit_attached");

    @Override
    public String displayName() {
        return "SQLite";
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public List<String> urlSchemes() {
        return List.of();
    }

    @Override
    public List<String> jdbcSubprotocols() {
        return List.of();
    }

    @Override
    public String scheme() {
        return null;
    }

    @Override
    public String jdbcPrefix() {
        return null;
    }

    @Override
    public int defaultPort() {
        return 0;
    }

    @Override
    public String defaultUser() {
        return null;
    }

    @Override
    public String defaultPassword() {
        return null;
    }

    @Override
    public boolean refusesParameter(String key) {
        return REFUSED_PARAMETERS.contains(key) || key.contains("extension");
    }

    @Override
    public boolean isProduct(String productName) {
        return productName.contains("sqlite");
    }

    /** Read-only opens the file with SQLITE_OPEN_READONLY, which never creates or changes it. */
    @Override
    public Connection connect(DbUrl url, ConnectionFactory.Access access) throws SQLException {
        boolean readOnly = access == ConnectionFactory.Access.READ_ONLY;
        if (!url.inMemory()) {
            Path file = Path.of(url.database());
            if (!Files.exists(file) && access != ConnectionFactory.Access.WRITE_CREATE) {
                throw new DbAgentException(DbAgentException.Code.CONNECTION,
                        "SQLite database file not found: " + file + " (dbagent does not create it for this command)");
            }
            if (Files.isDirectory(file)) {
                throw new DbAgentException(DbAgentException.Code.CONNECTION,
                        "SQLite database path is a directory, not a file: " + file);
            }
        }
        // the driver's native library from the cache rather than unpacked into /tmp again
        SqliteNativeLibrary.prepare();
        SQLiteConfig config = new SQLiteConfig();
        // SQLITE_OPEN_READONLY never creates or changes the file, whatever statement reaches it.
        config.setReadOnly(readOnly && !url.inMemory());
        config.enforceForeignKeys(true);
        config.setBusyTimeout(5000);
        Connection c = ConnectionFactory.direct(new org.sqlite.JDBC(), url.jdbcUrl(), config.toProperties());
        try (Statement st = c.createStatement()) {
            // A file that is not a database only fails at the first read, so read now and say so clearly.
            st.executeQuery("SELECT count(*) FROM sqlite_master").close();
        } catch (SQLException e) {
            c.close();
            if (e.getMessage() != null && e.getMessage().contains("not a database")) {
                throw new DbAgentException(DbAgentException.Code.CONNECTION,
                        "not a SQLite database file: " + url.database());
            }
            throw e;
        }
        return c;
    }

    @Override
    public Product identify(Connection c) throws SQLException {
        return new Product("SQLite", c.getMetaData().getDatabaseProductVersion());
    }

    /** {@code query_only}: the JDBC read-only flag of sqlite-jdbc can only be set before opening. */
    @Override
    public void setReadOnly(Connection c, boolean readOnly) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA query_only = " + (readOnly ? "ON" : "OFF"));
        }
    }

    @Override
    public ScratchServer scratchServer() {
        return null;
    }

    /** No other database file may be attached (ATTACH, VACUUM INTO) and no extension loaded. */
    @Override
    public void lockDownScratch(DbSession scratch) throws SQLException {
        var db = scratch.connection().unwrap(SQLiteConnection.class).getDatabase();
        db.limit(SQLiteLimits.SQLITE_LIMIT_ATTACHED.getId(), 0);
        db.enable_load_extension(false);
    }
}

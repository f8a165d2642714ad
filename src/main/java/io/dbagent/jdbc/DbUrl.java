package io.dbagent.jdbc;

import java.util.Objects;

/**
 * A parsed connection target. {@link #jdbcUrl()} never carries the password (it travels in driver properties),
 * and {@link #toString()} is the redacted form, so logging a {@code DbUrl} is always safe.
 *
 * @param dialect  engine family
 * @param jdbcUrl  the JDBC URL without credentials
 * @param user     user name or {@code null}
 * @param password password or {@code null}; never printed
 * @param host     host for server engines, {@code null} for SQLite
 * @param port     port for server engines, 0 for SQLite
 * @param database database name for server engines (may be {@code null} for MySQL), the file path for SQLite
 * @param original the text the user gave, kept only for {@link #redacted()}-style messages
 */
public record DbUrl(DialectKind dialect, String jdbcUrl, String user, String password, String host, int port,
                    String database, String original) {

    public DbUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** SQLite only: true for {@code :memory:} databases, which have no file. */
    public boolean inMemory() {
        return dialect.connections().embedded() && (":memory:".equals(database) || database == null || database.isEmpty());
    }

    /** A copy pointing at another database on the same server (used to create scratch and test databases). */
    public DbUrl withDatabase(String otherDatabase) {
        if (dialect.connections().embedded()) {
            return new DbUrl(dialect, "jdbc:sqlite:" + otherDatabase, null, null, null, 0, otherDatabase,
                    "sqlite:" + otherDatabase);
        }
        String base = jdbcUrl.substring(0, jdbcUrl.indexOf("://") + 3) + hostPort() + "/" + (otherDatabase == null ? "" : otherDatabase);
        int q = jdbcUrl.indexOf('?');
        String query = q >= 0 ? jdbcUrl.substring(q) : "";
        String scheme = dialect.connections().scheme();
        String userInfo = user == null ? "" : user + (password == null ? "" : ":***") + "@";
        return new DbUrl(dialect, base + query, user, password, host, port, otherDatabase,
                scheme + "://" + userInfo + hostPort() + "/" + (otherDatabase == null ? "" : otherDatabase));
    }

    /** {@code host:port}, bracketing IPv6 literals. */
    public String hostPort() {
        if (host == null) {
            return "";
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** Human-readable target without any secret, e.g. {@code postgres://app:***@db:5432/shop}. */
    public String redacted() {
        if (dialect.connections().embedded()) {
            return "sqlite:" + (database == null ? ":memory:" : database);
        }
        String scheme = dialect.connections().scheme();
        String userInfo = user == null ? "" : user + (password == null ? "" : ":***") + "@";
        return scheme + "://" + userInfo + hostPort() + "/" + (database == null ? "" : database);
    }

    /** Where we connect, for error messages: {@code db:5432/shop} or the SQLite path. */
    public String target() {
        if (dialect.connections().embedded()) {
            return database == null ? ":memory:" : database;
        }
        return hostPort() + "/" + (database == null ? "" : database);
    }

    @Override
    public String toString() {
        return redacted();
    }
}

package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An open connection plus what we learned when opening it: engine family, product (PostgreSQL, MySQL, MariaDB,
 * SQLite), server version and whether the session is read-only. Closing it closes the connection.
 */
public record DbSession(Connection connection, DbUrl url, DialectKind dialect, String product, String version,
                        int majorVersion, int minorVersion, boolean readOnly) implements AutoCloseable {

    public boolean isMariaDb() {
        return "MariaDB".equals(product);
    }

    /** e.g. {@code PostgreSQL 15.20} or {@code MariaDB 10.11.19}. */
    public String describe() {
        return product + " " + version;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection has nothing left to tell the user
        }
    }
}

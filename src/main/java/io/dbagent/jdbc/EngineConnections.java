package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How dbagent connects to one engine ({@link DialectKind#connections()}): the shape of its URLs, which driver
 * parameters a URL may not carry, how a connection is opened and made read-only, and how a scratch database is made.
 * The connection code asks the engine's part instead of testing which engine it has.
 */
interface EngineConnections {

    /** The product and its version number as the connection reports them. */
    record Product(String name, String version) {
    }

    /** The engine's name in connection errors ({@code MySQL/MariaDB}). */
    String displayName();

    /**
     * Whether the database is a file the process opens itself (SQLite): its URL is a path with no host, port or user,
     * and a scratch copy needs no server.
     */
    boolean embedded();

    /** The schemes of its {@code scheme://} URLs ({@code postgres}, {@code postgresql}); none for an embedded engine. */
    List<String> urlSchemes();

    /** The JDBC subprotocols of its {@code jdbc:sub://} URLs; none for an embedded engine. */
    List<String> jdbcSubprotocols();

    /** The scheme of the redacted URL ({@code postgres}); null for an embedded engine. */
    String scheme();

    /** The JDBC URL up to the host ({@code jdbc:postgresql://}); null for an embedded engine. */
    String jdbcPrefix();

    /** The port when the URL names none; 0 for an embedded engine. */
    int defaultPort();

    /** The user when the URL names none (null: none). */
    String defaultUser();

    /** The password when the URL gives none (null: none). */
    String defaultPassword();

    /** Whether a URL may not carry the driver parameter {@code key} (lower case, percent-decoded). */
    boolean refusesParameter(String key);

    /** Whether the JDBC metadata's product name (lower case) is this engine. */
    boolean isProduct(String productName);

    /** Opens a raw connection for {@code url}; read-only settings come after, in {@link #setReadOnly}. */
    Connection connect(DbUrl url, ConnectionFactory.Access access) throws SQLException;

    /** Which product and version the connection reaches. */
    Product identify(Connection c) throws SQLException;

    /** Makes the session read-only, or writable again. */
    void setReadOnly(Connection c, boolean readOnly) throws SQLException;

    /** Whether a failed connect's SQL state alone says the server was not reached. */
    default boolean unreachable(String sqlState) {
        return false;
    }

    /** How scratch databases and their identities are made on a server; null for an embedded engine. */
    ScratchServer scratchServer();

    /** Restricts a freshly opened scratch session further, where the engine needs it (SQLite: no ATTACH). */
    default void lockDownScratch(DbSession scratch) throws SQLException {
    }
}

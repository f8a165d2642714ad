package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens sessions. Every session is read-only unless {@link Access#WRITE} is asked for: PostgreSQL through
 * {@code default_transaction_read_only}, MySQL/MariaDB through {@code SESSION TRANSACTION READ ONLY}, SQLite by
 * opening the file read-only with {@code query_only}. Failures become one-line {@link DbAgentException}s that name the
 * target but never the password.
 */
public final class ConnectionFactory {

    /** Whether the caller may change the database. */
    public enum Access { READ_ONLY, WRITE, WRITE_CREATE }

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private ConnectionFactory() {
    }

    public static DbSession open(DbUrl url) {
        return open(url, Access.READ_ONLY);
    }

    public static DbSession open(DbUrl url, Access access) {
        try {
            Connection c = url.dialect().connections().connect(url, access);
            return session(c, url, url.dialect(), access == Access.READ_ONLY);
        } catch (SQLException e) {
            throw translate(url, e);
        }
    }

    /**
     * What every open connection goes through, ours or an application's: learn the product and version, and make the
     * session read-only when asked. A connection that fails here is closed.
     */
    private static DbSession session(Connection c, DbUrl url, DialectKind dialect, boolean readOnly) throws SQLException {
        try {
            EngineConnections.Product product = dialect.connections().identify(c);
            if (readOnly) {
                setSessionReadOnly(c, dialect, true);
            }
            int[] mm = majorMinor(product.version());
            return new DbSession(c, url, dialect, product.name(), product.version(), mm[0], mm[1], readOnly);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Makes a session read-only, or writable again: PostgreSQL's {@code default_transaction_read_only}, MySQL's
     * session transaction mode, SQLite's {@code query_only} (its JDBC read-only flag can only be set before opening).
     */
    static void setSessionReadOnly(Connection c, DialectKind dialect, boolean readOnly) throws SQLException {
        dialect.connections().setReadOnly(c, readOnly);
    }

    /**
     * Wraps a connection the caller already has (an application's {@code DataSource}): detects the engine from its
     * metadata and applies the same read-only settings as {@link #open(DbUrl, Access)}. Closing the session closes
     * (returns) the connection.
     */
    public static DbSession wrap(Connection c, Access access) {
        try {
            String jdbcUrl = c.getMetaData().getURL();
            DbUrl url = describing(jdbcUrl);
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            boolean readOnly = access == Access.READ_ONLY;
            DialectKind dialect = DialectKind.ofProduct(product);
            if (dialect == null) {
                throw new DbAgentException(DbAgentException.Code.UNSUPPORTED,
                        "unsupported database product: " + c.getMetaData().getDatabaseProductName());
            }
            if (url == null) {
                url = new DbUrl(dialect, "jdbc:unknown", null, null, null, 0, null, "datasource");
            }
            return session(c, url, dialect, readOnly);
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.CONNECTION,
                    Redactor.redact("cannot use the given connection: " + e.getMessage()), e);
        }
    }

    /**
     * The URL of a connection the application opened, only to name the target and its database. Its parameters are
     * the driver's own (a PostgreSQL DataSource lists every default, {@code classLoaderStrategy} included) and are
     * already in effect, so they are dropped rather than judged as a URL a user typed; a URL we cannot read just
     * leaves the target unnamed.
     */
    public static DbUrl describing(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        int q = jdbcUrl.indexOf('?');
        try {
            return DbUrlParser.parse(q >= 0 ? jdbcUrl.substring(0, q) : jdbcUrl);
        } catch (DbAgentException e) {
            return null;
        }
    }

    static int[] majorMinor(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        return new int[] {0, 0};
    }

    /** Turns a driver exception into one line a user can act on. */
    static DbAgentException translate(DbUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String lowerMsg = msg.toLowerCase(Locale.ROOT);
        String engine = url.dialect().connections().displayName();
        Throwable root = rootCause(e);
        String line;
        if (root instanceof UnknownHostException) {
            line = "cannot reach " + engine + ": unknown host '" + url.host() + "'";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || lowerMsg.contains("connection refused") || url.dialect().connections().unreachable(state)
                || lowerMsg.contains("communications link failure")) {
            line = "cannot reach " + engine + " at " + url.hostPort() + ": connection refused or host unreachable";
        } else if (root instanceof SocketTimeoutException || lowerMsg.contains("timed out")) {
            line = "cannot reach " + engine + " at " + url.hostPort() + ": timed out after "
                    + CONNECT_TIMEOUT_SECONDS + " s";
        } else if (e.getErrorCode() == 1044) {
            // MySQL/MariaDB: the password was right, but the user has no rights on this database
            line = "access denied for user '" + url.user() + "' to database '" + url.database() + "' on "
                    + engine + " at " + url.hostPort();
        } else if (state.equals("28P01") || state.equals("28000") || e.getErrorCode() == 1045
                || lowerMsg.contains("password authentication failed") || lowerMsg.contains("access denied")) {
            line = "authentication failed for user '" + url.user() + "' on " + engine + " at " + url.hostPort();
        } else if (state.equals("3D000") || e.getErrorCode() == 1049 || lowerMsg.contains("unknown database")) {
            line = "database '" + url.database() + "' does not exist on " + engine + " at " + url.hostPort();
        } else {
            line = engine + " connection to " + url.target() + " failed: " + firstLine(msg);
        }
        return new DbAgentException(DbAgentException.Code.CONNECTION, Redactor.redact(line), e);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl).trim() : s.trim();
    }

    /**
     * Connects through {@code driver} itself rather than {@link java.sql.DriverManager}, whose first use loads and
     * initialises every driver on the class path (the MySQL driver alone costs a noticeable part of a start).
     */
    static Connection direct(java.sql.Driver driver, String jdbcUrl, java.util.Properties props) throws SQLException {
        Connection c = driver.connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("No suitable driver found for " + jdbcUrl, "08001");
        }
        return c;
    }
}

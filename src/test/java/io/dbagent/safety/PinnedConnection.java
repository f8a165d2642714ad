package io.dbagent.safety;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that hands out one physical connection again and again, as a pool of one would: what a session leaves
 * on it (hypothetical indexes, settings) is still there for the next caller, and for the corpus to look at.
 */
final class PinnedConnection implements DataSource, AutoCloseable {

    private final DbSession session;
    private final Connection raw;

    PinnedConnection(DbUrl url) {
        this.session = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
        this.raw = session.connection();
    }

    /** How many hypothetical indexes the connection holds (hypopg), or why that could not be read. */
    String hypotheticalIndexes() {
        try {
            if (!raw.getAutoCommit()) {
                raw.rollback();
                raw.setAutoCommit(true);
            }
            try (Statement st = raw.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM hypopg()")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    @Override
    public Connection getConnection() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null; // back to the "pool": the physical connection stays open
                    }
                    if (method.getName().equals("isClosed")) {
                        return false;
                    }
                    try {
                        return method.invoke(raw, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String user, String password) {
        return getConnection();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}

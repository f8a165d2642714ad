package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where sessions come from: a URL (the CLI) or an application's {@link DataSource} (dbagent embedded as a library).
 * Services and agent tools ask it for a read-only or writable session per call.
 */
public interface SessionSource {

    DbSession open(ConnectionFactory.Access access);

    /** The target without secrets, for messages. */
    String describe();

    static SessionSource of(DbUrl url) {
        return new SessionSource() {
            @Override
            public DbSession open(ConnectionFactory.Access access) {
                return ConnectionFactory.open(url, access);
            }

            @Override
            public String describe() {
                return url.redacted();
            }
        };
    }

    /**
     * Sessions on pooled connections. A read-only session changes session settings, so the connection is reset to
     * read-write before it goes back to the pool: the application never receives a connection we left read-only.
     */
    static SessionSource of(DataSource dataSource) {
        return new SessionSource() {
            @Override
            public DbSession open(ConnectionFactory.Access access) {
                Connection raw;
                try {
                    raw = dataSource.getConnection();
                } catch (SQLException e) {
                    throw new DbAgentException(DbAgentException.Code.CONNECTION,
                            Redactor.redact("cannot get a connection from the DataSource: " + e.getMessage()), e);
                }
                DbSession probe = ConnectionFactory.wrap(raw, access);
                if (access != ConnectionFactory.Access.READ_ONLY) {
                    return probe;
                }
                Connection guarded = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                resetReadWrite(raw, probe.dialect());
                            }
                            try {
                                return method.invoke(raw, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
                return new DbSession(guarded, probe.url(), probe.dialect(), probe.product(), probe.version(),
                        probe.majorVersion(), probe.minorVersion(), true);
            }

            @Override
            public String describe() {
                return "application DataSource";
            }
        };
    }

    private static void resetReadWrite(Connection c, DialectKind dialect) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            ConnectionFactory.setSessionReadOnly(c, dialect, false);
        } catch (SQLException ignored) {
            // a broken connection is discarded by the pool anyway
        }
    }
}

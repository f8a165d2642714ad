package io.dbagent.mcp;

import io.dbagent.guard.RunningStatements;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions for the MCP server's tools in which every statement can be stopped. Each statement a tool creates is
 * registered with {@link RunningStatements} for the thread that runs the call, so when a call passes its time limit,
 * is cancelled by the client or outlives the server, {@code RunningStatements.cancel(thread)} stops it on the database
 * server, whichever tool made it. The registration has no timer of its own: a tool may reuse one statement for
 * many short queries, so a limit counted from its creation would stop legitimate work; per-statement client-side
 * limits belong where the statement is executed (the read guard). Read-only sessions get the statement time limit
 * ({@code --timeout}) on the server ({@link Timeouts#applyServerSide}, which also holds when dbagent is killed).
 * Writable sessions (apply_plan, the advisor's rolled-back trial builds) are bounded by the call's time limit
 * only: an approved index build may take longer than a query should.
 */
final class CancellableSessions implements SessionSource {

    private final SessionSource delegate;
    private final Duration statementTimeout;

    CancellableSessions(SessionSource delegate, Duration statementTimeout) {
        this.delegate = delegate;
        this.statementTimeout = statementTimeout;
    }

    @Override
    public DbSession open(ConnectionFactory.Access access) {
        DbSession s = delegate.open(access);
        boolean limited = access == ConnectionFactory.Access.READ_ONLY && statementTimeout != null;
        if (limited) {
            try {
                Timeouts.applyServerSide(s, statementTimeout);
            } catch (SQLException e) {
                s.close();
                throw io.dbagent.dialect.Sql.failure("cannot set the statement time limit", e);
            }
        }
        Connection raw = s.connection();
        List<RunningStatements.Handle> handles = new ArrayList<>();
        Connection tracked = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("close")) {
                        synchronized (handles) {
                            handles.forEach(RunningStatements.Handle::close);
                            handles.clear();
                        }
                    }
                    Object result;
                    try {
                        result = method.invoke(raw, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof Statement st && (name.equals("createStatement")
                            || name.equals("prepareStatement") || name.equals("prepareCall"))) {
                        synchronized (handles) {
                            handles.add(RunningStatements.track(st, null));
                        }
                    }
                    return result;
                });
        return new DbSession(tracked, s.url(), s.dialect(), s.product(), s.version(), s.majorVersion(),
                s.minorVersion(), s.readOnly());
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}

package io.dbagent.agent;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Sql;
import io.dbagent.guard.GuardedSession;
import io.dbagent.guard.StatementGuard;
import io.dbagent.guard.Timeouts;
import io.dbagent.jdbc.DbSession;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The read context's entry point for one statement: the chat's {@code /sql} and the {@code run_read_query} tool. The
 * {@link StatementGuard} decides what may run (one statement, a read, no function with side effects outside the
 * transaction); the session is read-only; the statement runs under the time limit with a server-side cancel, and the
 * rows are bounded.
 */
public final class ReadOnlyQuery {

    public static final int MAX_ROWS = 1000;

    /** The rows, at most {@code maxRows}, and whether more were cut. */
    public record Result(List<String> columns, List<Map<String, Object>> rows, boolean truncated) {
    }

    private ReadOnlyQuery() {
    }

    /** {@link #run(DbSession, String, int, Duration)} with the default limit of 30 s. */
    public static Result run(DbSession session, String sql, int maxRows) {
        return run(session, sql, maxRows, Timeouts.DEFAULT);
    }

    /**
     * Checks {@code sql} for the read context and runs it on {@code session} (which must be read-only) within
     * {@code timeout}, returning at most {@code maxRows} rows (1 to {@value #MAX_ROWS}; 0 or less means 100).
     */
    public static Result run(DbSession session, String sql, int maxRows, Duration timeout) {
        GuardedSession g = GuardedSession.read(session, timeout);
        String statement = g.check(sql).sql();
        int limit = Math.max(1, Math.min(maxRows <= 0 ? 100 : maxRows, MAX_ROWS));
        try {
            return g.withStatement(st -> {
                st.setMaxRows(limit + 1);
                try (ResultSet rs = st.executeQuery(statement)) {
                    return read(rs, limit);
                }
            });
        } catch (SQLException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("read-only") || msg.contains("read only") || msg.contains("readonly")) {
                throw new DbAgentException(DbAgentException.Code.BAD_INPUT,
                        "refused by the database: the session is read-only (" + firstLine(e.getMessage()) + ")");
            }
            throw Sql.failure("query failed", e);
        }
    }

    private static Result read(ResultSet rs, int limit) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(md.getColumnLabel(i));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == limit) {
                truncated = true;
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= cols.size(); i++) {
                Object v = rs.getObject(i);
                row.put(cols.get(i - 1), v == null || v instanceof Number || v instanceof Boolean ? v : v.toString());
            }
            rows.add(row);
        }
        return new Result(cols, rows, truncated);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}

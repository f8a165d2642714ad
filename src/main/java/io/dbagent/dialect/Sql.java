package io.dbagent.dialect;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.Redactor;
import io.dbagent.jdbc.Rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers shared by the dialects: run a query ({@link Rows}), and turn SQL errors into one-line failures. */
public final class Sql {

    private Sql() {
    }

    public static <T> List<T> query(Connection c, String sql, Rows.Mapper<T> mapper, Object... params) {
        try {
            return Rows.list(c, sql, mapper, params);
        } catch (SQLException e) {
            throw failure("catalog query failed", e);
        }
    }

    public static DbAgentException failure(String what, SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
            msg = msg.substring(0, nl);
        }
        return new DbAgentException(DbAgentException.Code.DATABASE, Redactor.redact(what + ": " + msg.trim()), e);
    }

    /** Splits a comma-separated list that a catalog query aggregated, ignoring empties. */
    public static List<String> splitList(String s, String separator) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(java.util.regex.Pattern.quote(separator), -1)) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }
}

package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading rows over JDBC: run a query with bind parameters and map each row. It lets the {@link SQLException}
 * through, so that a caller can read its SQLState (the health checks tell "permission denied" from a real failure);
 * {@code dialect.Sql#query} wraps it into a one-line failure for the catalog readers.
 */
public final class Rows {

    /** Maps one row. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    public static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public static <T> T one(Connection c, String sql, Mapper<T> mapper, Object... params) throws SQLException {
        List<T> l = list(c, sql, mapper, params);
        if (l.isEmpty()) {
            throw new SQLException("no row from: " + sql.strip().split("\n")[0]);
        }
        return l.get(0);
    }

    /** A nullable long column: -1 for NULL. */
    public static long longOr(ResultSet rs, String col, long ifNull) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? ifNull : v;
    }

    public static Double doubleOrNull(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    public static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp ts = rs.getTimestamp(col);
        return ts == null ? null : ts.toInstant();
    }
}

package io.dbagent.migrate;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The {@code dbagent_schema_history} table: one row per attempt to run a migration file, up, down or repeatable
 * (stored with an empty version), plus a {@code baseline} row written by {@code migrate baseline}. A row with
 * {@code success = false} is a migration that stopped half-way and stays applied as far as it got (MySQL/MariaDB, or
 * a file run outside a transaction); a transactional failure is rolled back and leaves no row, as nothing changed.
 */
public final class History {

    /** One row of the history table. */
    public record Row(int rank, String version, String description, String type, String script, String checksum,
                      String installedBy, String installedOn, long executionMs, boolean success, String detail) {

        public boolean isUp() {
            return "up".equals(type);
        }

        public boolean isRepeatable() {
            return "repeatable".equals(type);
        }

        public boolean isBaseline() {
            return "baseline".equals(type);
        }
    }

    private History() {
    }

    public static boolean exists(DbSession s) {
        return !Sql.query(s.connection(), HistorySql.of(s.dialect()).exists(), rs -> 1).isEmpty();
    }

    public static void ensure(DbSession s) {
        try (Statement st = s.connection().createStatement()) {
            st.execute(HistorySql.of(s.dialect()).create());
        } catch (SQLException e) {
            throw Sql.failure("cannot create the history table " + HistorySql.TABLE, e);
        }
    }

    /** All rows in rank order; empty when the table does not exist yet. */
    public static List<Row> read(DbSession s) {
        if (!exists(s)) {
            return List.of();
        }
        return read(s.connection());
    }

    static List<Row> read(Connection c) {
        return Sql.query(c, HistorySql.SELECT_ALL, rs -> new Row(rs.getInt("installed_rank"),
                "repeatable".equals(rs.getString("type")) ? null : rs.getString("version"),
                rs.getString("description"), rs.getString("type"), rs.getString("script"), rs.getString("checksum"),
                rs.getString("installed_by"), rs.getString("installed_on"), rs.getLong("execution_ms"),
                rs.getBoolean("success"), rs.getString("detail")));
    }

    /** Adds a row and returns its rank. Runs on the caller's connection (inside its transaction, if any). */
    static int insert(Connection c, DialectKind d, MigrationFile f, long ms, boolean success, String detail)
            throws SQLException {
        String type = f.repeatable() ? "repeatable" : f.up() ? "up" : "down";
        return insert(c, d, f.repeatable() ? "" : f.version(), f.description(), type, f.script(), f.checksum(), ms,
                success, detail);
    }

    /** The baseline row: versions up to {@code version} count as applied, though dbagent never ran them. */
    static void insertBaseline(Connection c, DialectKind d, String version, String description) throws SQLException {
        insert(c, d, version, description == null ? "baseline" : description, "baseline", "<< baseline >>", null, 0,
                true, null);
    }

    private static int insert(Connection c, DialectKind d, String version, String description, String type,
                              String script, String checksum, long ms, boolean success, String detail)
            throws SQLException {
        int rank = nextRank(c, HistorySql.NEXT_RANK);
        try (PreparedStatement ps = c.prepareStatement(HistorySql.INSERT)) {
            ps.setInt(1, rank);
            ps.setString(2, version);
            ps.setString(3, cut(description, 200));
            ps.setString(4, type);
            ps.setString(5, cut(script, 1000));
            ps.setString(6, checksum);
            ps.setString(7, currentUser(c, d));
            ps.setLong(8, ms);
            ps.setBoolean(9, success);
            ps.setString(10, cut(detail, 2000));
            ps.executeUpdate();
        }
        return rank;
    }

    static int nextRank(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String currentUser(Connection c, DialectKind d) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(HistorySql.of(d).currentUser())) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void update(Connection c, int rank, long ms, boolean success, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HistorySql.UPDATE_OUTCOME)) {
            ps.setLong(1, ms);
            ps.setBoolean(2, success);
            ps.setString(3, cut(detail, 2000));
            ps.setInt(4, rank);
            ps.executeUpdate();
        }
    }

    /** Removes the rows of failed attempts (after the user repaired the schema by hand); returns how many. */
    static int deleteFailed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HistorySql.DELETE_FAILED)) {
            ps.setBoolean(1, false);
            return ps.executeUpdate();
        }
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

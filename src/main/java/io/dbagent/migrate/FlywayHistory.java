package io.dbagent.migrate;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flyway's history table ({@code flyway_schema_history} unless renamed), read and written the way Flyway does, so
 * that a project Flyway migrated is not re-run and Flyway's own {@code info}/{@code validate} accept what dbagent
 * applied: type {@code SQL} for versioned and repeatable files (a repeatable row has no version), {@code BASELINE}
 * for a baseline, and Flyway's CRC32 checksum. No down is recorded here: Flyway Community stops on an
 * {@code UNDO_SQL} row ("Unknown migration type"), so the runner refuses {@code migrate down} on this history. Undo
 * rows Flyway Teams wrote are read as downs. The table has no column for how far a failed file got, so that detail
 * is not kept.
 */
public final class FlywayHistory implements HistoryStore {

    public static final String DEFAULT_TABLE = "flyway_schema_history";
    /** What Flyway writes as description and script of a baseline row. */
    public static final String BASELINE_DESCRIPTION = "<< Flyway Baseline >>";

    private final String table;
    private final DialectKind dialect;

    public FlywayHistory(String table, DialectKind dialect) {
        this.table = table;
        this.dialect = dialect;
    }

    @Override
    public String format() {
        return "flyway";
    }

    @Override
    public String table() {
        return table;
    }

    private String q() {
        return dialect.quote(table);
    }

    @Override
    public boolean exists(DbSession s) {
        return tableExists(s, table);
    }

    static boolean tableExists(DbSession s, String name) {
        return !Sql.query(s.connection(), HistorySql.of(s.dialect()).tableExists(), rs -> 1, name).isEmpty();
    }

    @Override
    public void ensure(DbSession s) {
        if (exists(s)) {
            return;
        }
        try (Statement st = s.connection().createStatement()) {
            for (String sql : HistorySql.of(s.dialect()).flywayCreate(table)) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot create Flyway's history table " + table, e);
        }
    }

    @Override
    public List<History.Row> read(Connection c) {
        List<History.Row> raw = Sql.query(c, "SELECT installed_rank, version, description, type, script, checksum,"
                + " installed_by, installed_on, execution_time, success FROM " + q() + " ORDER BY installed_rank",
                rs -> {
                    Object sum = rs.getObject("checksum");
                    String type = neutralType(rs.getString("type"), rs.getString("version"));
                    return new History.Row(rs.getInt("installed_rank"),
                            "repeatable".equals(type) ? null : rs.getString("version"), rs.getString("description"),
                            type, rs.getString("script"), sum == null ? null : String.valueOf(((Number) sum).intValue()),
                            rs.getString("installed_by"), rs.getString("installed_on"), rs.getLong("execution_time"),
                            rs.getBoolean("success"), null);
                });
        List<History.Row> out = new ArrayList<>();
        raw.stream().filter(r -> r.type() != null).forEach(out::add);
        return out;
    }

    /** Flyway's migration types in dbagent's terms; null for rows that say nothing about a version (SCHEMA). */
    static String neutralType(String flywayType, String version) {
        String t = flywayType == null ? "" : flywayType.toUpperCase(Locale.ROOT);
        if (t.equals("SCHEMA")) {
            return null;
        }
        if (t.equals("BASELINE")) {
            return "baseline";
        }
        if (t.equals("DELETE")) {
            return "deleted";
        }
        if (t.startsWith("UNDO_")) {
            return "down";
        }
        return version == null ? "repeatable" : "up";
    }

    @Override
    public String checksum(MigrationFile f) {
        return String.valueOf(f.flywayChecksum());
    }

    @Override
    public int insert(Connection c, DialectKind d, MigrationFile f, long ms, boolean success, String detail)
            throws SQLException {
        return insert(c, d, f.repeatable() ? null : f.version(), f.description(), f.up() ? "SQL" : "UNDO_SQL",
                f.script(), f.flywayChecksum(), ms, success);
    }

    @Override
    public void insertBaseline(Connection c, DialectKind d, String version, String description) throws SQLException {
        insert(c, d, version, description == null ? BASELINE_DESCRIPTION : description, "BASELINE",
                BASELINE_DESCRIPTION, null, 0, true);
    }

    private int insert(Connection c, DialectKind d, String version, String description, String type, String script,
                       Integer checksum, long ms, boolean success) throws SQLException {
        int rank = History.nextRank(c, "SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM " + q());
        String user = History.currentUser(c, d);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q() + " (installed_rank, version, description,"
                + " type, script, checksum, installed_by, execution_time, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, rank);
            ps.setString(2, version);
            ps.setString(3, History.cut(description, 200));
            ps.setString(4, type);
            ps.setString(5, History.cut(script, 1000));
            if (checksum == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, checksum);
            }
            ps.setString(7, History.cut(user == null ? "" : user, 100));
            ps.setInt(8, (int) Math.min(Integer.MAX_VALUE, ms));
            ps.setBoolean(9, success);
            ps.executeUpdate();
        }
        return rank;
    }

    @Override
    public void update(Connection c, int rank, long ms, boolean success, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + q()
                + " SET execution_time = ?, success = ? WHERE installed_rank = ?")) {
            ps.setInt(1, (int) Math.min(Integer.MAX_VALUE, ms));
            ps.setBoolean(2, success);
            ps.setInt(3, rank);
            ps.executeUpdate();
        }
    }

    @Override
    public int deleteFailed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q() + " WHERE success = ?")) {
            ps.setBoolean(1, false);
            return ps.executeUpdate();
        }
    }
}

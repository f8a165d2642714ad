package io.dbagent.dialect.sqlite;

import io.dbagent.health.bloat.BloatEntry;
import io.dbagent.health.bloat.BloatEstimator;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.jdbc.DbSession;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQLite bloat: free-list pages of the file (deleted data SQLite keeps for reuse) and, through the dbstat virtual
 * table, the unused bytes inside each table's and index's pages. VACUUM rebuilds the file and reclaims both.
 */
final class SqliteBloat implements BloatEstimator {

    static final String FIX = "VACUUM;\n-- rewrites the whole file: needs free disk for a copy and blocks writers "
            + "meanwhile";

    SqliteBloat() {
    }

    @Override
    public List<BloatEntry> measure(DbSession session, BloatOptions options, Map<String, String> skipped)
            throws SQLException {
        return measure(session.connection(), session.url().inMemory() ? null : session.url().database(), options, skipped);
    }

    static List<BloatEntry> measure(Connection c, String file, BloatOptions o, Map<String, String> skipped)
            throws SQLException {
        List<BloatEntry> out = new ArrayList<>();
        long pageSize = pragma(c, SqliteHealthSql.PAGE_SIZE);
        long pages = pragma(c, SqliteHealthSql.PAGE_COUNT);
        long free = pragma(c, SqliteHealthSql.FREELIST_COUNT);
        if (o.tables().isEmpty()) {
            String name = file == null ? ":memory:" : Path.of(file).getFileName().toString();
            BloatEntry db = new BloatEntry("database", "main", null, name, pages * pageSize, free * pageSize,
                    BloatEntry.percent(free, pages), "freelist", null, null, null);
            out.add(o.worthFixing(db) ? db.withFix(FIX) : db);
        }
        try (PreparedStatement ps = c.prepareStatement(SqliteHealthSql.DBSTAT); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String type = rs.getString("type");
                String table = rs.getString("tbl_name");
                String name = rs.getString("name");
                if (name.startsWith("sqlite_") && !name.startsWith("sqlite_autoindex_")) {
                    // the schema, statistics and sequence tables are SQLite's own bookkeeping
                    continue;
                }
                if (type == null) {
                    // the implicit index of a UNIQUE/PRIMARY KEY constraint has no sqlite_schema row of its own
                    type = "index";
                    table = name.replaceFirst("^sqlite_autoindex_(.*)_\\d+$", "$1");
                }
                if (!o.selects("main", table)) {
                    continue;
                }
                long size = rs.getLong("size_bytes");
                long unused = rs.getLong("unused_bytes");
                BloatEntry e = new BloatEntry("index".equals(type) ? "index" : "table", "main", table, name, size,
                        unused, BloatEntry.percent(unused, size), "dbstat", null, null, null);
                out.add(o.worthFixing(e) ? e.withFix(FIX) : e);
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table: dbstat")) {
                skipped.put("dbstat", "this SQLite build has no dbstat table: only the free-list figure is shown");
            } else {
                throw e;
            }
        }
        return out;
    }

    static long pragma(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

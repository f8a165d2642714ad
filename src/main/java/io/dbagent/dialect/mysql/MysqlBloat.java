package io.dbagent.dialect.mysql;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.health.bloat.BloatEntry;
import io.dbagent.health.bloat.BloatEstimator;
import io.dbagent.health.bloat.BloatOptions;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB bloat from {@code DATA_FREE}: the free space InnoDB reports in a table's own tablespace (whole free
 * extents, e.g. after deleting a range of old rows). Half-empty pages inside the table are not counted, so this is a
 * lower bound; OPTIMIZE TABLE rebuilds the table and returns both. Indexes live inside the same tablespace, so
 * there is no separate index figure.
 */
final class MysqlBloat implements BloatEstimator {

    MysqlBloat() {
    }

    @Override
    public List<BloatEntry> measure(DbSession session, BloatOptions options, Map<String, String> skipped)
            throws SQLException {
        return measure(session.connection(), options, skipped);
    }

    static List<BloatEntry> measure(Connection c, BloatOptions o, Map<String, String> skipped) throws SQLException {
        boolean filePerTable = true;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@innodb_file_per_table")) {
            if (rs.next()) {
                filePerTable = rs.getInt(1) != 0;
            }
        }
        List<BloatEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MysqlHealthSql.TABLES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEMA");
                String table = rs.getString("TABLE_NAME");
                if (!o.selects(schema, table)) {
                    continue;
                }
                long data = rs.getLong("DATA_LENGTH");
                long index = rs.getLong("INDEX_LENGTH");
                long free = filePerTable ? rs.getLong("DATA_FREE") : 0;
                long size = data + index + free;
                BloatEntry e = new BloatEntry("table", schema, table, table, size, free, BloatEntry.percent(free, size),
                        "data_free", null, null, null);
                out.add(o.worthFixing(e) ? e.withFix("OPTIMIZE TABLE " + DdlWriter.of(DialectKind.MYSQL).ident(table)
                        + ";\n-- InnoDB rebuilds it online (ALTER TABLE … FORCE); it needs free disk for a copy") : e);
            }
        }
        if (!filePerTable) {
            skipped.put("table-bloat", "innodb_file_per_table is OFF: tables share the system tablespace, whose free "
                    + "space cannot be attributed to a table");
        }
        skipped.put("index-bloat", "InnoDB keeps indexes in the table's tablespace: their free space is part of "
                + "the table figure (DATA_FREE), and OPTIMIZE TABLE rebuilds both");
        return out;
    }
}

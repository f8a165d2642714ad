package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.DbObject;
import io.dbagent.schema.ObjectListing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cheap listing on SQLite: sqlite_schema's tables, views and triggers; rows from sqlite_stat1 when ANALYZE has
 * run, sizes from the dbstat table when the library has it (the bundled driver does), else left out.
 */
final class SqliteObjects {

    static final String OBJECTS = """
            SELECT type, name, tbl_name FROM sqlite_master
             WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, name
            """;

    private SqliteObjects() {
    }

    static ObjectListing list(DbSession session) {
        var c = session.connection();
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        boolean hasStat = !Sql.query(c, "SELECT 1 AS x FROM sqlite_master WHERE name = 'sqlite_stat1'",
                rs -> 1).isEmpty();
        if (hasStat) {
            // the first number of a table's stat (idx NULL or any index) is its row count when ANALYZE ran
            Sql.query(c, "SELECT tbl, stat FROM sqlite_stat1", rs -> {
                String stat = rs.getString("stat");
                if (stat != null && !stat.isBlank()) {
                    rows.merge(rs.getString("tbl"), Long.parseLong(stat.trim().split("\\s+")[0]), Math::max);
                }
                return null;
            });
        }
        try {
            // pages of each table and of its indexes, summed onto the table
            Sql.query(c, """
                    SELECT coalesce(m.tbl_name, d.name) AS tbl, sum(d.pgsize) AS bytes
                      FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name
                     GROUP BY 1
                    """, rs -> bytes.put(rs.getString("tbl"), rs.getLong("bytes")));
        } catch (RuntimeException noDbstat) {
            // a library built without SQLITE_ENABLE_DBSTAT_VTAB: sizes stay unknown
        }
        List<DbObject> objects = Sql.query(c, OBJECTS, rs -> {
            String type = rs.getString("type");
            String name = rs.getString("name");
            return switch (type) {
                case "table" -> new DbObject("main", name, "table", rows.get(name), bytes.get(name), null);
                case "view" -> new DbObject("main", name, "view", null, null, null);
                default -> new DbObject("main", rs.getString("tbl_name") + "." + name, "trigger", null, null, null);
            };
        });
        return new ObjectListing("sqlite", session.url().database(),
                List.of(new ObjectListing.SchemaSummary("main", objects.size())), objects);
    }
}

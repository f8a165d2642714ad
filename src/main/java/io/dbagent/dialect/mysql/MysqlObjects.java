package io.dbagent.dialect.mysql;

import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.DbObject;
import io.dbagent.schema.ObjectListing;

import java.util.ArrayList;
import java.util.List;

/**
 * The cheap listing on MySQL/MariaDB: the databases the user can see, and the current database's tables, views and
 * sequences (information_schema.TABLES: estimated rows, data + index length), routines, triggers and events.
 */
final class MysqlObjects {

    static final String SCHEMAS = """
            SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA
             WHERE SCHEMA_NAME NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
             ORDER BY 1
            """;

    static final String TABLES = """
            SELECT TABLE_NAME AS name, TABLE_TYPE AS table_type, TABLE_ROWS AS row_estimate,
                   DATA_LENGTH + INDEX_LENGTH AS bytes, CREATE_OPTIONS AS create_options
              FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1
            """;

    static final String PARTITIONS = """
            SELECT TABLE_NAME AS name, count(*) AS n FROM information_schema.PARTITIONS
             WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL GROUP BY TABLE_NAME
            """;

    static final String ROUTINES = """
            SELECT ROUTINE_NAME AS name, lower(ROUTINE_TYPE) AS kind FROM information_schema.ROUTINES
             WHERE ROUTINE_SCHEMA = ? ORDER BY 1
            """;

    static final String TRIGGERS = """
            SELECT concat(EVENT_OBJECT_TABLE, '.', TRIGGER_NAME) AS name FROM information_schema.TRIGGERS
             WHERE TRIGGER_SCHEMA = ? ORDER BY 1
            """;

    static final String EVENTS = """
            SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY 1
            """;

    private MysqlObjects() {
    }

    static ObjectListing list(DbSession session) {
        var c = session.connection();
        String db = Sql.query(c, "SELECT DATABASE() AS db", rs -> rs.getString("db")).get(0);
        java.util.Map<String, Integer> partitions = new java.util.HashMap<>();
        Sql.query(c, PARTITIONS, rs -> partitions.put(rs.getString("name"), rs.getInt("n")), db);
        List<DbObject> objects = new ArrayList<>(Sql.query(c, TABLES, rs -> {
            String name = rs.getString("name");
            String type = rs.getString("table_type");
            boolean view = "VIEW".equals(type);
            boolean sequence = "SEQUENCE".equals(type);
            Integer parts = partitions.get(name);
            String kind = view ? "view" : sequence ? "sequence" : parts != null ? "partitioned table" : "table";
            return new DbObject(db, name, kind, view || sequence ? null : (Long) rs.getObject("row_estimate", Long.class),
                    view ? null : (Long) rs.getObject("bytes", Long.class), parts);
        }, db));
        objects.addAll(Sql.query(c, ROUTINES, rs -> new DbObject(db, rs.getString("name"), rs.getString("kind"),
                null, null, null), db));
        objects.addAll(Sql.query(c, TRIGGERS, rs -> new DbObject(db, rs.getString("name"), "trigger", null, null,
                null), db));
        objects.addAll(Sql.query(c, EVENTS, rs -> new DbObject(db, rs.getString("name"), "event", null, null, null),
                db));
        List<ObjectListing.SchemaSummary> schemas = Sql.query(c, SCHEMAS, rs -> {
            String name = rs.getString("name");
            return new ObjectListing.SchemaSummary(name, name.equals(db) ? objects.size() : null);
        });
        return new ObjectListing("mysql", db, schemas, objects);
    }
}

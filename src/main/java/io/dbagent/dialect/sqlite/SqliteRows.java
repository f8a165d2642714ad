package io.dbagent.dialect.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Rows of the SQLite catalog queries, mapped once so that assembly never touches JDBC. */
final class SqliteRows {

    private SqliteRows() {
    }

    /** A row of {@code sqlite_schema}; {@code rootpage} 0 on a table means a virtual table. */
    record SchemaObject(String type, String name, String tableName, long rootpage, String sql) {

        static SchemaObject map(ResultSet rs) throws SQLException {
            return new SchemaObject(rs.getString("type"), rs.getString("name"), rs.getString("tbl_name"),
                    rs.getLong("rootpage"), rs.getString("sql"));
        }

        boolean isTable() {
            return "table".equals(type);
        }

        boolean isVirtualTable() {
            return isTable() && rootpage == 0;
        }
    }

    /** A row of {@code pragma_table_xinfo}; hidden 1 = virtual table hidden column, 2/3 = virtual/stored generated. */
    record ColumnRow(String object, int cid, String name, String type, boolean notNull, String defaultValue, int pk,
                     int hidden) {

        static ColumnRow map(ResultSet rs) throws SQLException {
            return new ColumnRow(rs.getString("object_name"), rs.getInt("cid"), rs.getString("name"),
                    rs.getString("type"), rs.getInt("notnull") != 0, rs.getString("dflt_value"), rs.getInt("pk"),
                    rs.getInt("hidden"));
        }
    }

    /** A row of {@code pragma_foreign_key_list}; one per column of a key, grouped by {@code id}. */
    record ForeignKeyRow(String table, int id, int seq, String refTable, String fromColumn, String toColumn,
                         String onUpdate, String onDelete) {

        static ForeignKeyRow map(ResultSet rs) throws SQLException {
            return new ForeignKeyRow(rs.getString("table_name"), rs.getInt("id"), rs.getInt("seq"),
                    rs.getString("ref_table"), rs.getString("from_column"), rs.getString("to_column"),
                    rs.getString("on_update"), rs.getString("on_delete"));
        }
    }

    /** One key column of one index; {@code cid} -2 is an expression, -1 the rowid. */
    record IndexColumnRow(String table, String index, boolean unique, String origin, boolean partial, int seqno,
                          int cid, String column) {

        static IndexColumnRow map(ResultSet rs) throws SQLException {
            return new IndexColumnRow(rs.getString("table_name"), rs.getString("index_name"),
                    rs.getInt("unique") != 0, rs.getString("origin"), rs.getInt("partial") != 0, rs.getInt("seqno"),
                    rs.getInt("cid"), rs.getString("column_name"));
        }
    }
}

package io.dbagent.dialect.sqlite;

import io.dbagent.demo.DemoDialect;
import io.dbagent.demo.DemoSchema;
import io.dbagent.jdbc.DbUrl;

import java.sql.SQLException;
import java.sql.Statement;

/** The demo on SQLite: the shop is a file of its own, so there is nothing to create or drop inside it. */
final class SqliteDemo implements DemoDialect {

    @Override
    public String shopDdl() {
        return DemoSchema.SQLITE;
    }

    @Override
    public DbUrl createArea(Statement st, DbUrl admin, String name) {
        return admin;
    }

    @Override
    public void dropArea(Statement st, String name) {
        // the file stays: the demo keeps it
    }

    @Override
    public void useSchemas(Statement st, String path) {
        // one schema, main
    }

    @Override
    public void analyze(Statement st) throws SQLException {
        st.execute("ANALYZE");
    }

    @Override
    public String timestampType() {
        return "timestamp";
    }

    @Override
    public boolean modelRecreatesTriggers() {
        return true;
    }
}

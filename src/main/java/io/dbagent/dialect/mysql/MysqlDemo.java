package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.demo.DemoDialect;
import io.dbagent.demo.DemoSchema;
import io.dbagent.jdbc.DbUrl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The demo on MySQL/MariaDB: the shop gets a database of its own on the server. */
final class MysqlDemo implements DemoDialect {

    @Override
    public String shopDdl() {
        return DemoSchema.MYSQL;
    }

    @Override
    public DbUrl createArea(Statement st, DbUrl admin, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + name + "'")) {
            if (rs.next()) {
                throw DbAgentException.badInput("database " + name + " already exists on " + admin.hostPort()
                        + ": drop it (DROP DATABASE " + name + ") or run the demo elsewhere");
            }
        }
        st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        return admin.withDatabase(name);
    }

    @Override
    public void dropArea(Statement st, String name) throws SQLException {
        st.execute("DROP DATABASE IF EXISTS " + name);
    }

    @Override
    public void useSchemas(Statement st, String path) {
        // the URL names the demo's database already
    }

    @Override
    public void analyze(Statement st) throws SQLException {
        st.execute("ANALYZE TABLE users, categories, products, orders, order_items, audit_log");
    }

    @Override
    public String timestampType() {
        return "datetime";
    }

    @Override
    public boolean modelRecreatesTriggers() {
        return true;
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.demo.DemoDialect;
import io.dbagent.demo.DemoSchema;
import io.dbagent.jdbc.DbUrl;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The demo on PostgreSQL: the shop lives in a schema of its own in the database the URL names. */
final class PostgresDemo implements DemoDialect {

    @Override
    public String shopDdl() {
        return DemoSchema.POSTGRES;
    }

    @Override
    public DbUrl createArea(Statement st, DbUrl admin, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + name + "'")) {
            if (rs.next()) {
                throw DbAgentException.badInput("schema " + name + " already exists in " + admin.redacted()
                        + ": drop it (DROP SCHEMA " + name + " CASCADE) or run the demo elsewhere");
            }
        }
        st.execute("CREATE SCHEMA " + name);
        return admin;
    }

    @Override
    public void dropArea(Statement st, String name) throws SQLException {
        st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    @Override
    public void useSchemas(Statement st, String path) throws SQLException {
        st.execute("SET search_path TO " + path);
    }

    @Override
    public void analyze(Statement st) throws SQLException {
        st.execute("ANALYZE");
    }

    @Override
    public String timestampType() {
        return "timestamp with time zone";
    }

    @Override
    public boolean modelRecreatesTriggers() {
        return true; // the trigger functions are routines of the model
    }
}

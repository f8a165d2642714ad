package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL scratch databases: created from {@code template0}, owned by a temporary login role of the same name
 * without superuser, CREATEDB, CREATEROLE, replication or BYPASSRLS; CONNECT revoked from PUBLIC.
 */
final class PostgresScratchServer implements ScratchServer {

    @Override
    public String userName(String database, String suffix) {
        return database;
    }

    @Override
    public ScratchServers.Account create(DbSession admin, String name, String role, String password)
            throws SQLException {
        Connection c = admin.connection();
        boolean superuser;
        boolean createRole;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            superuser = rs.getBoolean(1);
            createRole = rs.getBoolean(2);
        }
        if (!superuser && !createRole) {
            ScratchServers.Account caller = ScratchServers.callerAccount(admin,
                    "it may not create roles (no superuser or CREATEROLE)");
            createDatabase(admin, name, null);
            return caller;
        }
        ScratchServers.Account account = new ScratchServers.Account(role, password, null,
                ScratchDatabase.Identity.TEMPORARY, null);
        try (Statement st = c.createStatement()) {
            // INHERIT (the default) stays: the owner's rights on schema public come from the implicit
            // pg_database_owner membership; the role is a member of nothing else
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "' NOSUPERUSER NOCREATEDB"
                    + " NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            try {
                if (!superuser) {
                    // CREATE DATABASE … OWNER needs the creator to be able to act as the owner
                    st.execute("GRANT " + role + " TO CURRENT_USER");
                }
                createDatabase(admin, name, role);
                st.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
                st.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO " + role);
            } catch (SQLException e) {
                ScratchServers.dropQuietly(admin, name, account);
                throw e;
            }
        }
        return account;
    }

    @Override
    public void createDatabase(DbSession admin, String name, String owner) throws SQLException {
        try (Statement st = admin.connection().createStatement()) {
            st.execute("CREATE DATABASE " + name + (owner == null ? "" : " OWNER " + owner) + " TEMPLATE template0");
        }
    }

    @Override
    public List<String> dropStatements(DbSession admin, String name, ScratchServers.Account account) {
        List<String> steps = new ArrayList<>();
        if (admin.majorVersion() >= 13) {
            steps.add("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
            steps.add("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            steps.add("DROP DATABASE IF EXISTS " + name);
        }
        if (account != null && account.temporary()) {
            steps.add("DROP ROLE IF EXISTS " + account.user());
        }
        return steps;
    }

    @Override
    public String temporaryIdentityNote(String user) {
        return "as temporary role " + user + " without superuser";
    }
}

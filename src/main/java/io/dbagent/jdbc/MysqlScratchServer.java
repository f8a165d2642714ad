package io.dbagent.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL/MariaDB scratch databases: a database and a temporary user {@code dbagent_s_<random>} with ALL on that
 * database only (no global privilege: no FILE, SUPER, PROCESS, CREATE USER).
 */
final class MysqlScratchServer implements ScratchServer {

    @Override
    public String userName(String database, String suffix) {
        return "dbagent_s_" + suffix;
    }

    @Override
    public ScratchServers.Account create(DbSession admin, String name, String user, String password)
            throws SQLException {
        Connection c = admin.connection();
        String host;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT USER()")) {
            rs.next();
            String u = rs.getString(1);
            // the host the server sees us coming from: the account must match the scratch connection's host
            // exactly (an anonymous ''@'localhost' would shadow a '%' account)
            host = u.substring(u.lastIndexOf('@') + 1);
        }
        ScratchServers.Account account = new ScratchServers.Account(user, password, host,
                ScratchDatabase.Identity.TEMPORARY, null);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE USER '" + user + "'@'" + host.replace("'", "''") + "' IDENTIFIED BY '" + password + "'");
        } catch (SQLException e) {
            ScratchServers.Account caller = ScratchServers.callerAccount(admin,
                    "it may not create users: " + ScratchServers.firstLine(e.getMessage()));
            createDatabase(admin, name, null);
            return caller;
        }
        try (Statement st = c.createStatement()) {
            createDatabase(admin, name, null);
            // '_' is a wildcard in a database-level grant: escape it so the grant names this database only
            st.execute("GRANT ALL PRIVILEGES ON `" + name.replace("_", "\\_") + "`.* TO '" + user + "'@'"
                    + host.replace("'", "''") + "'");
        } catch (SQLException e) {
            ScratchServers.dropQuietly(admin, name, account);
            ScratchServers.Account caller = ScratchServers.callerAccount(admin,
                    "it may not grant privileges: " + ScratchServers.firstLine(e.getMessage()));
            createDatabase(admin, name, null);
            return caller;
        }
        return account;
    }

    /** MySQL has no database owners: {@code owner} is ignored. */
    @Override
    public void createDatabase(DbSession admin, String name, String owner) throws SQLException {
        try (Statement st = admin.connection().createStatement()) {
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
    }

    /** MySQL keeps a dropped user's sessions running: they are ended first. */
    @Override
    public List<String> dropStatements(DbSession admin, String name, ScratchServers.Account account) {
        List<String> steps = new ArrayList<>();
        if (account != null && account.temporary()) {
            killSessions(admin, account.user());
        }
        steps.add("DROP DATABASE IF EXISTS " + name);
        if (account != null && account.temporary()) {
            steps.add("DROP USER IF EXISTS '" + account.user() + "'@'" + account.host().replace("'", "''") + "'");
        }
        return steps;
    }

    @Override
    public String temporaryIdentityNote(String user) {
        return "as temporary user " + user + " with privileges on that database only";
    }

    private static void killSessions(DbSession admin, String user) {
        List<Long> ids = new ArrayList<>();
        try (Statement st = admin.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM information_schema.processlist WHERE user = '" + user + "'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            for (long id : ids) {
                try {
                    st.execute("KILL " + id);
                } catch (SQLException ignored) {
                    // it ended by itself in the meantime
                }
            }
        } catch (SQLException ignored) {
            // DROP USER still runs; a leftover session dies with its connection
        }
    }
}

package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The administrative side of a scratch database on a server: creating the database with its temporary least-privilege
 * identity as the development server's user, and dropping both afterwards. Names and passwords are ours (random hex),
 * so they are safe to splice into statements.
 */
final class ScratchServers {

    /**
     * Who a scratch script connects as.
     *
     * @param user           the user name scripts log in with
     * @param password       its password (null: the caller's own, from the --dev-db URL)
     * @param host           MySQL only: the host part of the temporary account
     * @param identity       temporary or the caller's
     * @param fallbackReason why the caller's identity is used, else null
     */
    record Account(String user, String password, String host, ScratchDatabase.Identity identity,
                   String fallbackReason) {

        /** The scratch database's URL with this account's credentials. */
        DbUrl url(DbUrl scratch) {
            if (identity != ScratchDatabase.Identity.TEMPORARY) {
                return scratch;
            }
            return new DbUrl(scratch.dialect(), scratch.jdbcUrl(), user, password, scratch.host(), scratch.port(),
                    scratch.database(), scratch.original().replaceFirst("://[^@/]*@", "://").replaceFirst("://",
                    "://" + user + ":***@"));
        }

        boolean temporary() {
            return identity == ScratchDatabase.Identity.TEMPORARY;
        }
    }

    private ScratchServers() {
    }

    /** Creates database {@code name} and, when the server's user may, the temporary identity {@code user}. */
    static Account create(DbUrl server, String name, String user, String password) {
        try (DbSession admin = ConnectionFactory.open(server, ConnectionFactory.Access.WRITE)) {
            Account account = server.dialect() == DialectKind.POSTGRES
                    ? createPostgres(admin, name, user, password)
                    : createMysql(admin, name, user, password);
            if (account.temporary()) {
                String refused = loginRefused(account.url(server.withDatabase(name)));
                if (refused != null) {
                    // e.g. pg_hba.conf admits only known users: go on as the caller, and say so
                    dropQuietly(admin, name, account);
                    Account caller = callerAccount(admin, "the server refused the temporary identity's login: "
                            + refused);
                    createDatabase(admin, name, null);
                    return caller;
                }
            }
            return account;
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, Redactor.redact(
                    "cannot create scratch database on " + server.hostPort() + ": " + e.getMessage()), e);
        }
    }

    private static Account createPostgres(DbSession admin, String name, String role, String password)
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
            Account caller = callerAccount(admin, "it may not create roles (no superuser or CREATEROLE)");
            createDatabase(admin, name, null);
            return caller;
        }
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
                dropQuietly(admin, name, new Account(role, password, null, ScratchDatabase.Identity.TEMPORARY, null));
                throw e;
            }
        }
        return new Account(role, password, null, ScratchDatabase.Identity.TEMPORARY, null);
    }

    private static Account createMysql(DbSession admin, String name, String user, String password)
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
        Account account = new Account(user, password, host, ScratchDatabase.Identity.TEMPORARY, null);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE USER '" + user + "'@'" + host.replace("'", "''") + "' IDENTIFIED BY '" + password + "'");
        } catch (SQLException e) {
            Account caller = callerAccount(admin, "it may not create users: " + firstLine(e.getMessage()));
            createDatabase(admin, name, null);
            return caller;
        }
        try (Statement st = c.createStatement()) {
            createDatabase(admin, name, null);
            // '_' is a wildcard in a database-level grant: escape it so the grant names this database only
            st.execute("GRANT ALL PRIVILEGES ON `" + name.replace("_", "\\_") + "`.* TO '" + user + "'@'"
                    + host.replace("'", "''") + "'");
        } catch (SQLException e) {
            dropQuietly(admin, name, account);
            Account caller = callerAccount(admin, "it may not grant privileges: " + firstLine(e.getMessage()));
            createDatabase(admin, name, null);
            return caller;
        }
        return account;
    }

    private static Account callerAccount(DbSession admin, String reason) {
        return new Account(admin.url().user(), null, null, ScratchDatabase.Identity.CALLER, reason);
    }

    private static void createDatabase(DbSession admin, String name, String owner) throws SQLException {
        try (Statement st = admin.connection().createStatement()) {
            if (admin.dialect() == DialectKind.POSTGRES) {
                st.execute("CREATE DATABASE " + name + (owner == null ? "" : " OWNER " + owner) + " TEMPLATE template0");
            } else {
                st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            }
        }
    }

    /** Null when the account can log in to the scratch database, else the driver's first line. */
    private static String loginRefused(DbUrl url) {
        try (DbSession ignored = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE)) {
            return null;
        } catch (DbAgentException e) {
            return e.getMessage();
        }
    }

    /** Drops the database and the temporary identity; warns (never throws) when that fails. */
    static void drop(DbUrl server, String name, Account account) {
        try (DbSession admin = ConnectionFactory.open(server, ConnectionFactory.Access.WRITE)) {
            List<String> problems = dropQuietly(admin, name, account);
            if (!problems.isEmpty()) {
                System.err.println("dbagent: warning: could not remove scratch " + String.join("; ", problems));
            }
        } catch (RuntimeException e) {
            System.err.println("dbagent: warning: could not drop scratch database " + name + ": "
                    + Redactor.redact(String.valueOf(e.getMessage())));
        }
    }

    private static List<String> dropQuietly(DbSession admin, String name, Account account) {
        List<String> problems = new ArrayList<>();
        boolean pg = admin.dialect() == DialectKind.POSTGRES;
        List<String> steps = new ArrayList<>();
        if (pg) {
            if (admin.majorVersion() >= 13) {
                steps.add("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                steps.add("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
                steps.add("DROP DATABASE IF EXISTS " + name);
            }
            if (account != null && account.temporary()) {
                steps.add("DROP ROLE IF EXISTS " + account.user());
            }
        } else {
            if (account != null && account.temporary()) {
                killSessions(admin, account.user());
            }
            steps.add("DROP DATABASE IF EXISTS " + name);
            if (account != null && account.temporary()) {
                steps.add("DROP USER IF EXISTS '" + account.user() + "'@'" + account.host().replace("'", "''") + "'");
            }
        }
        try (Statement st = admin.connection().createStatement()) {
            for (String s : steps) {
                try {
                    st.execute(s);
                } catch (SQLException e) {
                    problems.add(s.split(" IF EXISTS ")[s.contains(" IF EXISTS ") ? 1 : 0] + ": "
                            + Redactor.redact(firstLine(e.getMessage())));
                }
            }
        } catch (SQLException e) {
            problems.add(name + ": " + Redactor.redact(firstLine(e.getMessage())));
        }
        return problems;
    }

    /** MySQL keeps a dropped user's sessions running: end them first. */
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}

package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The administrative side of a scratch database on a server: creating the database with its temporary least-privilege
 * identity as the development server's user, and dropping both afterwards. Names and passwords are ours (random hex),
 * so they are safe to splice into statements. The statements themselves are the engine's {@link ScratchServer}.
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
            ScratchServer engine = server.dialect().connections().scratchServer();
            Account account = engine.create(admin, name, user, password);
            if (account.temporary()) {
                String refused = loginRefused(account.url(server.withDatabase(name)));
                if (refused != null) {
                    // e.g. pg_hba.conf admits only known users: go on as the caller, and say so
                    dropQuietly(admin, name, account);
                    Account caller = callerAccount(admin, "the server refused the temporary identity's login: "
                            + refused);
                    engine.createDatabase(admin, name, null);
                    return caller;
                }
            }
            return account;
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, Redactor.redact(
                    "cannot create scratch database on " + server.hostPort() + ": " + e.getMessage()), e);
        }
    }

    static Account callerAccount(DbSession admin, String reason) {
        return new Account(admin.url().user(), null, null, ScratchDatabase.Identity.CALLER, reason);
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

    static List<String> dropQuietly(DbSession admin, String name, Account account) {
        List<String> problems = new ArrayList<>();
        List<String> steps = admin.dialect().connections().scratchServer().dropStatements(admin, name, account);
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

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}

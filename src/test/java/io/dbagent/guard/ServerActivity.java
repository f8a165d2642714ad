package io.dbagent.guard;

import io.dbagent.jdbc.DbUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Looks at the server from outside, on a connection of its own: which statements of dbagent's are still running in
 * a test database.
 */
public final class ServerActivity {

    private ServerActivity() {
    }

    /** A plain JDBC connection that is not dbagent's (its own application name). */
    public static Connection outside(DbUrl url) throws SQLException {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "dbagent-test-check");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    /**
     * Statements running now in {@code url}'s database on connections other than the checker's: on PostgreSQL those
     * with application_name 'dbagent' (every dbagent session), on MySQL/MariaDB every query in the database.
     */
    public static int running(DbUrl url) throws SQLException {
        return running(url, "%");
    }

    /** Like {@link #running(DbUrl)}, only statements whose text is LIKE {@code like}. */
    public static int running(DbUrl url, String like) throws SQLException {
        try (Connection c = outside(url)) {
            String q = switch (url.dialect()) {
                case POSTGRES -> "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = "
                        + "'dbagent' AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE ?";
                case MYSQL -> "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' "
                        + "AND ID <> CONNECTION_ID() AND INFO LIKE ?";
                case SQLITE -> throw new IllegalArgumentException("SQLite has no server");
            };
            try (PreparedStatement ps = c.prepareStatement(q)) {
                ps.setString(1, url.database());
                ps.setString(2, like);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }
    }

    /** Polls until nothing of dbagent's runs in the database or {@code seconds} passed; returns what still runs. */
    public static int runningAfterWaiting(DbUrl url, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int n = running(url);
        while (n > 0 && System.nanoTime() < end) {
            Thread.sleep(200);
            n = running(url);
        }
        return n;
    }

    /**
     * Polls until a statement of dbagent's whose text is LIKE {@code like} runs in the database (true) or
     * {@code seconds} passed (false).
     */
    public static boolean awaitRunning(DbUrl url, String like, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (running(url, like) > 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}

package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Plain JDBC for the harness's own admin connections: independent of dbagent's connection code. */
final class Admin {

    private Admin() {
    }

    static Connection connect(DbUrl url) {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        try {
            Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("admin connection to " + url.redacted() + " failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row as text; an error becomes a value too, so a dropped table is a difference. */
    static String one(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "(no row)";
        } catch (SQLException e) {
            return "error: " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    /** Runs a statement and fails loudly: used for setup. */
    static void exec(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("setup failed at: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a repair statement; a failure is printed, not thrown (repair does what it can). */
    static void tryExec(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            System.err.println("attack corpus repair: " + sql + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after the fact
            }
        }
    }

    /**
     * A comma-separated set (roles, users, scratch databases) that other tests on the shared server also change: the
     * value to compare with {@code before}. Entries that went away, or that came and went within {@code millis} (another
     * test's scratch role), do not count; entries added that are still there after {@code millis} do.
     */
    static String lasting(String before, Supplier<String> read, long millis) {
        Set<String> old = new TreeSet<>(Arrays.asList(before.split(",")));
        long end = System.currentTimeMillis() + millis;
        while (true) {
            Set<String> added = new TreeSet<>(Arrays.asList(read.get().split(",")));
            added.removeAll(old);
            added.remove("");
            if (added.isEmpty()) {
                return before;
            }
            if (System.currentTimeMillis() >= end) {
                return before + " +" + added;
            }
            pause();
        }
    }

    /** A count of sessions that may take a moment to go away after their client closed them. */
    static String fallsBack(String before, Supplier<String> read, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            String now = read.get();
            try {
                if (Long.parseLong(now) <= Long.parseLong(before)) {
                    return before;
                }
            } catch (NumberFormatException e) {
                return now;
            }
            if (System.currentTimeMillis() >= end) {
                return now;
            }
            pause();
        }
    }

    /** A value that a closing session gives back a moment later (a lock released when the server sees the close). */
    static String settlesBack(String before, Supplier<String> read, long millis) {
        long end = System.currentTimeMillis() + millis;
        String now = read.get();
        while (!now.equals(before) && System.currentTimeMillis() < end) {
            pause();
            now = read.get();
        }
        return now;
    }

    private static void pause() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

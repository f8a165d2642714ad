package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;

import java.sql.Connection;
import java.sql.Statement;

/**
 * A separate session in the live database that runs a long sleep: an attack that terminates or cancels it (or kills
 * its query) ends the sleep, which the harness sees from outside. Replaced by a fresh one before the next attack.
 */
final class Victim {

    private final DbUrl url;
    private final String pidQuery;
    private final String sleep;
    private final String kill;
    private Connection connection;
    private Thread thread;
    private volatile long pid = -1;
    private volatile boolean sleeping;

    /** {@code kill} is a format with the pid, run on a fresh connection to end the victim on the server too. */
    Victim(DbUrl url, String pidQuery, String sleep, String kill) {
        this.url = url;
        this.pidQuery = pidQuery;
        this.sleep = sleep;
        this.kill = kill;
        ensureRunning();
    }

    long pid() {
        return pid;
    }

    /** Starts a new victim unless the current one is still sleeping. */
    synchronized void ensureRunning() {
        // the thread may not have seen its session die yet: the server's view decides
        if (thread != null && thread.isAlive() && sleeping && runningOnServer()) {
            return;
        }
        stop();
        connection = Admin.connect(url);
        pid = Long.parseLong(Admin.one(connection, pidQuery));
        Connection c = connection;
        sleeping = true;
        thread = new Thread(() -> {
            try (Statement st = c.createStatement()) {
                st.execute(sleep);
            } catch (Exception e) {
                // terminated, cancelled or killed: exactly what the harness looks for
            } finally {
                sleeping = false;
            }
        }, "attack-corpus-victim");
        thread.setDaemon(true);
        thread.start();
        // the harness reads the victim's state from the server: wait until the server shows it running
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end && !runningOnServer()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!runningOnServer()) {
            throw new IllegalStateException("the victim session " + pid + " does not show as running on the server");
        }
    }

    private boolean runningOnServer() {
        try (Connection probe = Admin.connect(url)) {
            String q = pidQuery.contains("pg_backend_pid")
                    ? "SELECT state FROM pg_stat_activity WHERE pid = " + pid
                    : "SELECT command FROM information_schema.processlist WHERE id = " + pid + " AND info LIKE 'SELECT SLEEP%'";
            String s = Admin.one(probe, q);
            return s.equals("active") || s.equals("Query");
        } catch (Exception e) {
            return false;
        }
    }

    synchronized void stop() {
        if (connection != null) {
            // a server keeps sleeping after its client went away: end it there first
            try (Connection c = Admin.connect(url)) {
                Admin.tryExec(c, kill.formatted(pid));
            } catch (RuntimeException | java.sql.SQLException ignored) {
                // the live database itself may be gone (an attack dropped it)
            }
            try {
                connection.abort(Runnable::run);
            } catch (Exception ignored) {
                // already gone
            }
            Admin.closeQuietly(connection);
            connection = null;
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}

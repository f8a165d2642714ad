package io.dbagent.health;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway database server of our own, started from the installed server binaries in a temp directory, for the
 * checks whose server-wide settings or counters a shared server cannot give a test: PostgreSQL with
 * pg_stat_statements preloaded, MariaDB with performance_schema ON and status counters that only this test moves.
 * Where the binaries are missing the test is aborted, except in CI, where that is a failure.
 */
final class PrivateServer implements AutoCloseable {

    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final DbUrl server;
    private final Runnable stop;

    private PrivateServer(Path dir, DbUrl server, Runnable stop) {
        this.dir = dir;
        this.server = server;
        this.stop = stop;
    }

    /** The server's URL without a database. */
    DbUrl server() {
        return server;
    }

    static PrivateServer postgres(String... settings) throws Exception {
        require(Files.isExecutable(PG_BIN.resolve("initdb")), "PostgreSQL server binaries in " + PG_BIN);
        Path dir = Files.createTempDirectory("dbagent-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        Path data = dir.resolve("data");
        run(asPostgres(root, PG_BIN.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync"));
        int port = freePort();
        StringBuilder opts = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
        for (String s : settings) {
            opts.append(" -c ").append(s);
        }
        run(asPostgres(root, PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-o", opts.toString(), "-l",
                dir.resolve("log").toString(), "-w", "start"));
        DbUrl url = DbUrlParser.parse("postgres://postgres@127.0.0.1:" + port + "/postgres");
        return new PrivateServer(dir, url, () -> {
            try {
                run(asPostgres(root, PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
            } catch (Exception e) {
                System.err.println("warning: could not stop private PostgreSQL: " + e.getMessage());
            }
        });
    }

    static PrivateServer mariadb(String... options) throws Exception {
        Path daemon = Stream.of("/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/bin/mariadbd").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Path install = Path.of("/usr/bin/mariadb-install-db");
        require(daemon != null && Files.isExecutable(install), "mariadbd and mariadb-install-db");
        Path dir = Files.createTempDirectory("dbagent-maria-");
        String user = System.getProperty("user.name");
        // a test server need not survive a crash: no syncing makes install and start several times faster
        List<String> fast = List.of("--innodb-flush-method=nosync", "--innodb-doublewrite=0",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M",
                "--sync-frm=0");
        List<String> installCmd = new ArrayList<>(List.of(install.toString(), "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--user=" + user, "--auth-root-authentication-method=normal",
                "--skip-test-db"));
        installCmd.addAll(fast);
        run(installCmd);
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(daemon.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--user=" + user, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
                "--pid-file=" + dir.resolve("pid"), "--skip-log-bin", "--skip-name-resolve"));
        cmd.addAll(fast);
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        DbUrl url = DbUrlParser.parse("mysql://root@127.0.0.1:" + port + "/");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), "root", "")) {
                break;
            } catch (Exception e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("private MariaDB did not start: " + Files.readString(dir.resolve("log")));
                }
                Thread.sleep(100);
            }
        }
        return new PrivateServer(dir, url, () -> {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * A PgBouncer on a free port in front of the local PostgreSQL (trust), with the given {@code [databases]} lines
     * and {@code [pgbouncer]} settings; user postgres is its admin. Run as postgres when we are root (it refuses root).
     */
    static PrivateServer pgbouncer(List<String> databases, String... settings) throws Exception {
        Path bin = Stream.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        require(bin != null, "the pgbouncer binary (apt-get install pgbouncer)");
        Path dir = Files.createTempDirectory("dbagent-pgbouncer-");
        boolean root = "root".equals(System.getProperty("user.name"));
        int port = freePort();
        StringBuilder ini = new StringBuilder("[databases]\n");
        databases.forEach(d -> ini.append(d).append('\n'));
        ini.append("[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = ").append(port)
                .append("\nunix_socket_dir =\nauth_type = trust\nauth_file = ").append(dir.resolve("users.txt"))
                .append("\nadmin_users = postgres\nlogfile = ").append(dir.resolve("log"))
                .append("\npidfile = ").append(dir.resolve("pid")).append('\n');
        for (String s : settings) {
            ini.append(s).append('\n');
        }
        Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
        Files.writeString(dir.resolve("pgbouncer.ini"), ini);
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        run(asPostgres(root, bin.toString(), "-d", dir.resolve("pgbouncer.ini").toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pgbouncer did not start: " + Files.readString(dir.resolve("log")));
                }
                Thread.sleep(50);
            }
        }
        DbUrl url = DbUrlParser.parse("postgres://postgres@127.0.0.1:" + port + "/pgbouncer");
        return new PrivateServer(dir, url, () -> {
            try {
                String pid = Files.readString(dir.resolve("pid")).trim();
                run(List.of("kill", "-TERM", pid));  // immediate shutdown: no waiting for clients
            } catch (Exception e) {
                System.err.println("warning: could not stop private pgbouncer: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        stop.run();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static void require(boolean present, String what) {
        if (!present) {
            if ("1".equals(System.getenv("DBAGENT_TEST_REQUIRE_SERVICES")) || "true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("this test needs " + what + " and CI forbids skipping it");
            }
            Assumptions.abort("needs " + what);
        }
    }

    private static List<String> asPostgres(boolean root, String... cmd) {
        List<String> l = new ArrayList<>();
        if (root) {
            l.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        l.addAll(List.of(cmd));
        return l;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

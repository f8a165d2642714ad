package io.dbagent.testsupport;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;

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
 * pg_stat_statements preloaded or WAL archiving (restarted, recovered), MariaDB with performance_schema ON and status
 * counters that only this test moves, a PgBouncer. This is the only throwaway-cluster helper of the test suite.
 * Where the binaries are missing the test is skipped, except in CI, where that is a failure ({@link Requirements}).
 */
public final class PrivateServer implements AutoCloseable {

    public static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** Removed on close; null where the caller owns the folder. */
    private final Path dir;
    private final DbUrl server;
    private final Runnable stop;
    /** PostgreSQL only: the data directory, the socket directory and the -c settings it starts with. */
    private final Path pgdata;
    private final Path socketDir;
    private final List<String> settings;

    private PrivateServer(Path dir, DbUrl server, Runnable stop) {
        this(dir, server, stop, null, null, List.of());
    }

    private PrivateServer(Path dir, DbUrl server, Runnable stop, Path pgdata, Path socketDir, List<String> settings) {
        this.dir = dir;
        this.server = server;
        this.stop = stop;
        this.pgdata = pgdata;
        this.socketDir = socketDir;
        this.settings = settings;
    }

    /** The server's URL without a database (PostgreSQL: database postgres). */
    public DbUrl server() {
        return server;
    }

    /** A started PostgreSQL 15 with the given {@code -c} settings, in a temp folder removed on close. */
    public static PrivateServer postgres(String... settings) throws Exception {
        Path dir = postgresOwnedDir("dbagent-pg-");
        PrivateServer pg = initdb(dir, "data", dir, settings);
        pg.start();
        return pg;
    }

    /**
     * A new PostgreSQL 15 cluster made by initdb in {@code parent/name}, not started; the caller owns
     * {@code parent} (made with {@link #postgresOwnedDir}) and removes it, {@link #close()} only stops the server.
     */
    public static PrivateServer postgresCluster(Path parent, String name, String... settings) throws Exception {
        requirePostgresBinaries();
        return initdb(null, name, parent, settings);
    }

    private static PrivateServer initdb(Path owned, String name, Path parent, String... settings)
            throws Exception {
        Path data = parent.resolve(name);
        run(asPostgres(PG_BIN.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "--no-sync", "--no-instructions"));
        return onData(owned, data, parent, settings);
    }

    /** An existing PostgreSQL data directory (a restored copy, owned by postgres), not started. */
    public static PrivateServer postgresData(Path pgdata, Path socketDir) throws Exception {
        requirePostgresBinaries();
        return onData(null, pgdata, socketDir);
    }

    private static PrivateServer onData(Path owned, Path data, Path socketDir, String... settings) throws IOException {
        DbUrl url = DbUrlParser.parse("postgres://postgres@127.0.0.1:" + freePort() + "/postgres");
        return new PrivateServer(owned, url, () -> {
            try {
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    run(asPostgres(PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                            "stop"));
                }
            } catch (Exception e) {
                System.err.println("warning: could not stop private PostgreSQL: " + e.getMessage());
            }
        }, data, socketDir, List.of(settings));
    }

    /** A folder owned by the postgres user (when we are root), for data directories and WAL archives. */
    public static Path postgresOwnedDir(String prefix) throws Exception {
        requirePostgresBinaries();
        Path d = Files.createTempDirectory(prefix);
        if (ROOT) {
            run(List.of("chown", "postgres:postgres", d.toString()));
        }
        return d;
    }

    private static void requirePostgresBinaries() {
        Requirements.require(Files.isExecutable(PG_BIN.resolve("initdb")), "PostgreSQL 15 server binaries in " + PG_BIN);
        Requirements.require(!ROOT || Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")), "runuser, to run initdb as postgres when root");
    }

    /** PostgreSQL: starts the server and waits until it accepts connections. */
    public void start() throws Exception {
        StringBuilder opts = new StringBuilder("-p " + server.port() + " -k " + socketDir
                + " -c listen_addresses=127.0.0.1 -c fsync=off");
        for (String s : settings) {
            opts.append(" -c ").append(s);
        }
        run(asPostgres(PG_BIN.resolve("pg_ctl").toString(), "-D", pgdata().toString(), "-w", "-t", "60", "-o",
                opts.toString(), "-l", logFile().toString(), "start"));
    }

    /** PostgreSQL: a clean (fast) shutdown, so that the next start needs no crash recovery. */
    public void stop() throws Exception {
        if (Files.exists(pgdata().resolve("postmaster.pid"))) {
            run(asPostgres(PG_BIN.resolve("pg_ctl").toString(), "-D", pgdata.toString(), "-w", "-m", "fast", "stop"));
        }
    }

    public void restart() throws Exception {
        stop();
        start();
    }

    /** PostgreSQL: the data directory. */
    public Path pgdata() {
        if (pgdata == null) {
            throw new IllegalStateException("not a PostgreSQL server");
        }
        return pgdata;
    }

    /** PostgreSQL: a writable session on database postgres. */
    public DbSession session() {
        return ConnectionFactory.open(server, ConnectionFactory.Access.WRITE);
    }

    /** PostgreSQL: the server log so far. */
    public String log() throws IOException {
        Path log = logFile();
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private Path logFile() {
        return pgdata().resolveSibling(pgdata.getFileName() + ".log");
    }

    public static PrivateServer mariadb(String... options) throws Exception {
        Path daemon = Stream.of("/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/bin/mariadbd").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Path install = Path.of("/usr/bin/mariadb-install-db");
        Requirements.require(daemon != null && Files.isExecutable(install), "mariadbd and mariadb-install-db");
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
    public static PrivateServer pgbouncer(List<String> databases, String... settings) throws Exception {
        Path bin = Stream.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Requirements.require(bin != null, "the pgbouncer binary (apt-get install pgbouncer)");
        Path dir = Files.createTempDirectory("dbagent-pgbouncer-");
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
        if (ROOT) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        run(asPostgres(bin.toString(), "-d", dir.resolve("pgbouncer.ini").toString()));
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
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static List<String> asPostgres(String... cmd) {
        List<String> l = new ArrayList<>();
        if (ROOT) {
            l.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        l.addAll(List.of(cmd));
        return l;
    }

    /** Runs a command to its end; fails with its output when it exits non-zero or takes over 60 s. */
    public static void run(List<String> cmd) throws Exception {
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

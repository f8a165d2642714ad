package io.dbagent.backup;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL cluster of its own in a temp folder, made with the server's initdb and pg_ctl run as the postgres
 * operating-system user (initdb refuses root), on a free port, for tests that restart or recover a server.
 */
final class ThrowawayCluster implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    final Path pgdata;
    final Path socketDir;
    final int port;

    private ThrowawayCluster(Path pgdata, Path socketDir, int port) {
        this.pgdata = pgdata;
        this.socketDir = socketDir;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(Path.of("/sbin/runuser"));
    }

    /** A folder owned by postgres, for data directories and archives. */
    static Path postgresOwnedDir(String prefix) throws Exception {
        Path d = Files.createTempDirectory(prefix);
        run("chown", "postgres:postgres", d.toString());
        return d;
    }

    static ThrowawayCluster init(Path parent, String name) throws Exception {
        Path pgdata = parent.resolve(name);
        asPostgres(BIN.resolve("initdb").toString(), "-D", pgdata.toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "--no-instructions");
        return new ThrowawayCluster(pgdata, parent, freePort());
    }

    /** Wraps an existing data directory (a restored one). */
    static ThrowawayCluster existing(Path pgdata, Path socketDir) throws Exception {
        return new ThrowawayCluster(pgdata, socketDir, freePort());
    }

    void start() throws Exception {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", pgdata.toString(), "-w", "-t", "60", "-l",
                pgdata.resolveSibling(pgdata.getFileName() + ".log").toString(), "-o",
                "-p " + port + " -k " + socketDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    void restart() throws Exception {
        stop();
        start();
    }

    void stop() throws Exception {
        if (Files.exists(pgdata.resolve("postmaster.pid"))) {
            asPostgres(BIN.resolve("pg_ctl").toString(), "-D", pgdata.toString(), "-w", "-m", "fast", "stop");
        }
    }

    DbUrl url() {
        return DbUrlParser.parse("postgres://postgres@127.0.0.1:" + port + "/postgres");
    }

    DbSession session() {
        return ConnectionFactory.open(url(), ConnectionFactory.Access.WRITE);
    }

    String log() throws IOException {
        Path log = pgdata.resolveSibling(pgdata.getFileName() + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static void asPostgres(String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        full.addAll(List.of(cmd));
        run(full.toArray(String[]::new));
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

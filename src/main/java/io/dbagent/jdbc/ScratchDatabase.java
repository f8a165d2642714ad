package io.dbagent.jdbc;

import io.dbagent.DbAgentException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A throw-away database for untrusted scripts (diff inputs, proposed changes, migration tests, backups being
 * verified), reached only through a least-privilege identity:
 * <ul>
 *   <li>PostgreSQL: a database {@code dbagent_scratch_<random>} created from {@code template0} and owned by a
 *   temporary login role of the same name (no superuser, CREATEDB, CREATEROLE, replication, BYPASSRLS, no
 *   membership in any role), CONNECT revoked from PUBLIC;</li>
 *   <li>MySQL/MariaDB: a database of that name and a temporary user {@code dbagent_s_<random>} with ALL on that
 *   database only (no global privilege: no FILE, SUPER, PROCESS, CREATE USER);</li>
 *   <li>SQLite: a file in a private (0700) temporary directory, opened with ATTACH disabled
 *   ({@code SQLITE_LIMIT_ATTACHED} 0) and extension loading off.</li>
 * </ul>
 * The script connects as that identity (never through SET ROLE, which a script could undo). When the development
 * server's user may not create roles/users, the caller's own identity is used and {@link #note()} says so.
 * {@link #close()} drops the database and the identity; a shutdown hook does it for those still open when the
 * process is interrupted.
 */
public final class ScratchDatabase implements AutoCloseable {

    /** Who an untrusted script runs as. */
    public enum Identity {
        /** A temporary role/user that owns (PostgreSQL) or has privileges on (MySQL) the scratch database only. */
        TEMPORARY,
        /** The development server's own user: the temporary identity could not be made (see the note). */
        CALLER,
        /** SQLite: a private file; there are no users. */
        PRIVATE_FILE
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<ScratchDatabase> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(ScratchDatabase::close),
                "dbagent-drop-scratch"));
    }

    private final DbUrl url;
    private final DbUrl server;
    private final Path tempDir;
    private final ScratchServers.Account account;
    private final String note;
    private volatile boolean closed;

    private ScratchDatabase(DbUrl url, DbUrl server, Path tempDir, ScratchServers.Account account, String note) {
        this.url = url;
        this.server = server;
        this.tempDir = tempDir;
        this.account = account;
        this.note = note;
    }

    /**
     * The development server for scratch databases: the {@code --dev-db} option, else {@code DBAGENT_DEV_DB}; null
     * when neither is set (SQLite needs none).
     */
    public static DbUrl devServer(String option, Map<String, String> env) {
        String text = option != null && !option.isBlank() ? option : env.get("DBAGENT_DEV_DB");
        return text == null || text.isBlank() ? null : DbUrlParser.parse(text);
    }

    /** A new private SQLite database file (deleted on close). */
    public static ScratchDatabase sqlite() {
        try {
            Path dir = Files.createTempDirectory("dbagent-scratch-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ScratchDatabase s = new ScratchDatabase(DbUrlParser.parse("sqlite:" + dir.resolve("scratch.db")), null, dir,
                    null, "a private temporary SQLite file, ATTACH and extensions disabled, deleted afterwards");
            OPEN.add(s);
            ScratchNotes.add(s.note);
            return s;
        } catch (IOException | UnsupportedOperationException e) {
            throw DbAgentException.badInput("cannot create a temporary SQLite database: " + e.getMessage());
        }
    }

    /** {@link #create(DialectKind, DbUrl, DbUrl)} without a live database to compare servers with. */
    public static ScratchDatabase create(DialectKind dialect, DbUrl devServer) {
        return create(dialect, devServer, null);
    }

    /**
     * A scratch database of the given dialect. SQLite needs nothing; PostgreSQL and MySQL need {@code devServer}, a
     * URL of a server where the user may create databases (and, for the least-privilege identity, roles/users).
     *
     * @param live the database the work is about, when there is one: the note says when the scratch database is on
     *             the same server
     */
    public static ScratchDatabase create(DialectKind dialect, DbUrl devServer, DbUrl live) {
        if (dialect.connections().embedded()) {
            return sqlite();
        }
        if (devServer == null) {
            throw DbAgentException.badInput("a " + dialect + " scratch database needs a development server: pass --dev-db URL "
                    + "or set DBAGENT_DEV_DB (a server where dbagent may create and drop a temporary database)");
        }
        if (devServer.dialect() != dialect) {
            throw DbAgentException.badInput("--dev-db is " + devServer.dialect() + " but a " + dialect + " database is needed");
        }
        String suffix = randomHex(5);
        String name = "dbagent_scratch_" + suffix;
        ScratchServer engine = dialect.connections().scratchServer();
        ScratchServers.Account account = ScratchServers.create(devServer, name, engine.userName(name, suffix),
                randomHex(16));
        DbUrl url = account.url(devServer.withDatabase(name));
        String where = "database " + name + " on " + devServer.hostPort()
                + (sameServer(devServer, live) ? " (the same server as the live database"
                + (live.database() == null ? "" : " " + live.database()) + ")" : "");
        String who = account.identity() == Identity.TEMPORARY
                ? engine.temporaryIdentityNote(account.user())
                : "as the --dev-db user " + account.user() + " (" + account.fallbackReason()
                        + "): only the statement allow list guards it";
        ScratchDatabase s = new ScratchDatabase(url, devServer, null, account, where + ", " + who + ", dropped afterwards");
        OPEN.add(s);
        ScratchNotes.add(s.note);
        return s;
    }

    /** The scratch database, with the scratch identity's credentials (for engine tools such as pg_restore). */
    public DbUrl url() {
        return url;
    }

    /** Who scripts on this database run as. */
    public Identity identity() {
        return account == null ? Identity.PRIVATE_FILE : account.identity();
    }

    /**
     * One line for the command's output: where the scratch database is (and whether that is the live database's
     * server) and which identity scripts run as, e.g. {@code database dbagent_scratch_ab12 on 127.0.0.1:5432 (the
     * same server as the live database shop), as temporary role dbagent_scratch_ab12 without superuser, dropped
     * afterwards}.
     */
    public String note() {
        return note;
    }

    /** A writable session on the scratch database, as the scratch identity. */
    public DbSession openWritable() {
        DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE);
        try {
            url.dialect().connections().lockDownScratch(s);
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw new DbAgentException(DbAgentException.Code.DATABASE,
                    "cannot restrict the scratch database: " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        if (server != null) {
            ScratchServers.drop(server, url.database(), account);
        }
        if (tempDir != null) {
            try (var files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover file in a private temp directory is harmless
            }
        }
    }

    /** True when both URLs reach the same server: same engine and port, hosts that resolve to the same address. */
    public static boolean sameServer(DbUrl a, DbUrl b) {
        if (a == null || b == null || a.dialect() != b.dialect() || a.host() == null || b.host() == null
                || a.port() != b.port()) {
            return false;
        }
        if (a.host().equalsIgnoreCase(b.host())) {
            return true;
        }
        try {
            InetAddress x = InetAddress.getByName(a.host());
            InetAddress y = InetAddress.getByName(b.host());
            return x.equals(y) || x.isLoopbackAddress() && y.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

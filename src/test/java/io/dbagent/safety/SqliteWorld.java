package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * SQLite: a live database file with known rows and a second live file beside it (what {@code ATTACH} attacks aim
 * at). There is no server, so no roles or backends: the checks are rows, schema and persistent pragmas, a write lock
 * anyone still holds, and the files in the live directory.
 */
final class SqliteWorld implements World {

    private final Path dir;
    private final Path liveFile;
    private final Path otherFile;
    private final DbUrl live;
    private Connection adminLive;
    private Connection adminOther;

    SqliteWorld() {
        try {
            dir = Files.createTempDirectory("dbagent-atk-sqlite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        liveFile = dir.resolve("live.db");
        otherFile = dir.resolve("other.db");
        live = DbUrlParser.parse("sqlite:" + liveFile);
        fill();
    }

    private void fill() {
        adminLive = open(liveFile);
        adminOther = open(otherFile);
        for (Connection c : List.of(adminLive, adminOther)) {
            Admin.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            Admin.exec(c, "INSERT INTO t VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')");
        }
    }

    private static Connection open(Path file) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            Admin.exec(c, "PRAGMA busy_timeout = 0");
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public DialectKind kind() {
        return DialectKind.SQLITE;
    }

    @Override
    public DbUrl live() {
        return live;
    }

    @Override
    public String liveUrlText() {
        return "sqlite:" + liveFile;
    }

    @Override
    public String serverUrlText() {
        return null;
    }

    @Override
    public Map<String, String> placeholders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("live_file", liveFile.toString());
        m.put("other_file", otherFile.toString());
        m.put("live_dir", dir.toString());
        m.put("live_db", liveFile.toString());
        return m;
    }

    @Override
    public LinkedHashMap<String, String> snapshot() {
        LinkedHashMap<String, String> s = new LinkedHashMap<>();
        s.put("live.rows", rows(adminLive));
        s.put("other.rows", rows(adminOther));
        s.put("live.schema", schema(adminLive));
        s.put("other.schema", schema(adminOther));
        s.put("live.write_lock", lock(adminLive));
        s.put("other.write_lock", lock(adminOther));
        s.put("live_dir.files", files());
        return s;
    }

    @Override
    public List<String> differences(Map<String, String> before) {
        return World.diff(before, snapshot());
    }

    private static String rows(Connection c) {
        return Admin.one(c, "SELECT count(*) || ' rows ' || coalesce(group_concat(id || ':' || name, ','), '-') "
                + "FROM (SELECT id, name FROM t ORDER BY id)");
    }

    private static String schema(Connection c) {
        return Admin.one(c, "SELECT group_concat(type || ':' || name || ':' || coalesce(sql, ''), '|') FROM sqlite_master")
                + " user_version:" + Admin.one(c, "PRAGMA user_version")
                + " application_id:" + Admin.one(c, "PRAGMA application_id")
                + " journal_mode:" + Admin.one(c, "PRAGMA journal_mode");
    }

    /** Whether some other connection still holds (or waits to take) the database's write lock. */
    private static String lock(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("ROLLBACK");
            return "free";
        } catch (SQLException e) {
            return "locked: " + e.getMessage();
        }
    }

    private String files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith("-journal") && !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().collect(Collectors.joining(","));
        } catch (IOException e) {
            return "error: " + e.getMessage();
        }
    }

    @Override
    public void repair(Map<String, String> before, List<String> problems) {
        Admin.closeQuietly(adminLive);
        Admin.closeQuietly(adminOther);
        deleteContents();
        fill();
    }

    private void deleteContents() {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Admin.closeQuietly(adminLive);
        Admin.closeQuietly(adminOther);
        deleteContents();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("attack corpus: could not remove " + dir + ": " + e.getMessage());
        }
    }
}

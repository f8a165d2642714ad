package io.dbagent.dialect.mysql;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupManifest;
import io.dbagent.backup.ProcessRunner;
import io.dbagent.backup.RestoreFailedException;
import io.dbagent.backup.TableChecksums;
import io.dbagent.backup.ToolLocator;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL/MariaDB: {@code mariadb-dump}/{@code mysqldump --single-transaction --routines --triggers --events} and the
 * {@code mariadb}/{@code mysql} client. The server cannot share a snapshot with another connection, so the checksum
 * pass runs in a consistent snapshot taken just before the dump starts and again in one taken after it ends: a table
 * whose sums agree could not have changed while the dump read it, so its numbers are exact; a table that differs was
 * written during the dump and is marked {@code consistent: false}. Credentials go in a 0600 option file passed with
 * {@code --defaults-extra-file}, deleted afterwards.
 */
final class MysqlBackupEngine implements BackupEngine {

    static final String CHECKSUM_SESSION = "SET time_zone = '+00:00'";
    static final String START_SNAPSHOT = "START TRANSACTION WITH CONSISTENT SNAPSHOT";
    static final String LOG_BIN = "SELECT @@log_bin";
    /** MariaDB: the binary log position that matches this connection's consistent snapshot. */
    static final String BINLOG_SNAPSHOT = "SHOW STATUS LIKE 'binlog_snapshot_%'";
    static final String USER_OBJECTS = """
            SELECT (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE())
                 + (SELECT count(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE())
                 + (SELECT count(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE())
            """;

    static final String DUMP_FILE = "dump.sql";
    /** mariadb-dump and mysqldump end every complete dump with this comment; a truncated file lacks it. */
    static final String TRAILER = "-- Dump completed";
    private static final Duration TIMEOUT = Duration.ofHours(24);

    private final ToolLocator tools;

    MysqlBackupEngine(ToolLocator tools) {
        this.tools = tools;
    }

    @Override
    public void checkSource(DbUrl source, boolean verify, DbUrl devDb) {
        BackupEngine.super.checkSource(source, verify, devDb);
        if (source.database() == null) {
            throw DbAgentException.badInput("name the database to back up in the URL: mysql://host:3306/DATABASE");
        }
    }

    @Override
    public DumpOutcome dump(DbSession session, Schema schema, Path folder) {
        ToolLocator.Tool tool = session.isMariaDb() ? tools.mysql("mariadb-dump", "mysqldump")
                : tools.mysql("mysqldump", "mariadb-dump");
        Connection c = session.connection();
        Path dump = folder.resolve(DUMP_FILE);
        Path options = optionFile(session.url());
        try {
            BackupManifest.BinlogPosition binlog = startSnapshot(session);
            List<String> cmd = List.of(tool.path().toString(), "--defaults-extra-file=" + options,
                    "--single-transaction", "--routines", "--triggers", "--events", "--hex-blob", "--no-tablespaces",
                    "--default-character-set=utf8mb4", "--result-file=" + dump, session.url().database());
            ProcessRunner.Running running = ProcessRunner.start(cmd, Map.of(), null, null);
            List<TableChecksums.TableSum> before = running.alongside(
                    () -> TableChecksums.compute(c, DialectKind.MYSQL, schema.tables(), running::failed));
            ProcessRunner.Result r = running.await(TIMEOUT);
            c.rollback();
            if (!r.ok()) {
                throw new DbAgentException(DbAgentException.Code.DATABASE,
                        tool.name() + " failed (exit " + r.exitCode() + "): " + r.errorLines(2));
            }
            if (!complete(dump)) {
                throw new DbAgentException(DbAgentException.Code.DATABASE, tool.name() + " exited 0 but "
                        + DUMP_FILE + " does not end with '" + TRAILER + "': the dump is incomplete");
            }
            List<TableChecksums.TableSum> after;
            try (DbSession second = ConnectionFactory.open(session.url())) {
                startSnapshot(second);
                after = TableChecksums.compute(second.connection(), DialectKind.MYSQL, schema.tables(), () -> false);
                second.connection().rollback();
            }
            List<BackupManifest.TableEntry> tables = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            for (TableChecksums.TableSum b : before) {
                boolean same = after.stream().anyMatch(a -> a.table().equals(b.table()) && a.rows() == b.rows()
                        && a.checksum().equals(b.checksum()));
                tables.add(new BackupManifest.TableEntry(b.table(), b.rows(), b.checksum(), same));
                if (!same) {
                    changed.add(b.table());
                }
            }
            List<String> notes = changed.isEmpty() ? List.of() : List.of("tables written while the dump ran (their "
                    + "counts and checksums are from just before it and are not compared by verify): "
                    + String.join(", ", changed));
            return new DumpOutcome(DUMP_FILE, tool.name() + " SQL (--single-transaction --routines --triggers --events)",
                    new BackupManifest.ToolInfo(tool.name(), tool.version(), tool.major()), tables, binlog, notes);
        } catch (SQLException e) {
            throw Sql.failure("cannot open a consistent snapshot for the backup", e);
        } finally {
            deleteQuietly(options);
        }
    }

    /** Opens a consistent-snapshot transaction for the checksum pass; returns MariaDB's binlog position for it. */
    private static BackupManifest.BinlogPosition startSnapshot(DbSession s) throws SQLException {
        Connection c = s.connection();
        try (Statement st = c.createStatement()) {
            st.execute(CHECKSUM_SESSION);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            st.execute(START_SNAPSHOT);
        }
        if (!s.isMariaDb() || !Sql.query(c, LOG_BIN, rs -> rs.getInt(1) == 1).get(0)) {
            return null;
        }
        Map<String, String> status = new HashMap<>();
        Sql.query(c, BINLOG_SNAPSHOT, rs -> status.put(rs.getString(1), rs.getString(2)));
        String file = status.get("Binlog_snapshot_file");
        String pos = status.get("Binlog_snapshot_position");
        return file == null || file.isEmpty() || pos == null ? null
                : new BackupManifest.BinlogPosition(file, Long.parseLong(pos));
    }

    @Override
    public void restore(BackupManifest manifest, Path folder, DbUrl target, boolean replace) {
        Path dump = folder.resolve(manifest.dumpFile());
        if (!complete(dump)) {
            throw new RestoreFailedException(manifest.dumpFile() + " is incomplete: it does not end with the dump "
                    + "tool's '" + TRAILER + "' line (truncated?)");
        }
        boolean maria;
        try (DbSession s = ConnectionFactory.open(target)) {
            maria = s.isMariaDb();
        }
        ToolLocator.Tool client = maria ? tools.mysql("mariadb", "mysql") : tools.mysql("mysql", "mariadb");
        Path options = optionFile(target);
        try {
            List<String> cmd = List.of(client.path().toString(), "--defaults-extra-file=" + options, "--batch",
                    "--binary-mode", "--database=" + target.database());
            ProcessRunner.Result r = ProcessRunner.run(cmd, Map.of(), dump, null, TIMEOUT);
            if (!r.ok()) {
                throw new RestoreFailedException(client.name() + " could not load " + manifest.dumpFile() + " (exit "
                        + r.exitCode() + "): " + r.errorLines(2));
            }
        } finally {
            deleteQuietly(options);
        }
    }

    @Override
    public void prepareChecksumSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(CHECKSUM_SESSION);
        }
    }

    @Override
    public String userObjectsQuery() {
        return USER_OBJECTS;
    }

    static boolean complete(Path dump) {
        try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 512);
            byte[] tail = new byte[n];
            f.seek(len - n);
            f.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8).contains(TRAILER);
        } catch (IOException e) {
            return false;
        }
    }

    /** A {@code [client]} option file readable only by us: the password never reaches a command line. */
    static Path optionFile(DbUrl url) {
        try {
            Path f = Files.createTempFile("dbagent-my-", ".cnf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder sb = new StringBuilder("[client]\n");
            sb.append("host=").append(quote(url.host())).append('\n');
            sb.append("port=").append(url.port()).append('\n');
            sb.append("protocol=TCP\n");
            if (url.user() != null) {
                sb.append("user=").append(quote(url.user())).append('\n');
            }
            if (url.password() != null) {
                sb.append("password=").append(quote(url.password())).append('\n');
            }
            Files.writeString(f, sb.toString());
            return f;
        } catch (IOException e) {
            throw new DbAgentException(DbAgentException.Code.BAD_INPUT,
                    "cannot write the temporary client option file: " + e.getMessage());
        }
    }

    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a 0600 temp file in our own temp folder
        }
    }

    /** Connector/J streams row by row only with this fetch size. */
    @Override
    public int streamingFetchSize() {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean bitIsBinary() {
        return true;
    }

    @Override
    public String checksumTable(io.dbagent.schema.Table t) {
        return DialectKind.MYSQL.quote(t.name());
    }

    @Override
    public boolean restoreNeedsDatabase() {
        return true;
    }

    @Override
    public boolean dumpNamesDefiners() {
        return true;
    }

    @Override
    public String walPitrUnsupported() {
        return "backup pitr setup/restore drive PostgreSQL WAL archiving; on MySQL/MariaDB point-in-time "
                + "recovery replays the binary log on top of a full backup: enable log_bin (binlog_format=ROW) "
                + "in the server config, then use 'dbagent backup pitr binlog-script' after a restore "
                + "(see docs/backups.md)";
    }

    @Override
    public String binlogReplayScript(Path backupFolder, DbUrl target, String targetTime, Path binlogDir) {
        return MysqlBinlogPitr.script(backupFolder, target, targetTime, binlogDir);
    }

    @Override
    public boolean replaysBinlog() {
        return true;
    }

    /** Whether the binary log is on. */
    @Override
    public String pitrState(DbSession s) {
        boolean on = Sql.query(s.connection(), LOG_BIN, rs -> rs.getInt(1) == 1).get(0);
        return on ? "binary log on: replay with dbagent backup pitr binlog-script"
                : "none: log_bin is off, so the recovery point is the last backup";
    }

    @Override
    public String createDatabaseCommand(DbUrl url, String newDb) {
        return "mariadb -h " + url.host() + " -P " + url.port() + " -u " + url.user() + " -p -e 'CREATE DATABASE "
                + newDb + " CHARACTER SET utf8mb4'";
    }

    @Override
    public String manualRestoreCommand(String newDb, String folder) {
        return "`mariadb " + newDb + " < " + folder + "/" + DUMP_FILE + "`";
    }

    @Override
    public String devServerExample() {
        return "mysql://USER:PASSWORD@DEV-HOST:3306/";
    }
}

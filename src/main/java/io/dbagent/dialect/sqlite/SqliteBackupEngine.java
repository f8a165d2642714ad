package io.dbagent.dialect.sqlite;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupManifest;
import io.dbagent.backup.RestoreFailedException;
import io.dbagent.backup.TableChecksums;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.sqlite.SQLiteConnection;

/**
 * SQLite: the online backup API ({@code sqlite3_backup_*} through sqlite-jdbc). The copy runs on the source connection
 * inside a read transaction that also serves the checksum pass, so copy and checksums see one snapshot while other
 * connections keep writing (WAL mode) or wait for it (rollback journal). Restore uses the same API in reverse, which
 * takes SQLite's locks instead of replacing the file under a running application.
 */
final class SqliteBackupEngine implements BackupEngine {

    static final String USER_OBJECTS = "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'";
    static final String INTEGRITY_CHECK = "PRAGMA integrity_check";
    /** The copy keeps the source's WAL flag; a standalone backup file should open without -wal/-shm files. */
    static final String ROLLBACK_JOURNAL = "PRAGMA journal_mode = DELETE";
    static final String START_READ = "SELECT count(*) FROM sqlite_master";
    static final String DUMP_FILE = "database.sqlite3";

    /** A file copy through the driver: nothing to verify on a server, but nothing to copy in memory either. */
    @Override
    public void checkSource(DbUrl source, boolean verify, DbUrl devDb) {
        if (source.inMemory()) {
            throw DbAgentException.badInput("an in-memory SQLite database has nothing to back up");
        }
    }

    /** The file name without its extension ({@code shop.db} → {@code shop}). */
    @Override
    public String databaseName(DbUrl url) {
        String name = Path.of(url.database()).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The path made absolute, so the manifest says which file even when read elsewhere. */
    @Override
    public String sourceName(DbUrl url) {
        return "sqlite:" + Path.of(url.database()).toAbsolutePath().normalize();
    }

    @Override
    public String userObjectsQuery() {
        return USER_OBJECTS;
    }

    @Override
    public DumpOutcome dump(DbSession session, Schema schema, Path folder) {
        Connection c = session.connection();
        Path dest = folder.resolve(DUMP_FILE);
        try {
            c.setAutoCommit(false);
            Sql.query(c, START_READ, rs -> rs.getLong(1));
            int rc = c.unwrap(SQLiteConnection.class).getDatabase().backup("main", dest.toString(), null, 100, 3, -1);
            if (rc != 0) {
                throw new DbAgentException(DbAgentException.Code.DATABASE,
                        "SQLite online backup to " + dest + " failed: " + resultCode(rc));
            }
            List<TableChecksums.TableSum> sums = TableChecksums.compute(c, DialectKind.SQLITE, schema.tables(),
                    () -> false);
            c.rollback();
            try (DbSession copy = ConnectionFactory.open(DbUrlParser.parse("sqlite:" + dest),
                    ConnectionFactory.Access.WRITE); Statement st = copy.connection().createStatement()) {
                st.execute(ROLLBACK_JOURNAL);
            }
            return new DumpOutcome(DUMP_FILE, "SQLite database file (online backup API)",
                    new BackupManifest.ToolInfo("sqlite3_backup", session.version(), session.majorVersion()),
                    sums.stream().map(s -> new BackupManifest.TableEntry(s.table(), s.rows(), s.checksum(), true))
                            .toList(), null, List.of());
        } catch (SQLException e) {
            throw Sql.failure("SQLite online backup failed", e);
        } finally {
            TableChecksums.endSnapshot(c);
        }
    }

    @Override
    public void restore(BackupManifest manifest, Path folder, DbUrl target, boolean replace) {
        Path source = folder.resolve(manifest.dumpFile());
        checkIntegrity(source);
        try (DbSession s = ConnectionFactory.open(target, ConnectionFactory.Access.WRITE_CREATE)) {
            int rc = s.connection().unwrap(SQLiteConnection.class).getDatabase()
                    .restore("main", source.toString(), null, 200, 50, -1);
            if (rc != 0) {
                throw new RestoreFailedException("SQLite restore from " + manifest.dumpFile() + " failed: "
                        + resultCode(rc));
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("SQLite restore from " + manifest.dumpFile() + " failed: "
                    + e.getMessage());
        }
    }

    /** Opens the backup file read-only and runs {@code PRAGMA integrity_check} before anything is written. */
    static void checkIntegrity(Path file) {
        try (DbSession s = ConnectionFactory.open(DbUrlParser.parse("sqlite:" + file));
             Statement st = s.connection().createStatement();
             var rs = st.executeQuery(INTEGRITY_CHECK)) {
            StringBuilder problems = new StringBuilder();
            while (rs.next()) {
                String line = rs.getString(1);
                if (!"ok".equals(line) && problems.length() < 300) {
                    problems.append(problems.length() == 0 ? "" : "; ").append(line);
                }
            }
            if (problems.length() > 0) {
                throw new RestoreFailedException(file.getFileName() + " fails SQLite's integrity check: " + problems);
            }
        } catch (SQLException e) {
            throw new RestoreFailedException(file.getFileName() + " is not a readable SQLite database: "
                    + e.getMessage());
        } catch (RestoreFailedException e) {
            throw e;
        } catch (DbAgentException e) {
            throw new RestoreFailedException(file.getFileName() + " is not a readable SQLite database: "
                    + e.getMessage());
        }
    }

    /** The SQLite result codes a backup or restore step returns, in words. */
    static String resultCode(int rc) {
        return switch (rc & 0xff) {
            case 5 -> "database is locked by another connection (SQLITE_BUSY)";
            case 6 -> "table locked (SQLITE_LOCKED)";
            case 7 -> "out of memory (SQLITE_NOMEM)";
            case 8 -> "read-only destination (SQLITE_READONLY)";
            case 10 -> "disk I/O error (SQLITE_IOERR)";
            case 11 -> "database disk image is malformed (SQLITE_CORRUPT)";
            case 13 -> "database or disk is full (SQLITE_FULL)";
            case 14 -> "unable to open the file (SQLITE_CANTOPEN)";
            default -> "SQLite result code " + rc;
        };
    }

    @Override
    public void prepareChecksumSession(Connection c) {
        // SQLite stores text as given; nothing depends on the client
    }

    @Override
    public boolean checksumsStoredTypes() {
        return true;
    }

    @Override
    public String checksumTable(io.dbagent.schema.Table t) {
        return DialectKind.SQLITE.quote(t.name());
    }

    @Override
    public String walPitrUnsupported() {
        return "SQLite has no server-side log to replay: point-in-time recovery needs continuous WAL "
                + "shipping (e.g. Litestream); dbagent offers frequent verified online backups instead "
                + "(backup create --verify on a schedule), so the recovery point is the last backup";
    }

    @Override
    public String pitrState(DbSession s) {
        return "none: SQLite restores to the last backup (continuous WAL shipping needs Litestream)";
    }

    @Override
    public String createDatabaseCommand(DbUrl url, String newDb) {
        return null;
    }

    @Override
    public String manualRestoreCommand(String newDb, String folder) {
        return "`sqlite3 " + newDb + ".db \".restore '" + folder + "/" + DUMP_FILE + "'\"`";
    }
}

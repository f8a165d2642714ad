package io.dbagent.backup;

import io.dbagent.DbAgentException;
import io.dbagent.dialect.Dialects;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs per engine: how to dump consistently with the checksum pass, how to restore, and how to tell whether a
 * target database is empty. Each implementation keeps its engine's SQL and tool arguments to itself.
 */
public interface BackupEngine {

    /** What a dump produced in the backup folder. */
    record DumpOutcome(String dumpFile, String dumpFormat, BackupManifest.ToolInfo tool,
                       List<BackupManifest.TableEntry> tables, BackupManifest.BinlogPosition binlog,
                       List<String> notes) {
    }

    /** A restored (or live) database read back for comparison. */
    record ReadBack(Schema schema, List<TableChecksums.TableSum> sums) {
    }

    static BackupEngine of(DialectKind kind, ToolLocator tools) {
        return Dialects.of(kind).backupEngine(tools);
    }

    /** The engine's part where no client tool is run (the facts below, checksums, texts). */
    static BackupEngine of(DialectKind kind) {
        return of(kind, new ToolLocator(null));
    }

    /**
     * Refuses a source this engine cannot back up, before anything is written. {@code verify}: the backup is to be
     * restored into a scratch database on {@code devDb} afterwards.
     */
    default void checkSource(DbUrl source, boolean verify, DbUrl devDb) {
        if (verify && devDb == null) {
            throw DbAgentException.badInput("--verify on " + source.dialect() + " restores into a scratch "
                    + "database: pass --dev-db URL (a server where dbagent may create and drop a database) or set "
                    + "DBAGENT_DEV_DB");
        }
    }

    /** The database's name before it is made safe as a folder name. */
    default String databaseName(DbUrl url) {
        return url.database() == null ? "postgres" : url.database();
    }

    /** How the manifest names the source: the redacted URL. */
    default String sourceName(DbUrl url) {
        return url.redacted();
    }

    /**
     * Dumps the database behind {@code session} into {@code folder} and computes the table checksums on the same
     * snapshot the dump saw (or as close as the engine allows, see the implementations).
     */
    DumpOutcome dump(DbSession session, Schema schema, Path folder);

    /**
     * Restores the dump into {@code target}. {@code replace}: the target may hold objects, which the dump's own
     * objects replace (the caller has checked emptiness otherwise). Throws {@link RestoreFailedException}.
     */
    void restore(BackupManifest manifest, Path folder, DbUrl target, boolean replace);

    /** The query that counts the user objects (tables, views, routines, …) of a database in one row and column. */
    String userObjectsQuery();

    /** Number of user objects (tables, views, routines, …) in the target; 0 means empty. */
    default long userObjects(DbSession session) {
        return Sql.query(session.connection(), userObjectsQuery(), rs -> rs.getLong(1)).get(0);
    }

    /** Session settings that make {@link TableChecksums}' text rendering independent of the client (UTC times). */
    void prepareChecksumSession(Connection c) throws SQLException;

    /** Reads schema and checksums of a database (a restored copy), read-only. */
    default ReadBack readBack(DbUrl url) {
        try (DbSession s = ConnectionFactory.open(url)) {
            Schema schema = Dialects.inspectAll(s);
            prepareChecksumSession(s.connection());
            return new ReadBack(schema, TableChecksums.compute(s.connection(), s.dialect(), schema.tables(), () -> false));
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, "cannot prepare checksum session: "
                    + e.getMessage());
        }
    }

    // what the checksums, runbook, schedule, restore and point-in-time recovery need to know about the engine

    /** The JDBC fetch size that streams a table instead of buffering it (PostgreSQL needs a transaction for it). */
    default int streamingFetchSize() {
        return 2000;
    }

    /**
     * Whether a checksum reads each value by its stored type rather than as the declared column's text (SQLite: a
     * column holds values of any type).
     */
    default boolean checksumsStoredTypes() {
        return false;
    }

    /** Whether the driver's BIT columns are bytes to checksum (MySQL) rather than text. */
    default boolean bitIsBinary() {
        return false;
    }

    /** The table as the checksum query names it. */
    String checksumTable(io.dbagent.schema.Table t);

    /** Whether a restore needs the target database named in the URL (MySQL: the dump names none). */
    default boolean restoreNeedsDatabase() {
        return false;
    }

    /** Whether the dump names a DEFINER for its views, triggers and routines (MySQL), which a plain user cannot give. */
    default boolean dumpNamesDefiners() {
        return false;
    }

    /** Why {@code backup pitr setup}/{@code restore} (PostgreSQL WAL archiving) does not apply here; null where it does. */
    default String walPitrUnsupported() {
        return null;
    }

    /**
     * The engine's WAL archiving and base backups for point-in-time recovery; where there is none, its setup refuses
     * with {@link #walPitrUnsupported()}.
     */
    default WalArchiving walArchiving() {
        return req -> {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, walPitrUnsupported());
        };
    }

    /**
     * A shell script that restores the backup in {@code backupFolder} into {@code target} and replays the binary log
     * from the backup's position up to {@code targetTime}. Engines without binlog replay refuse, naming the backup's
     * engine when that is not MySQL/MariaDB either.
     */
    default String binlogReplayScript(Path backupFolder, DbUrl target, String targetTime, Path binlogDir) {
        BackupManifest m = BackupManifest.read(backupFolder.toAbsolutePath().normalize());
        if (!"mysql".equals(m.engine())) {
            throw DbAgentException.badInput("binlog-script is for MySQL/MariaDB backups; " + m.id() + " is "
                    + m.product());
        }
        throw DbAgentException.badInput("--db must name the MySQL/MariaDB database to restore into");
    }

    /** Whether point-in-time recovery replays the binary log on top of a full backup (MySQL/MariaDB). */
    default boolean replaysBinlog() {
        return false;
    }

    /** What point-in-time recovery the server behind {@code s} offers now, in the runbook's words. */
    String pitrState(DbSession s);

    /** The shell command that creates the empty database {@code newDb} next to {@code url}'s; null for a file. */
    String createDatabaseCommand(DbUrl url, String newDb);

    /** The engine's own tool restoring the dump in {@code folder} into {@code newDb}, without dbagent. */
    String manualRestoreCommand(String newDb, String folder);

    /** An example URL of a server where {@code --verify} may create a scratch database; null when none is needed. */
    default String devServerExample() {
        return null;
    }
}

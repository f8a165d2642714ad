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
public sealed interface BackupEngine permits PostgresBackupEngine, MysqlBackupEngine, SqliteBackupEngine {

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

    static BackupEngine postgres(ToolLocator tools) {
        return new PostgresBackupEngine(tools);
    }

    static BackupEngine mysql(ToolLocator tools) {
        return new MysqlBackupEngine(tools);
    }

    /** SQLite copies through the JDBC driver and needs no client tool. */
    static BackupEngine sqlite(ToolLocator tools) {
        return new SqliteBackupEngine();
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
            Schema schema = Dialects.inspect(s);
            prepareChecksumSession(s.connection());
            return new ReadBack(schema, TableChecksums.compute(s.connection(), s.dialect(), schema.tables(), () -> false));
        } catch (SQLException e) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, "cannot prepare checksum session: "
                    + e.getMessage());
        }
    }
}

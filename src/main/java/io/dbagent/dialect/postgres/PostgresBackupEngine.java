package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupManifest;
import io.dbagent.backup.ProcessRunner;
import io.dbagent.backup.RestoreFailedException;
import io.dbagent.backup.TableChecksums;
import io.dbagent.backup.ToolLocator;
import io.dbagent.backup.WalArchiving;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: {@code pg_dump -Fc} and {@code pg_restore}. The checksum pass and pg_dump read the very same snapshot:
 * our REPEATABLE READ transaction exports it ({@code pg_export_snapshot()}) and pg_dump imports it with
 * {@code --snapshot}, so the manifest's counts are exactly what the dump holds even while the database is written.
 * The password travels in {@code PGPASSWORD}.
 */
final class PostgresBackupEngine implements BackupEngine {

    static final String CHECKSUM_SESSION = """
            SET TIME ZONE 'UTC';
            SET DateStyle = 'ISO, YMD';
            SET IntervalStyle = 'postgres';
            SET extra_float_digits = 3;
            SET bytea_output = 'hex'
            """;

    static final String EXPORT_SNAPSHOT = "SELECT pg_export_snapshot()";

    /** Relations and functions that belong to the user (not to the system or an extension). */
    static final String USER_OBJECTS = """
            SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
                       AND n.nspname NOT LIKE 'pg_temp%'
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                       AND d.objid = c.oid AND d.deptype = 'e'))
                 + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                       AND d.objid = p.oid AND d.deptype = 'e'))
            """;

    private static final Duration DUMP_TIMEOUT = Duration.ofHours(24);
    static final String DUMP_FILE = "dump.pgc";

    private final ToolLocator tools;

    PostgresBackupEngine(ToolLocator tools) {
        this.tools = tools;
    }

    @Override
    public DumpOutcome dump(DbSession session, Schema schema, Path folder) {
        ToolLocator.Tool pgDump = tools.postgres("pg_dump", session.majorVersion());
        Connection c = session.connection();
        Path dump = folder.resolve(DUMP_FILE);
        try {
            prepareChecksumSession(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = Sql.query(c, EXPORT_SNAPSHOT, rs -> rs.getString(1)).get(0);
            List<String> cmd = new ArrayList<>(List.of(pgDump.path().toString(), "--format=custom",
                    "--snapshot=" + snapshot, "--file=" + dump, "--no-password", "--dbname=" + conninfo(session.url())));
            ProcessRunner.Running running = ProcessRunner.start(cmd, env(session.url()), null, null);
            List<TableChecksums.TableSum> sums = running.alongside(
                    () -> TableChecksums.compute(c, DialectKind.POSTGRES, schema.tables(), running::failed));
            ProcessRunner.Result r = running.await(DUMP_TIMEOUT);
            if (!r.ok()) {
                throw new DbAgentException(DbAgentException.Code.DATABASE,
                        "pg_dump failed (exit " + r.exitCode() + "): " + r.errorLines(2));
            }
            List<BackupManifest.TableEntry> tables = sums.stream()
                    .map(s -> new BackupManifest.TableEntry(s.table(), s.rows(), s.checksum(), true)).toList();
            return new DumpOutcome(DUMP_FILE, "pg_dump custom format (-Fc)",
                    new BackupManifest.ToolInfo(pgDump.name(), pgDump.version(), pgDump.major()), tables, null,
                    List.of());
        } catch (SQLException e) {
            throw Sql.failure("cannot open a snapshot for the backup", e);
        } finally {
            TableChecksums.endSnapshot(c);
        }
    }

    @Override
    public void restore(BackupManifest manifest, Path folder, DbUrl target, boolean replace) {
        int dumpMajor = manifest.tool() == null ? 0 : manifest.tool().major();
        int serverMajor;
        try (DbSession s = ConnectionFactory.open(target)) {
            serverMajor = s.majorVersion();
        }
        ToolLocator.Tool pgRestore = tools.postgres("pg_restore", Math.max(dumpMajor, serverMajor));
        // owners and grants are kept on a real restore only when asked: the roles rarely exist on the target
        List<String> cmd = new ArrayList<>(List.of(pgRestore.path().toString(), "--no-password", "--exit-on-error",
                "--single-transaction", "--no-owner", "--no-acl"));
        if (replace) {
            cmd.add("--clean");
            cmd.add("--if-exists");
        }
        cmd.add("--dbname=" + conninfo(target));
        cmd.add(folder.resolve(manifest.dumpFile()).toString());
        ProcessRunner.Result r = ProcessRunner.run(cmd, env(target), null, null, DUMP_TIMEOUT);
        if (!r.ok()) {
            throw new RestoreFailedException("pg_restore of " + manifest.dumpFile() + " failed (exit " + r.exitCode()
                    + ", nothing kept: it ran in one transaction): " + r.errorLines(2));
        }
    }

    @Override
    public String userObjectsQuery() {
        return USER_OBJECTS;
    }

    @Override
    public void prepareChecksumSession(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : CHECKSUM_SESSION.split(";")) {
                st.execute(s.strip());
            }
        }
    }

    /** A libpq connection string; values quoted so that spaces or quotes in names cannot break it. */
    static String conninfo(DbUrl url) {
        StringBuilder sb = new StringBuilder();
        kv(sb, "host", url.host());
        kv(sb, "port", String.valueOf(url.port()));
        kv(sb, "user", url.user());
        kv(sb, "dbname", url.database() == null ? "postgres" : url.database());
        String q = url.jdbcUrl().contains("?") ? url.jdbcUrl().substring(url.jdbcUrl().indexOf('?') + 1) : "";
        for (String p : q.split("&")) {
            if (p.toLowerCase(java.util.Locale.ROOT).startsWith("sslmode=")) {
                kv(sb, "sslmode", p.substring(8));
            }
        }
        kv(sb, "application_name", "dbagent");
        return sb.toString().strip();
    }

    private static void kv(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' ");
        }
    }

    /** The password for libpq tools; the environment of a process is readable only by its own user. */
    static Map<String, String> env(DbUrl url) {
        Map<String, String> env = new HashMap<>();
        if (url.password() != null) {
            env.put("PGPASSWORD", url.password());
        }
        env.put("PGCONNECT_TIMEOUT", "10");
        return env;
    }

    @Override
    public String checksumTable(io.dbagent.schema.Table t) {
        return DialectKind.POSTGRES.quote(t.schema()) + "." + DialectKind.POSTGRES.quote(t.name());
    }

    /** Whether WAL archiving runs. */
    @Override
    public WalArchiving walArchiving() {
        return PostgresPitr::setup;
    }

    @Override
    public String pitrState(DbSession s) {
        List<String[]> rows = Sql.query(s.connection(), PostgresPitr.SETTINGS,
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        String mode = setting(rows, "archive_mode");
        String timeout = setting(rows, "archive_timeout");
        return "off".equals(mode) ? "none: WAL archiving is off (dbagent backup pitr setup)"
                : "WAL archiving on (archive_timeout " + timeout + " s): restore to any moment after the "
                + "oldest base backup";
    }

    private static String setting(List<String[]> rows, String name) {
        return rows.stream().filter(r -> r[0].equals(name)).map(r -> r[1]).findFirst().orElse("");
    }

    @Override
    public String createDatabaseCommand(DbUrl url, String newDb) {
        return "createdb -h " + url.host() + " -p " + url.port() + " -U " + url.user() + " " + newDb;
    }

    @Override
    public String manualRestoreCommand(String newDb, String folder) {
        return "`pg_restore --no-owner --exit-on-error --single-transaction -d " + newDb + " " + folder + "/"
                + DUMP_FILE + "`";
    }

    @Override
    public String devServerExample() {
        return "postgres://USER:PASSWORD@DEV-HOST:5432/postgres";
    }
}

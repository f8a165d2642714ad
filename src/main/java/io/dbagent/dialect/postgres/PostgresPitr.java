package io.dbagent.dialect.postgres;

import io.dbagent.DbAgentException;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.BackupFolders;
import io.dbagent.backup.BackupTimings;
import io.dbagent.backup.PitrRestore;
import io.dbagent.backup.ProcessRunner;
import io.dbagent.backup.ToolLocator;
import io.dbagent.backup.WalArchiving.BaseBackup;
import io.dbagent.backup.WalArchiving.Setting;
import io.dbagent.backup.WalArchiving.SetupRequest;
import io.dbagent.backup.WalArchiving.SetupResult;
import io.dbagent.dialect.Sql;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.report.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL point-in-time recovery, part 1: WAL archiving and base backups. {@code setup} prints the settings that
 * make the server copy every finished WAL segment into an archive folder ({@code wal_level}, {@code archive_mode},
 * {@code archive_command}, {@code archive_timeout}), writes them with {@code ALTER SYSTEM} when asked
 * ({@code --apply}, superuser only), and takes a base backup with {@code pg_basebackup} once archiving is live.
 * Part 2, preparing a data directory that replays to a moment, is {@link PitrRestore}.
 */
final class PostgresPitr {

    static final String SETTINGS = """
            SELECT name, setting, pending_restart FROM pg_settings
             WHERE name IN ('wal_level', 'archive_mode', 'archive_command', 'archive_timeout')
            """;
    static final String IS_SUPERUSER = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user";
    static final String RELOAD = "SELECT pg_reload_conf()";
    /** Seconds after which a partly filled WAL segment is archived anyway: bounds the data loss of a quiet server. */
    static final int ARCHIVE_TIMEOUT_SECONDS = 60;

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private PostgresPitr() {
    }

    static SetupResult setup(SetupRequest req) {
        String unsupported = BackupEngine.of(req.url().dialect()).walPitrUnsupported();
        if (unsupported != null) {
            throw new DbAgentException(DbAgentException.Code.UNSUPPORTED, unsupported);
        }
        String archive = archiveCommand(req.walArchive());
        List<String> steps = new ArrayList<>();
        boolean applied = false;
        List<Setting> settings;
        String version;
        try (DbSession s = ConnectionFactory.open(req.url(), req.apply() ? ConnectionFactory.Access.WRITE
                : ConnectionFactory.Access.READ_ONLY)) {
            version = s.version();
            settings = read(s, archive);
            if (req.apply() && settings.stream().anyMatch(x -> !x.wanted().equals(x.current()))) {
                if (!Sql.query(s.connection(), IS_SUPERUSER, rs -> rs.getBoolean(1)).get(0)) {
                    throw DbAgentException.badInput("--apply changes server settings with ALTER SYSTEM, which needs a "
                            + "superuser; user '" + s.url().user() + "' is not one. Put the printed settings into "
                            + "postgresql.conf instead (run without --apply to see them)");
                }
                try (Statement st = s.connection().createStatement()) {
                    for (Setting x : settings) {
                        if (!x.wanted().equals(x.current())) {
                            st.execute("ALTER SYSTEM SET " + x.name() + " = '" + x.wanted().replace("'", "''") + "'");
                        }
                    }
                    st.execute(RELOAD);
                }
                applied = true;
                settings = read(s, archive);
            }
        } catch (SQLException e) {
            throw Sql.failure("cannot change the WAL archiving settings", e);
        }
        boolean active = settings.stream().allMatch(Setting::ok);
        if (!active) {
            boolean restart = settings.stream().anyMatch(Setting::pendingRestart);
            steps.add(applied && restart
                    ? "restart PostgreSQL so that wal_level/archive_mode take effect (e.g. systemctl restart postgresql "
                    + "or pg_ctl -D PGDATA restart), then run this command again with --base-dir to take the base backup"
                    : "set these in postgresql.conf (or run again with --apply as a superuser), restart PostgreSQL, "
                    + "then run again with --base-dir to take the base backup");
            steps.add("make sure " + req.walArchive() + " exists on the database server and is writable by the "
                    + "server's operating-system user (postgres)");
        }
        BaseBackup base = null;
        if (req.baseDir() != null) {
            if (!active) {
                if (!applied) {
                    throw DbAgentException.badInput("WAL archiving is not active on " + req.url().redacted()
                            + ", so a base backup could not be replayed to a point in time: "
                            + describe(settings) + "; run with --apply (superuser) or set them and restart first");
                }
            } else {
                base = baseBackup(req, version);
                steps.add("keep every WAL segment in " + req.walArchive() + " from " + base.label() + " on; a restore "
                        + "to time T needs the base backup plus all segments up to T");
                steps.add("rehearse: dbagent backup pitr restore --base " + base.folder() + " --wal-archive "
                        + req.walArchive() + " --target-time 'YYYY-MM-DDTHH:MM:SSZ' --pgdata /new/empty/dir");
            }
        }
        return new SetupResult(req.url().redacted(), settings, applied, active, base, steps);
    }

    private static List<Setting> read(DbSession s, String archiveCommand) {
        Map<String, String[]> now = new LinkedHashMap<>();
        Sql.query(s.connection(), SETTINGS, rs -> now.put(rs.getString(1),
                new String[] {rs.getString(2), String.valueOf(rs.getBoolean(3))}));
        String level = now.get("wal_level")[0];
        String timeout = now.get("archive_timeout")[0];
        List<Setting> out = new ArrayList<>();
        out.add(setting(now, "wal_level", "logical".equals(level) ? "logical" : "replica", true));
        out.add(setting(now, "archive_mode", "always".equals(now.get("archive_mode")[0]) ? "always" : "on", true));
        out.add(setting(now, "archive_command", archiveCommand, false));
        out.add(setting(now, "archive_timeout", !"0".equals(timeout) && Integer.parseInt(timeout) <= 300 ? timeout
                : String.valueOf(ARCHIVE_TIMEOUT_SECONDS), false));
        return out;
    }

    private static Setting setting(Map<String, String[]> now, String name, String wanted, boolean restart) {
        String[] v = now.get(name);
        return new Setting(name, v[0], wanted, restart, Boolean.parseBoolean(v[1]));
    }

    private static String describe(List<Setting> settings) {
        List<String> bad = new ArrayList<>();
        for (Setting s : settings) {
            if (!s.ok()) {
                bad.add(s.name() + " is '" + s.current() + "'" + (s.pendingRestart() ? " (restart pending)" : "")
                        + ", needs '" + s.wanted() + "'");
            }
        }
        return String.join("; ", bad);
    }

    /** Copies a finished segment unless a file of that name is already archived (never overwrite archived WAL). */
    static String archiveCommand(Path walArchive) {
        String dir = PitrRestore.shellSafe(walArchive);
        return "test ! -f " + dir + "/%f && cp %p " + dir + "/%f";
    }

    private static BaseBackup baseBackup(SetupRequest req, String version) {
        int major = Integer.parseInt(version.split("\\.")[0]);
        ToolLocator tools = new ToolLocator(req.toolDir());
        ToolLocator.Tool tool = tools.postgres("pg_basebackup", major);
        Path dir = BackupFolders.prepareDir(req.baseDir());
        Instant started = Instant.now();
        String label = "dbagent-base-" + ID_TIME.format(started);
        Path folder = dir.resolve(label);
        if (Files.exists(folder)) {
            throw DbAgentException.badInput("base backup folder " + folder + " already exists");
        }
        long t0 = System.nanoTime();
        List<String> cmd = List.of(tool.path().toString(), "--pgdata=" + folder, "--format=plain",
                "--wal-method=stream", "--checkpoint=fast", "--label=" + label, "--no-password",
                "--dbname=" + PostgresBackupEngine.conninfo(req.url()));
        ProcessRunner.Result r = ProcessRunner.run(cmd, PostgresBackupEngine.env(req.url()), null, null,
                Duration.ofHours(24));
        if (!r.ok()) {
            BackupFolders.deleteOwn(folder);
            throw new DbAgentException(DbAgentException.Code.DATABASE, "pg_basebackup failed (exit " + r.exitCode()
                    + "): " + r.errorLines(2) + (r.stderr().contains("replication") ? " (the user needs the "
                    + "REPLICATION attribute and a 'replication' line in pg_hba.conf)" : ""));
        }
        verifyBase(tool, folder);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long size = sizeOf(folder);
        BaseBackup base = new BaseBackup(folder, label, started, Instant.now(), BackupTimings.round(seconds), size,
                version, req.walArchive().toAbsolutePath().normalize().toString(), req.url().redacted());
        try {
            Files.writeString(folder.resolve(PitrRestore.BASE_INFO), Json.write(base) + "\n");
        } catch (IOException e) {
            throw BackupFolders.cannot("write " + folder.resolve(PitrRestore.BASE_INFO), e);
        }
        return base;
    }

    /** pg_verifybackup (PostgreSQL 13+) checks the base backup against the manifest pg_basebackup wrote. */
    private static void verifyBase(ToolLocator.Tool basebackup, Path folder) {
        Path verify = basebackup.path().resolveSibling("pg_verifybackup");
        if (!Files.isExecutable(verify) || !Files.exists(folder.resolve("backup_manifest"))) {
            return;
        }
        ProcessRunner.Result r = ProcessRunner.run(List.of(verify.toString(), folder.toString()), Map.of(), null,
                null, Duration.ofHours(1));
        if (!r.ok()) {
            throw new DbAgentException(DbAgentException.Code.DATABASE, "pg_verifybackup rejected the new base backup "
                    + folder + ": " + r.errorLines(2));
        }
    }

    static long sizeOf(Path folder) {
        try (var s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(BackupFolders::size).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}

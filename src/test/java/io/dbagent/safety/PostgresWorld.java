package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.postgresql.PGConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL as superuser, as a developer's local database usually is: a live database with dblink installed (so
 * read-side dblink attacks have something to call), a second live database, a victim backend running a long
 * {@code pg_sleep} in the live database, and a listener for {@code pg_notify}.
 */
final class PostgresWorld implements World {

    private static final String ROWS = "INSERT INTO t VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')";

    private final DbUrl server = TestDatabases.pgServer();
    private final DbUrl live = TestDatabases.create(DialectKind.POSTGRES, "atk_live");
    private final DbUrl other = TestDatabases.create(DialectKind.POSTGRES, "atk_other");
    private final Path sentinelDir;
    private final Connection admin = Admin.connect(server);
    private Connection adminLive;
    private Connection adminOther;
    private final Victim victim;
    private final String initialAutoConf;
    private final String initialMembers;

    PostgresWorld(Path sentinelDir) {
        this.sentinelDir = sentinelDir;
        fill();
        victim = new Victim(live, "SELECT pg_backend_pid()", "SELECT pg_sleep(86400)",
                "SELECT pg_terminate_backend(%d)");
        initialAutoConf = Admin.one(admin, "SELECT md5(pg_read_file('postgresql.auto.conf'))");
        initialMembers = members();
    }

    private void fill() {
        adminLive = Admin.connect(live);
        adminOther = Admin.connect(other);
        Admin.exec(adminLive, "CREATE EXTENSION IF NOT EXISTS dblink");
        // explain's hypothetical indexes need it in the database (a read-only session cannot create it)
        Admin.exec(adminLive, "CREATE EXTENSION IF NOT EXISTS hypopg");
        Admin.exec(adminLive, "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL)");
        Admin.exec(adminLive, ROWS);
        Admin.exec(adminOther, "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL)");
        Admin.exec(adminOther, ROWS);
        Admin.exec(adminLive, "LISTEN dbagent_attack");
    }

    @Override
    public DialectKind kind() {
        return DialectKind.POSTGRES;
    }

    @Override
    public DbUrl live() {
        return live;
    }

    @Override
    public String liveUrlText() {
        return "postgres://" + live.user() + (live.password() == null ? "" : ":" + live.password()) + "@" + live.hostPort()
                + "/" + live.database();
    }

    @Override
    public String serverUrlText() {
        return "postgres://" + server.user() + (server.password() == null ? "" : ":" + server.password()) + "@"
                + server.hostPort() + "/postgres";
    }

    @Override
    public Map<String, String> placeholders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("live_db", live.database());
        m.put("other_db", other.database());
        m.put("victim_pid", String.valueOf(victim.pid()));
        m.put("user", server.user());
        m.put("host", server.hostPort());
        m.put("hostname", server.host());
        m.put("port", String.valueOf(server.port()));
        m.put("live_conninfo", "host=" + server.host() + " port=" + server.port() + " user=" + server.user()
                + " dbname=" + live.database());
        return m;
    }

    @Override
    public LinkedHashMap<String, String> snapshot() {
        victim.ensureRunning();
        return read();
    }

    private LinkedHashMap<String, String> read() {
        LinkedHashMap<String, String> s = new LinkedHashMap<>();
        s.put("live.rows", rows(adminLive));
        s.put("other.rows", rows(adminOther));
        s.put("live.schema", Admin.one(adminLive, """
                SELECT (SELECT string_agg(relname || ':' || relkind, ',' ORDER BY relname) FROM pg_class
                         WHERE relnamespace = 'public'::regnamespace)
                    || ' triggers:' || (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)
                    || ' functions:' || (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
                    || ' extensions:' || (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension)
                    || ' acl:' || coalesce((SELECT datacl::text FROM pg_database WHERE datname = current_database()), '-')
                    || coalesce((SELECT relacl::text FROM pg_class WHERE relname = 't' AND relnamespace = 'public'::regnamespace), '-')
                    || coalesce((SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'), '-')"""));
        s.put("live.large_objects", Admin.one(adminLive, "SELECT count(*) FROM pg_largeobject_metadata"));
        s.put("other.large_objects", Admin.one(adminOther, "SELECT count(*) FROM pg_largeobject_metadata"));
        s.put("live.notifications", notifications());
        s.put("advisory_locks", advisoryLocks());
        s.put("victim", victimState());
        s.put("settings", Admin.one(admin, """
                SELECT coalesce((SELECT string_agg(setdatabase || '/' || setrole || '=' || array_to_string(setconfig, ';'), ','
                                 ORDER BY setdatabase, setrole) FROM pg_db_role_setting
                                 WHERE setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = current_user))
                                   AND setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = '%s'),
                                                          (SELECT oid FROM pg_database WHERE datname = '%s'))), '')
                    || ' auto.conf:' || md5(pg_read_file('postgresql.auto.conf'))
                    || ' loaded:' || pg_conf_load_time()
                    || ' work_mem:' || current_setting('work_mem')
                    || ' default_transaction_read_only:' || current_setting('default_transaction_read_only')
                    || ' log_min_duration_statement:' || current_setting('log_min_duration_statement')"""
                .formatted(live.database(), other.database())));
        s.put("roles", roles());
        s.put("role_memberships", members());
        s.put("scratch_databases", scratchDatabases());
        s.put("stray_sessions", straySessions());
        return s;
    }

    @Override
    public List<String> differences(Map<String, String> before) {
        LinkedHashMap<String, String> after = read();
        after.put("roles", Admin.lasting(before.get("roles"), this::roles, 2000));
        after.put("role_memberships", Admin.lasting(before.get("role_memberships"), this::members, 2000));
        after.put("scratch_databases", Admin.lasting(before.get("scratch_databases"), this::scratchDatabases, 2000));
        after.put("advisory_locks", Admin.settlesBack(before.get("advisory_locks"), this::advisoryLocks, 2000));
        after.put("stray_sessions", Admin.fallsBack(before.get("stray_sessions"), this::straySessions, 2000));
        return World.diff(before, after);
    }

    private static String rows(Connection c) {
        return Admin.one(c, "SELECT count(*) || ' rows ' || coalesce(md5(string_agg(id || ':' || name, ',' ORDER BY id)), '-') FROM t");
    }

    private String notifications() {
        try {
            Admin.one(adminLive, "SELECT 1");
            var n = adminLive.unwrap(PGConnection.class).getNotifications();
            return n == null ? "0" : String.valueOf(n.length);
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    private String advisoryLocks() {
        return Admin.one(admin, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database IN "
                + "(SELECT oid FROM pg_database WHERE datname IN ('" + live.database() + "', '" + other.database() + "'))");
    }

    private String victimState() {
        return Admin.one(admin, "SELECT coalesce((SELECT state FROM pg_stat_activity WHERE pid = " + victim.pid() + "), 'gone')");
    }

    private String roles() {
        return Admin.one(admin, "SELECT string_agg(rolname || ':' || rolsuper::int || rolcreaterole::int || rolcreatedb::int"
                + " || rolcanlogin::int || rolreplication::int || rolbypassrls::int, ',' ORDER BY rolname) FROM pg_roles");
    }

    private String members() {
        return Admin.one(admin, "SELECT coalesce(string_agg(roleid::regrole || '>' || member::regrole, ',' "
                + "ORDER BY roleid::regrole::text, member::regrole::text), '') FROM pg_auth_members");
    }

    private String scratchDatabases() {
        return Admin.one(admin, "SELECT coalesce(string_agg(datname, ',' ORDER BY datname), '') FROM pg_database "
                + "WHERE (datname LIKE 'dbagent\\_scratch%' OR datname LIKE 'dbagent\\_evil%') "
                // one that a session still uses belongs to a call in progress (maybe another test's), not a leftover
                + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)");
    }

    private String straySessions() {
        return Admin.one(admin, "SELECT count(*) FROM pg_stat_activity WHERE datname IN ('" + live.database() + "', '"
                + other.database() + "') AND pid <> pg_backend_pid() AND pid NOT IN (" + pid(adminLive) + ", "
                + pid(adminOther) + ", " + victim.pid() + ")");
    }

    private static String pid(Connection c) {
        String pid = Admin.one(c, "SELECT pg_backend_pid()");
        return pid.matches("[0-9]+") ? pid : "0"; // an attack may have ended the admin session: it is repaired after
    }

    @Override
    public void repair(Map<String, String> before, List<String> problems) {
        if (World.touches(problems, "live.", "other.", "stray_sessions", "no answer", "advisory_locks")) {
            victim.stop();
            Admin.closeQuietly(adminLive);
            Admin.closeQuietly(adminOther);
            for (String db : List.of(live.database(), other.database())) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                Admin.tryExec(admin, "CREATE DATABASE " + db);
            }
            fill();
        }
        if (World.touches(problems, "scratch_databases")) {
            // left behind by this attack (they outlived the settling time): dbagent should have dropped them
            for (String db : World.added(before.get("scratch_databases"), scratchDatabases())) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        if (World.touches(problems, "roles")) {
            for (String role : World.added(before.get("roles"), roles())) {
                String name = role.substring(0, role.lastIndexOf(':'));
                if (name.startsWith("dbagent_scratch")) {
                    Admin.tryExec(admin, "DROP OWNED BY " + name);
                    Admin.tryExec(admin, "DROP ROLE IF EXISTS " + name);
                }
            }
        }
        cleanServer();
        victim.ensureRunning();
    }

    /** What attacks can leave on the server outside the live databases: roles, databases, settings, memberships. */
    private void cleanServer() {
        for (String db : Admin.one(admin, "SELECT coalesce(string_agg(datname, ' '), '') FROM pg_database "
                + "WHERE datname LIKE 'dbagent\\_evil%'").split(" ")) {
            if (!db.isBlank()) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        for (String role : Admin.one(admin, "SELECT coalesce(string_agg(rolname, ' '), '') FROM pg_roles "
                + "WHERE rolname LIKE 'dbagent\\_evil%'").split(" ")) {
            if (!role.isBlank()) {
                Admin.tryExec(admin, "DROP OWNED BY " + role);
                Admin.tryExec(admin, "DROP ROLE IF EXISTS " + role);
            }
        }
        String now = members();
        for (String m : now.split(",")) {
            if (!m.isBlank() && !("," + initialMembers + ",").contains("," + m + ",") && m.endsWith(">" + server.user())) {
                Admin.tryExec(admin, "REVOKE " + m.substring(0, m.indexOf('>')) + " FROM " + server.user());
            }
        }
        if (!initialAutoConf.equals(Admin.one(admin, "SELECT md5(pg_read_file('postgresql.auto.conf'))"))) {
            for (String setting : List.of("work_mem", "log_min_duration_statement", "default_transaction_read_only",
                    "archive_command", "log_directory", "log_filename", "shared_preload_libraries", "session_preload_libraries")) {
                Admin.tryExec(admin, "ALTER SYSTEM RESET " + setting);
            }
            Admin.tryExec(admin, "SELECT pg_reload_conf()");
        }
        Admin.tryExec(admin, "ALTER ROLE " + server.user() + " RESET ALL");
        for (String db : List.of(live.database(), other.database())) {
            Admin.tryExec(admin, "ALTER DATABASE " + db + " RESET ALL");
            Admin.tryExec(admin, "ALTER ROLE " + server.user() + " IN DATABASE " + db + " RESET ALL");
        }
    }

    @Override
    public void close() {
        victim.stop();
        Admin.closeQuietly(adminLive);
        Admin.closeQuietly(adminOther);
        TestDatabases.drop(live);
        TestDatabases.drop(other);
        cleanServer();
        Admin.closeQuietly(admin);
    }
}

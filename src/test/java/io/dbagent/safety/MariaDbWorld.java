package io.dbagent.safety;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MariaDB/MySQL as root: a live database with known rows, a second one for cross-database attacks, and a victim
 * connection running a long {@code SLEEP} in the live database.
 */
final class MariaDbWorld implements World {

    /** Server variables attacks try to change; restored from their values at the start. */
    private static final List<String> GLOBALS = List.of("general_log", "general_log_file", "innodb_lock_wait_timeout",
            "max_connections", "read_only", "local_infile", "sql_mode", "event_scheduler", "max_statement_time",
            "wait_timeout", "slow_query_log", "slow_query_log_file");

    private final DbUrl server = TestDatabases.mysqlServer();
    private final DbUrl live = TestDatabases.create(DialectKind.MYSQL, "atk_live");
    private final DbUrl other = TestDatabases.create(DialectKind.MYSQL, "atk_other");
    private final Connection admin = Admin.connect(server);
    private final Victim victim;
    private final Map<String, String> initialGlobals = new LinkedHashMap<>();
    private final String initialPlugins;
    private final String initialPluginNames;

    MariaDbWorld() {
        Admin.exec(admin, "SET SESSION group_concat_max_len = 1000000");
        fill();
        for (String g : GLOBALS) {
            initialGlobals.put(g, Admin.one(admin, "SELECT @@global." + g));
        }
        initialPlugins = plugins();
        initialPluginNames = Admin.one(admin, "SELECT group_concat(plugin_name) FROM information_schema.plugins");
        victim = new Victim(live, "SELECT CONNECTION_ID()", "SELECT SLEEP(86400)", "KILL %d");
    }

    private void fill() {
        for (DbUrl db : List.of(live, other)) {
            Admin.exec(admin, "CREATE TABLE IF NOT EXISTS " + db.database() + ".t (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            Admin.exec(admin, "INSERT INTO " + db.database() + ".t VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')");
        }
    }

    @Override
    public DialectKind kind() {
        return DialectKind.MYSQL;
    }

    @Override
    public DbUrl live() {
        return live;
    }

    @Override
    public String liveUrlText() {
        return "mysql://" + live.user() + (live.password() == null ? "" : ":" + live.password()) + "@" + live.hostPort()
                + "/" + live.database();
    }

    @Override
    public String serverUrlText() {
        return "mysql://" + server.user() + (server.password() == null ? "" : ":" + server.password()) + "@"
                + server.hostPort() + "/";
    }

    @Override
    public Map<String, String> placeholders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("live_db", live.database());
        m.put("other_db", other.database());
        m.put("victim_pid", String.valueOf(victim.pid()));
        m.put("user", server.user());
        m.put("host", server.hostPort());
        return m;
    }

    @Override
    public LinkedHashMap<String, String> snapshot() {
        victim.ensureRunning();
        return read();
    }

    private LinkedHashMap<String, String> read() {
        LinkedHashMap<String, String> s = new LinkedHashMap<>();
        s.put("live.rows", rows(live));
        s.put("other.rows", rows(other));
        s.put("live.schema", Admin.one(admin, """
                SELECT concat_ws(' ',
                  (SELECT group_concat(table_name, ':', table_type ORDER BY table_name) FROM information_schema.tables
                    WHERE table_schema = '%1$s'),
                  'indexes:', (SELECT group_concat(DISTINCT table_name, '.', index_name ORDER BY table_name, index_name)
                    FROM information_schema.statistics WHERE table_schema = '%1$s'),
                  'triggers:', (SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = '%1$s'),
                  'routines:', (SELECT count(*) FROM information_schema.routines WHERE routine_schema = '%1$s'),
                  'events:', (SELECT count(*) FROM information_schema.events))""".formatted(live.database())));
        s.put("user_locks", userLocks());
        s.put("victim", Admin.one(admin, "SELECT coalesce((SELECT command FROM information_schema.processlist WHERE id = "
                + victim.pid() + " AND info LIKE 'SELECT SLEEP%'), 'gone')"));
        StringBuilder globals = new StringBuilder("SELECT concat_ws(' '");
        GLOBALS.forEach(g -> globals.append(", '").append(g).append(":', @@global.").append(g));
        s.put("globals", Admin.one(admin, globals.append(")").toString()));
        s.put("plugins_udfs", plugins());
        s.put("users", users());
        s.put("grants", grants());
        s.put("scratch_databases", scratchDatabases());
        s.put("stray_sessions", straySessions());
        return s;
    }

    @Override
    public List<String> differences(Map<String, String> before) {
        LinkedHashMap<String, String> after = read();
        after.put("users", Admin.lasting(before.get("users"), this::users, 2000));
        after.put("grants", Admin.lasting(before.get("grants"), this::grants, 2000));
        after.put("scratch_databases", Admin.lasting(before.get("scratch_databases"), this::scratchDatabases, 2000));
        after.put("user_locks", Admin.settlesBack(before.get("user_locks"), this::userLocks, 2000));
        after.put("stray_sessions", Admin.fallsBack(before.get("stray_sessions"), this::straySessions, 2000));
        return World.diff(before, after);
    }

    private String userLocks() {
        return Admin.one(admin, "SELECT concat_ws(',', IS_USED_LOCK('dbagent_attack'), IS_USED_LOCK('x'), "
                + "IS_USED_LOCK('" + live.database() + "'), '-')");
    }

    private String rows(DbUrl db) {
        return Admin.one(admin, "SELECT concat(count(*), ' rows ', coalesce(md5(group_concat(id, ':', name ORDER BY id)), '-')) FROM "
                + db.database() + ".t");
    }

    private String plugins() {
        return Admin.one(admin, "SELECT concat((SELECT group_concat(plugin_name ORDER BY plugin_name) FROM information_schema.plugins"
                + " WHERE plugin_status = 'ACTIVE'), ' udfs:', (SELECT count(*) FROM mysql.func))");
    }

    private String users() {
        return Admin.one(admin, "SELECT group_concat(user, '@', host, ':', Super_priv, File_priv, Grant_priv, Shutdown_priv, "
                + "Process_priv ORDER BY user, host) FROM mysql.user");
    }

    private String grants() {
        return Admin.one(admin, "SELECT concat_ws(' ', 'db:', (SELECT group_concat(user, '@', db ORDER BY user, db) FROM mysql.db),"
                + " 'tables:', (SELECT count(*) FROM mysql.tables_priv), 'proxies:', (SELECT count(*) FROM mysql.proxies_priv),"
                + " 'roles:', (SELECT count(*) FROM mysql.roles_mapping))");
    }

    private String scratchDatabases() {
        return Admin.one(admin, "SELECT coalesce(group_concat(schema_name ORDER BY schema_name), '') FROM information_schema.schemata "
                + "WHERE (schema_name LIKE 'dbagent\\_scratch%' OR schema_name LIKE 'dbagent\\_evil%') "
                // one that a session still uses belongs to a call in progress (maybe another test's), not a leftover
                + "AND schema_name NOT IN (SELECT db FROM information_schema.processlist WHERE db IS NOT NULL)");
    }

    private String straySessions() {
        return Admin.one(admin, "SELECT count(*) FROM information_schema.processlist WHERE db IN ('" + live.database() + "', '"
                + other.database() + "') AND id <> CONNECTION_ID() AND id <> " + victim.pid());
    }

    @Override
    public void repair(Map<String, String> before, List<String> problems) {
        if (World.touches(problems, "live.", "other.", "stray_sessions", "no answer", "user_locks")) {
            victim.stop();
            // connections an attack left behind (a hung call, a held lock) go first, so the databases can be dropped
            String stray = Admin.one(admin, "SELECT coalesce(group_concat(id SEPARATOR ' '), '') FROM information_schema.processlist "
                    + "WHERE db IN ('" + live.database() + "', '" + other.database() + "') AND id <> CONNECTION_ID()");
            for (String id : stray.split(" ")) {
                if (!id.isBlank()) {
                    Admin.tryExec(admin, "KILL " + id);
                }
            }
            String lockHolder = Admin.one(admin, "SELECT IS_USED_LOCK('dbagent_attack')");
            if (lockHolder.matches("[0-9]+")) {
                Admin.tryExec(admin, "KILL " + lockHolder);
            }
            for (DbUrl db : List.of(live, other)) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db.database());
                Admin.tryExec(admin, "CREATE DATABASE " + db.database() + " CHARACTER SET utf8mb4");
            }
            fill();
        }
        if (World.touches(problems, "scratch_databases")) {
            for (String db : World.added(before.get("scratch_databases"), scratchDatabases())) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db);
            }
        }
        if (World.touches(problems, "users")) {
            for (String u : World.added(before.get("users"), users())) {
                String name = u.substring(0, u.lastIndexOf(':'));
                if (name.startsWith("dbagent_scratch")) {
                    int at = name.lastIndexOf('@');
                    Admin.tryExec(admin, "DROP USER IF EXISTS '" + name.substring(0, at) + "'@'" + name.substring(at + 1) + "'");
                }
            }
        }
        cleanServer();
        victim.ensureRunning();
    }

    private void cleanServer() {
        for (String u : Admin.one(admin, "SELECT coalesce(group_concat(concat('''', user, '''@''', host, '''') SEPARATOR ' '), '') "
                + "FROM mysql.user WHERE user LIKE 'dbagent\\_evil%' OR user = ''").split(" ")) {
            if (!u.isBlank()) {
                Admin.tryExec(admin, "DROP USER IF EXISTS " + u);
            }
        }
        for (String db : Admin.one(admin, "SELECT coalesce(group_concat(schema_name SEPARATOR ' '), '') FROM information_schema.schemata "
                + "WHERE schema_name LIKE 'dbagent\\_evil%'").split(" ")) {
            if (!db.isBlank()) {
                Admin.tryExec(admin, "DROP DATABASE IF EXISTS " + db);
            }
        }
        for (var g : initialGlobals.entrySet()) {
            if (!g.getValue().equals(Admin.one(admin, "SELECT @@global." + g.getKey()))) {
                String v = g.getValue();
                Admin.tryExec(admin, "SET GLOBAL " + g.getKey() + " = "
                        + (v.matches("-?[0-9.]+") ? v : "'" + v.replace("'", "''") + "'"));
            }
        }
        if (!initialPlugins.equals(plugins())) {
            String added = Admin.one(admin, "SELECT coalesce(group_concat(DISTINCT plugin_library SEPARATOR ' '), '') "
                    + "FROM information_schema.plugins WHERE plugin_library IS NOT NULL AND NOT FIND_IN_SET(plugin_name, '"
                    + initialPluginNames + "')");
            for (String lib : added.split(" ")) {
                if (!lib.isBlank()) {
                    Admin.tryExec(admin, "UNINSTALL SONAME IF EXISTS '" + lib.replace(".so", "") + "'");
                }
            }
            Admin.tryExec(admin, "DROP FUNCTION IF EXISTS sys_exec");
            Admin.tryExec(admin, "DROP FUNCTION IF EXISTS sys_eval");
        }
    }

    @Override
    public void close() {
        victim.stop();
        TestDatabases.drop(live);
        TestDatabases.drop(other);
        cleanServer();
        Admin.closeQuietly(admin);
    }
}

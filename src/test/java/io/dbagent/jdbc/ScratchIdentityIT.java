package io.dbagent.jdbc;

import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The identity layer of the scratch context on its own: hostile statements sent straight to a scratch session (no
 * allow list in between) must fail because of who the session is, and every attack is checked from outside with a
 * separate admin connection. Each attack first gets a positive control where it matters (the same statement as the
 * admin does the harm), so that a check that could not fail is caught.
 */
class ScratchIdentityIT {

    private DbUrl live;

    @AfterEach
    void dropLive() {
        TestDatabases.drop(live);
    }

    private static long count(DbUrl url, String sql) throws SQLException {
        try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void adminExec(DbUrl url, String sql) throws SQLException {
        try (DbSession s = ConnectionFactory.open(url, ConnectionFactory.Access.WRITE);
             Statement st = s.connection().createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs each statement on the scratch session; returns those that did NOT fail. */
    private static List<String> succeeded(Connection c, String... statements) {
        List<String> ran = new ArrayList<>();
        for (String sql : statements) {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                ran.add(sql);
            } catch (SQLException expected) {
                System.err.println("REFUSED " + sql + " -> " + expected.getMessage());
                // refused by the server: what we want
            }
        }
        return ran;
    }

    @Test
    void postgresScratchRoleCannotReachTheServerOrTheLiveDatabase() throws Exception {
        DbUrl server = TestDatabases.pgServer();
        live = TestDatabases.create(DialectKind.POSTGRES, "scrid");
        TestDatabases.exec(live, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path control = Path.of("/tmp/dbagent-control-" + tag);
        Path victim = Path.of("/tmp/dbagent-attack-" + tag);
        // positive control: as the server's superuser the same COPY writes a file, so the check below can fail
        adminExec(live, "COPY (SELECT 1) TO PROGRAM 'touch " + control + "'");
        assertThat(control).exists();
        Files.deleteIfExists(control);

        String name;
        String role;
        try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.POSTGRES, server, live);
             DbSession s = scratch.openWritable()) {
            name = scratch.url().database();
            role = scratch.url().user();
            assertThat(scratch.identity()).isEqualTo(ScratchDatabase.Identity.TEMPORARY);
            assertThat(scratch.note()).contains(name).contains("the same server as the live database " + live.database())
                    .contains("temporary role " + role + " without superuser");
            assertThat(role).startsWith("dbagent_scratch_").isNotEqualTo(server.user());

            // seen from outside: a plain login role owning only the scratch database, member of nothing
            assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "' AND rolcanlogin"
                    + " AND NOT rolsuper AND NOT rolcreaterole AND NOT rolcreatedb AND NOT rolreplication"
                    + " AND NOT rolbypassrls")).isEqualTo(1);
            assertThat(count(server, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
                    + " WHERE r.rolname = '" + role + "'")).isZero();
            assertThat(count(server, "SELECT count(*) FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba"
                    + " WHERE d.datname = '" + name + "' AND r.rolname = '" + role + "'")).isEqualTo(1);
            assertThat(count(server, "SELECT count(*) FROM pg_database WHERE datname = '" + name
                    + "' AND has_database_privilege('public', oid, 'CONNECT')")).isZero();

            Connection c = s.connection();
            // the session is the role itself, not a SET ROLE that RESET ROLE could undo
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT session_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(role);
            }
            List<String> ran = succeeded(c,
                    "COPY (SELECT 1) TO PROGRAM 'touch " + victim + "'",
                    "CREATE ROLE evil_" + tag + " SUPERUSER LOGIN",
                    "CREATE ROLE plain_" + tag,
                    "ALTER ROLE " + role + " SUPERUSER",
                    "RESET ROLE; SET ROLE postgres",
                    "SET SESSION AUTHORIZATION postgres",
                    "CREATE EXTENSION dblink",
                    "SELECT dblink_exec('dbname=" + live.database() + " user=postgres', 'DELETE FROM t')",
                    "CREATE EXTENSION postgres_fdw",
                    "SELECT pg_read_file('/etc/passwd')",
                    "SELECT lo_import('/etc/passwd')",
                    "COPY (SELECT 1) TO '/tmp/dbagent-attack-copy-" + tag + "'",
                    "ALTER SYSTEM SET work_mem = '1GB'",
                    "CREATE FUNCTION sh() RETURNS int LANGUAGE c AS '/lib/x86_64-linux-gnu/libc.so.6', 'system'",
                    "GRANT pg_execute_server_program TO " + role);
            assertThat(ran).isEmpty();
            // a trusted extension a schema may need still works for the database owner
            assertThat(succeeded(c, "CREATE EXTENSION citext", "CREATE TABLE x (e citext)")).hasSize(2);
        }
        assertThat(victim).doesNotExist();
        assertThat(Path.of("/tmp/dbagent-attack-copy-" + tag)).doesNotExist();
        assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname IN ('evil_" + tag + "', 'plain_" + tag
                + "')")).isZero();
        assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(3);
        assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname = 'postgres' AND rolsuper")).isEqualTo(1);
        // no litter: the database and the role are gone
        assertThat(count(server, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")).isZero();
        assertThat(count(server, "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")).isZero();
    }

    @Test
    void postgresFallsBackToTheCallerWhenItMayNotCreateRoles() throws Exception {
        DbUrl server = TestDatabases.pgServer();
        String tag = ScratchDatabase.randomHex(4);
        String creator = "dbagent_t_creator_" + tag;
        adminExec(server, "CREATE ROLE " + creator + " LOGIN CREATEDB PASSWORD 'pw" + tag + "'");
        try {
            DbUrl asCreator = new DbUrl(DialectKind.POSTGRES, server.jdbcUrl(), creator, "pw" + tag, server.host(),
                    server.port(), server.database(), "postgres://" + creator + ":***@" + server.hostPort() + "/");
            String name;
            try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.POSTGRES, asCreator, null);
                 DbSession s = scratch.openWritable()) {
                name = scratch.url().database();
                assertThat(scratch.identity()).isEqualTo(ScratchDatabase.Identity.CALLER);
                assertThat(scratch.note()).contains("as the --dev-db user " + creator)
                        .contains("may not create roles").contains("only the statement allow list guards it");
                try (Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(creator);
                }
            }
            assertThat(count(server, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")).isZero();
        } finally {
            adminExec(server, "DROP ROLE IF EXISTS " + creator);
        }
    }

    @Test
    void mysqlScratchUserHasThePrivilegesOfItsDatabaseOnly() throws Exception {
        DbUrl server = TestDatabases.mysqlServer();
        live = TestDatabases.create(DialectKind.MYSQL, "scrid");
        TestDatabases.exec(live, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path control = Path.of("/tmp/dbagent-control-" + tag);
        Path victim = Path.of("/tmp/dbagent-attack-" + tag);
        // positive control: root may write a server file, so the file check below can fail
        adminExec(live, "SELECT 1 INTO OUTFILE '" + control + "'");
        assertThat(control).exists();

        String name;
        String user;
        try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.MYSQL, server, live);
             DbSession s = scratch.openWritable()) {
            name = scratch.url().database();
            user = scratch.url().user();
            assertThat(scratch.identity()).isEqualTo(ScratchDatabase.Identity.TEMPORARY);
            assertThat(user).startsWith("dbagent_s_");
            assertThat(scratch.note()).contains("the same server as the live database " + live.database())
                    .contains("temporary user " + user);
            // seen from outside: no global privilege, ALL on the scratch database only
            assertThat(count(server, "SELECT count(*) FROM information_schema.user_privileges WHERE grantee LIKE '''"
                    + user + "''@%' AND privilege_type <> 'USAGE'")).isZero();
            assertThat(count(server, "SELECT count(DISTINCT table_schema) FROM information_schema.schema_privileges"
                    + " WHERE grantee LIKE '''" + user + "''@%'")).isEqualTo(1);

            Connection c = s.connection();
            assertThat(succeeded(c, "CREATE TABLE ok (id int)", "INSERT INTO ok VALUES (1)")).hasSize(2);
            List<String> ran = succeeded(c,
                    "DELETE FROM " + live.database() + ".t",
                    "SELECT * FROM " + live.database() + ".t",
                    "SELECT 1 INTO OUTFILE '" + victim + "'",
                    "SELECT 1 INTO DUMPFILE '" + victim + "'",
                    "GRANT ALL ON *.* TO CURRENT_USER",
                    "CREATE USER evil_" + tag + " IDENTIFIED BY 'x'",
                    "SET GLOBAL max_connections = 1",
                    "CREATE DATABASE evil_" + tag,
                    "DROP DATABASE " + live.database(),
                    "CREATE DEFINER = root@localhost VIEW v AS SELECT 1",
                    "LOAD DATA INFILE '/etc/passwd' INTO TABLE ok");
            assertThat(ran).isEmpty();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT LOAD_FILE('" + control + "')")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
        } finally {
            Files.deleteIfExists(control);
        }
        assertThat(victim).doesNotExist();
        assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(3);
        assertThat(count(server, "SELECT count(*) FROM mysql.user WHERE user = 'evil_" + tag + "'")).isZero();
        assertThat(count(server, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'evil_" + tag
                + "'")).isZero();
        assertThat(count(server, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + name + "'"))
                .isZero();
        assertThat(count(server, "SELECT count(*) FROM mysql.user WHERE user = '" + user + "'")).isZero();
    }

    @Test
    void sqliteScratchCannotAttachAnotherFileOrLoadExtensions() throws Exception {
        live = TestDatabases.create(DialectKind.SQLITE, "scrid");
        TestDatabases.exec(live, "CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3)");
        Path out = Files.createTempDirectory("dbagent-vacuum-").resolve("copy.db");
        Path dir;
        try (ScratchDatabase scratch = ScratchDatabase.create(DialectKind.SQLITE, null, live);
             DbSession s = scratch.openWritable()) {
            assertThat(scratch.identity()).isEqualTo(ScratchDatabase.Identity.PRIVATE_FILE);
            dir = Path.of(scratch.url().database()).getParent();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            List<String> ran = succeeded(s.connection(),
                    "ATTACH DATABASE '" + live.database() + "' AS live",
                    "DELETE FROM live.t",
                    "VACUUM INTO '" + out + "'",
                    "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0')");
            assertThat(ran).isEmpty();
            assertThat(succeeded(s.connection(), "CREATE TABLE ok (id int)")).hasSize(1);
        }
        // positive control: a plain connection may attach the same file (so the refusal above is the limit's)
        try (DbSession plain = ConnectionFactory.open(DbUrlParser.parse("sqlite::memory:"), ConnectionFactory.Access.WRITE);
             Statement st = plain.connection().createStatement()) {
            st.execute("ATTACH DATABASE '" + live.database() + "' AS live");
            st.execute("DETACH DATABASE live");
        }
        assertThat(out).doesNotExist();
        assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(3);
        assertThat(dir).doesNotExist();
    }
}

package io.dbagent.cli;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every connection error of the contract, through the CLI, on real servers: one line, exit 2, no password. */
class ConnectionErrorsIT {

    private static DbUrl pg;
    private static DbUrl mysql;

    @BeforeAll
    static void servers() {
        pg = TestDatabases.pgServer();
        mysql = TestDatabases.mysqlServer();
    }

    @AfterAll
    static void done() {
        // servers are shared; nothing created here
    }

    private static void assertOneLine(CliRunner.Result r, String expected, String secret) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err() + r.out()).doesNotContain(secret).doesNotContain("Exception");
    }

    @Test
    void unreachableHost() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertOneLine(CliRunner.run("inspect", "--db", "postgres://app:Secret-1@127.0.0.1:" + closedPort + "/x"),
                "cannot reach PostgreSQL at 127.0.0.1:" + closedPort, "Secret-1");
        assertOneLine(CliRunner.run("inspect", "--db", "mysql://app:Secret-2@127.0.0.1:" + closedPort + "/x"),
                "cannot reach MySQL/MariaDB at 127.0.0.1:" + closedPort, "Secret-2");
        assertOneLine(CliRunner.run("inspect", "--db", "postgres://app:Secret-3@no-such-host.invalid/x"),
                "unknown host 'no-such-host.invalid'", "Secret-3");
    }

    @Test
    void unknownDatabase() {
        assertOneLine(CliRunner.run("inspect", "--db", pg.withDatabase("dbagent_no_such_db").jdbcUrl()),
                "database 'dbagent_no_such_db' does not exist on PostgreSQL at " + pg.hostPort(), "\u0000");
        DbUrl m = mysql.withDatabase("dbagent_no_such_db");
        assertOneLine(CliRunner.run("inspect", "--db", "mysql://" + m.user() + "@" + m.hostPort() + "/dbagent_no_such_db"),
                "database 'dbagent_no_such_db' does not exist on MySQL/MariaDB at " + mysql.hostPort(), "\u0000");
    }

    @Test
    void wrongPasswordOnMariaDb() {
        assertOneLine(CliRunner.run("inspect", "--db",
                        "mysql://" + mysql.user() + ":Wrong-Pass-9@" + mysql.hostPort() + "/"),
                "authentication failed for user '" + mysql.user() + "' on MySQL/MariaDB at " + mysql.hostPort(),
                "Wrong-Pass-9");
    }

    /** Error 1044: the password is right but the user has no rights on the database; not an authentication failure. */
    @Test
    void accessDeniedToDatabaseOnMariaDb() {
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "noaccess");
        String user = "dbagent_noaccess_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        try {
            TestDatabases.exec(mysql, "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'No-Rights-4'; "
                    + "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'No-Rights-4'");
            CliRunner.Result r = CliRunner.run("inspect", "--db",
                    "mysql://" + user + ":No-Rights-4@" + mysql.hostPort() + "/" + db.database());
            assertOneLine(r, "access denied for user '" + user + "' to database '" + db.database()
                    + "' on MySQL/MariaDB at " + mysql.hostPort(), "No-Rights-4");
            assertThat(r.err()).doesNotContain("authentication failed");
        } finally {
            TestDatabases.exec(mysql, "DROP USER IF EXISTS '" + user + "'@'%'; DROP USER IF EXISTS '" + user + "'@'localhost'");
            TestDatabases.drop(db);
        }
    }

    /**
     * The local PostgreSQL trusts every local client, so a wrong password cannot be provoked there. A minimal server
     * speaking the PostgreSQL wire protocol answers the startup message with the real FATAL 28P01 error instead.
     */
    @Test
    void wrongPasswordOnPostgres() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> rejectOneClient(server));
            t.setDaemon(true);
            t.start();
            assertOneLine(CliRunner.run("inspect", "--db", "postgres://app:Pg-Secret-7@127.0.0.1:" + server.getLocalPort() + "/shop"),
                    "authentication failed for user 'app' on PostgreSQL at 127.0.0.1:" + server.getLocalPort(), "Pg-Secret-7");
        }
    }

    private static void rejectOneClient(ServerSocket server) {
        try (Socket s = server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            int len = in.readInt();
            int code = in.readInt();
            in.readFully(new byte[len - 8]);
            if (code == 80877103) { // SSLRequest: say no, then read the real startup message
                out.write('N');
                out.flush();
                len = in.readInt();
                in.readFully(new byte[len - 4]);
            }
            byte[] body = ("SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"app\"\0\0")
                    .getBytes(StandardCharsets.UTF_8);
            out.write('E');
            out.writeInt(body.length + 4);
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // the client gave up; the assertion on its output tells the story
        }
    }

    @Test
    void readOnlySessionsRefuseWrites() throws SQLException {
        for (DialectKind kind : DialectKind.values()) {
            DbUrl url = TestDatabases.create(kind, "ro");
            try {
                TestDatabases.exec(url, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)");
                try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement()) {
                    assertThat(s.readOnly()).isTrue();
                    assertThatThrownBy(() -> st.execute("DELETE FROM t")).as(kind.id()).isInstanceOf(SQLException.class);
                    assertThatThrownBy(() -> st.execute("DROP TABLE t")).as(kind.id()).isInstanceOf(SQLException.class);
                }
                try (DbSession s = ConnectionFactory.open(url); Statement st = s.connection().createStatement();
                     var rs = st.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(kind.id()).isEqualTo(1);
                }
            } finally {
                TestDatabases.drop(url);
            }
        }
    }
}

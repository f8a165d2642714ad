package io.dbagent.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.guard.ScriptExecutor;
import io.dbagent.report.Json;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbagent diff} end to end: exit codes, destructive handling, scratch databases, and that its output works. */
class DiffCommandIT {

    private static final String BEFORE = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL, legacy VARCHAR(10));
            INSERT INTO customers VALUES (1, 'a@x.org', 'old'), (2, 'b@x.org', NULL);
            """;
    private static final String AFTER = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL, tier VARCHAR(10) DEFAULT 'basic');
            CREATE INDEX idx_customers_email ON customers (email);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
              CONSTRAINT fk_notes_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
            """;

    @TempDir
    Path dir;

    private Path write(String name, String sql) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, sql);
        return p;
    }

    @Test
    void sqliteOutputAppliedToTheSourceMakesTheSchemasEqual() throws Exception {
        Path before = write("before.sql", BEFORE);
        Path after = write("after.sql", AFTER);
        var same = CliRunner.run("diff", "--from", before.toString(), "--to", before.toString());
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.out()).contains("no differences");

        var safe = CliRunner.run("diff", "--from", before.toString(), "--to", after.toString());
        assertThat(safe.exit()).as(safe.err()).isEqualTo(1);
        assertThat(safe.out()).contains("-- DESTRUCTIVE rebuild-table customers: loses the values of column(s) legacy")
                .contains("-- 2 change(s), 1 destructive (written as comments");

        var full = CliRunner.run("diff", "--from", before.toString(), "--to", after.toString(), "--allow-destructive");
        assertThat(full.exit()).isEqualTo(1);
        // the rebuild runs in one BEGIN … COMMIT batch: each statement starts with the ';' that ends the one before
        assertThat(full.out()).contains("\nPRAGMA foreign_keys = OFF;\n", "\nBEGIN\n",
                "\n; INSERT INTO _dbagent_new_customers (id, email) SELECT id, email FROM customers\n",
                "\n; CREATE INDEX idx_customers_email ON customers (email)\n", "\n; PRAGMA foreign_key_check\n",
                "\n; COMMIT;\nPRAGMA foreign_keys = ON;\n");

        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "diffcli");
        try {
            TestDatabases.exec(db, BEFORE);
            try (DbSession s = TestDatabases.writable(db)) {
                ScriptExecutor.run(s, full.out(), true);
            }
            var check = CliRunner.run("diff", "--from", db.database(), "--to", after.toString());
            assertThat(check.exit()).as(check.out() + check.err()).isZero();
            try (DbSession s = TestDatabases.writable(db); Statement st = s.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(tier) FROM customers")) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows survive the rebuild").isEqualTo(2);
                assertThat(rs.getString(2)).isEqualTo("basic");
            }
            var down = CliRunner.run("diff", "--from", db.database(), "--to", before.toString(), "--allow-destructive");
            assertThat(down.exit()).isEqualTo(1);
            assertThat(down.out()).contains("\n; DROP TABLE notes\n");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void postgresScriptsRunOnAScratchDatabaseThatIsDroppedAfterwards() throws Exception {
        Path before = write("before.sql", BEFORE);
        Path after = write("after.sql", AFTER);
        DbUrl server = TestDatabases.pgServer();
        long scratchBefore = scratchDatabases(server);
        var r = CliRunner.run("diff", "--from", before.toString(), "--to", after.toString(), "--dev-db",
                server.redacted(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("dialect").asText()).isEqualTo("postgres");
        assertThat(json.get("summary").get("destructive").asInt()).isEqualTo(1);
        JsonNode drop = null;
        for (JsonNode c : json.get("changes")) {
            if (c.get("kind").asText().equals("drop-column")) {
                drop = c;
            }
        }
        assertThat(drop).isNotNull();
        assertThat(drop.get("subject").asText()).isEqualTo("customers.legacy");
        assertThat(drop.get("emitted").asBoolean()).isFalse();
        assertThat(drop.get("up").get(0).asText()).isEqualTo("ALTER TABLE customers DROP COLUMN legacy");
        assertThat(drop.get("down").get(0).asText()).isEqualTo("ALTER TABLE customers ADD COLUMN legacy character varying(10)");
        assertThat(scratchDatabases(server)).as("scratch databases dropped").isEqualTo(scratchBefore);
    }

    @Test
    void mysqlLiveDatabaseAgainstAScriptUsingTheDevServerFromTheEnvironment() throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.MYSQL, "diffcli");
        try {
            TestDatabases.exec(db, BEFORE);
            Path after = write("after.sql", AFTER);
            Map<String, String> env = Map.of("DBAGENT_DEV_DB", TestDatabases.mysqlServer().redacted());
            String url = "mysql://root@" + db.hostPort() + "/" + db.database();
            var r = CliRunner.runWithEnv(env, "diff", "--from", url, "--to", after.toString(), "--allow-destructive");
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            // the column changes of customers are one ALTER TABLE (one table copy), after the lock wait limit
            assertThat(r.out()).contains("\nSET SESSION lock_wait_timeout = 5;\n", "\nALTER TABLE customers\n"
                    + "    DROP COLUMN legacy,\n    MODIFY COLUMN email varchar(200) CHARACTER SET utf8mb4 COLLATE "
                    + "utf8mb4_general_ci NOT NULL,\n    ADD COLUMN tier varchar(10) CHARACTER SET utf8mb4 COLLATE "
                    + "utf8mb4_general_ci NULL DEFAULT 'basic' AFTER email;\n");
            TestDatabases.exec(db, r.out());
            var again = CliRunner.runWithEnv(env, "diff", "--from", url, "--to", after.toString());
            assertThat(again.exit()).as(again.out()).isZero();
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void aMigrationsDirectoryIsTheSchemaItsUpFilesBuild() throws Exception {
        Path migrations = Files.createDirectory(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V20240101000000__customers.sql"), BEFORE);
        Files.writeString(migrations.resolve("U20240101000000__customers.sql"), "DROP TABLE customers;");
        Files.writeString(migrations.resolve("README.md"), "not a migration");
        Path before = write("before.sql", BEFORE);
        var r = CliRunner.run("diff", "--from", migrations.toString(), "--to", before.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path before = write("before.sql", BEFORE);
        Path broken = write("broken.sql", "CREATE TABLE x (id INTEGER PRIMARY KEY,);\n");
        var missing = CliRunner.run("diff", "--from", dir.resolve("nope.sql").toString(), "--to", before.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("dbagent: schema file not found: ").doesNotContain("\tat ");
        var bad = CliRunner.run("diff", "--from", broken.toString(), "--to", before.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("broken.sql does not run on a scratch SQLite database: statement 1 (line 1) failed");
        var noServer = CliRunner.runWithEnv(Map.of(), "diff", "--from", before.toString(), "--to", before.toString(),
                "--dialect", "postgres");
        assertThat(noServer.exit()).isEqualTo(2);
        assertThat(noServer.err()).contains("needs a development server: pass --dev-db URL");
        var mixed = CliRunner.run("diff", "--from", "postgres://u:secret@127.0.0.1:1/x", "--to", "sqlite:" + dir.resolve("a.db"));
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("same engine").doesNotContain("secret");
        var format = CliRunner.run("diff", "--from", before.toString(), "--to", before.toString(), "--format", "markdown");
        assertThat(format.exit()).isEqualTo(2);
    }

    private static long scratchDatabases(DbUrl server) throws Exception {
        try (DbSession s = TestDatabases.writable(server); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'dbagent_scratch_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

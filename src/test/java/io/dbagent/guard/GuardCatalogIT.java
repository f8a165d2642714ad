package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog half of the guard on real servers (PostgreSQL as superuser, MariaDB as root, SQLite): functions of
 * extensions off the allow list, C functions, user functions whose body (directly or through another function)
 * calls a denied one, views over them and triggers that run them are refused; harmless user objects pass.
 */
class GuardCatalogIT {

    private static DbUrl pg;
    private static DbUrl maria;
    private static DbUrl sqlite;

    @BeforeAll
    static void setUp() {
        pg = TestDatabases.create(DialectKind.POSTGRES, "guardcat");
        TestDatabases.exec(pg, """
                CREATE EXTENSION dblink;
                CREATE EXTENSION pg_trgm;
                CREATE TABLE t (id int PRIMARY KEY, name text);
                CREATE TABLE audit (id int);
                CREATE FUNCTION kill_all() RETURNS int LANGUAGE plpgsql AS $$
                  BEGIN PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE false; RETURN 1; END $$;
                CREATE FUNCTION indirect() RETURNS int LANGUAGE sql AS $$ SELECT kill_all() $$;
                CREATE FUNCTION dyn(q text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE q; END $$;
                CREATE FUNCTION c_fn(cstring) RETURNS int LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
                CREATE FUNCTION add1(x int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
                CREATE FUNCTION nice() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN upper('ok'); END $$;
                CREATE VIEW killer AS SELECT kill_all() AS k;
                CREATE VIEW over_killer AS SELECT * FROM killer;
                CREATE VIEW harmless AS SELECT add1(id) FROM t;
                """);
        maria = TestDatabases.create(DialectKind.MYSQL, "guardcat");
        TestDatabases.exec(maria, """
                CREATE TABLE t (id int PRIMARY KEY, name varchar(100));
                CREATE TABLE audit (id int);
                DELIMITER //
                CREATE FUNCTION peek(p varchar(200)) RETURNS text READS SQL DATA BEGIN RETURN LOAD_FILE(p); END//
                CREATE FUNCTION via_peek() RETURNS text READS SQL DATA BEGIN RETURN peek('/etc/hostname'); END//
                CREATE FUNCTION add1(x int) RETURNS int DETERMINISTIC BEGIN RETURN x + 1; END//
                DELIMITER ;
                CREATE VIEW peeking AS SELECT peek('/etc/hostname') AS f;
                CREATE VIEW harmless AS SELECT add1(id) AS a FROM t;
                """);
        sqlite = TestDatabases.create(DialectKind.SQLITE, "guardcat");
        TestDatabases.exec(sqlite, """
                CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
                CREATE VIEW harmless AS SELECT id FROM t;
                CREATE VIEW loader AS SELECT load_extension('/tmp/nothing.so') AS x;
                """);
    }

    @AfterAll
    static void tearDown() {
        TestDatabases.drop(pg);
        TestDatabases.drop(maria);
        TestDatabases.drop(sqlite);
    }

    @Test
    void postgresRefusesDangerousCatalogObjects() {
        try (DbSession s = open(pg)) {
            refused(s, ExecutionContext.READ, "SELECT dblink_connect('x')", "dblink");
            refused(s, ExecutionContext.READ, "SELECT kill_all()", "pg_terminate_backend");
            refused(s, ExecutionContext.READ, "SELECT public.\"kill_all\"()", "pg_terminate_backend");
            refused(s, ExecutionContext.READ, "SELECT indirect()", "kill_all");
            refused(s, ExecutionContext.READ, "SELECT dyn('select 1')", "dynamic SQL");
            refused(s, ExecutionContext.READ, "SELECT c_fn('1')", "internal");
            refused(s, ExecutionContext.READ, "SELECT * FROM killer", "killer");
            refused(s, ExecutionContext.READ, "SELECT * FROM over_killer", "over_killer");
            refused(s, ExecutionContext.MEASURE, "SELECT kill_all()", "pg_terminate_backend");

            assertEquals(StatementGuard.Kind.READ, StatementGuard.check(ExecutionContext.READ, s,
                    "SELECT add1(1), nice(), similarity('a', 'b'), * FROM harmless").kind());
            assertEquals(StatementGuard.Kind.DML, StatementGuard.check(ExecutionContext.MEASURE, s,
                    "INSERT INTO t VALUES (add1(1), nice())").kind());
        }
    }

    @Test
    void postgresRefusesWritesThatFireADangerousTrigger() {
        try (DbSession s = open(pg)) {
            assertEquals(StatementGuard.Kind.DML, StatementGuard.check(ExecutionContext.MEASURE, s,
                    "UPDATE audit SET id = 1").kind());
            TestDatabases.exec(pg, """
                    CREATE FUNCTION remote_copy() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN PERFORM dblink_exec('dbname=postgres', 'SELECT 1'); RETURN NEW; END $$;
                    CREATE TRIGGER t_remote AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION remote_copy();
                    """);
            try {
                refused(s, ExecutionContext.MEASURE, "INSERT INTO t VALUES (5, 'x')", "t_remote");
                // reads fire no trigger
                StatementGuard.check(ExecutionContext.READ, s, "SELECT * FROM t");
            } finally {
                TestDatabases.exec(pg, "DROP TRIGGER t_remote ON t; DROP FUNCTION remote_copy()");
            }
        }
    }

    @Test
    void mariadbRefusesStoredFunctionsAndViewsThatReadFiles() {
        try (DbSession s = open(maria)) {
            refused(s, ExecutionContext.READ, "SELECT peek('/etc/passwd')", "load_file");
            refused(s, ExecutionContext.READ, "SELECT via_peek()", "peek");
            refused(s, ExecutionContext.READ, "SELECT * FROM peeking", "peeking");
            refused(s, ExecutionContext.MEASURE, "SELECT `PEEK`('/etc/passwd')", "load_file");
            assertEquals(StatementGuard.Kind.READ, StatementGuard.check(ExecutionContext.READ, s,
                    "SELECT add1(1), a FROM harmless").kind());

            TestDatabases.exec(maria, """
                    DELIMITER //
                    CREATE TRIGGER t_peek BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.name = LOAD_FILE('/etc/hostname'); END//
                    DELIMITER ;
                    """);
            try {
                refused(s, ExecutionContext.MEASURE, "INSERT INTO audit VALUES (1)", "t_peek");
            } finally {
                TestDatabases.exec(maria, "DROP TRIGGER t_peek");
            }
            assertEquals(StatementGuard.Kind.DML, StatementGuard.check(ExecutionContext.MEASURE, s,
                    "INSERT INTO audit VALUES (add1(1))").kind());
        }
    }

    @Test
    void sqliteRefusesViewsThatLoadExtensions() {
        try (DbSession s = open(sqlite)) {
            refused(s, ExecutionContext.READ, "SELECT * FROM loader", "load_extension");
            assertEquals(StatementGuard.Kind.READ,
                    StatementGuard.check(ExecutionContext.READ, s, "SELECT * FROM harmless").kind());
        }
    }

    private static DbSession open(DbUrl url) {
        return ConnectionFactory.open(url, ConnectionFactory.Access.WRITE_CREATE);
    }

    private static void refused(DbSession s, ExecutionContext ctx, String sql, String mention) {
        DbAgentException e = assertThrows(DbAgentException.class, () -> StatementGuard.check(ctx, s, sql), sql);
        assertEquals(DbAgentException.Code.BAD_INPUT, e.code());
        assertTrue(e.getMessage().startsWith("refused") && e.getMessage().toLowerCase().contains(mention.toLowerCase()),
                sql + " -> " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}

package io.dbagent.cli.repl;

import io.dbagent.agent.DatabaseTools;
import io.dbagent.app.PlanStore;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.jdbc.SessionSource;
import io.dbagent.memory.MemoryStore;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat's commands that change data: {@code /normalize --table} (FD discovery, the split proposed as a plan) and
 * {@code /backup create|restore}, driven through the dumb terminal on SQLite and PostgreSQL. Every outcome is read
 * on a connection of the test's own or from the file system.
 */
class ReplDataChangesIT {

    private static final String ORDERS_ROWS = """
            INSERT INTO orders VALUES (1, 'ann', 'Paris'), (2, 'bob', 'Paris'), (3, 'cy', 'Rome'),
                                      (4, 'ann', 'Paris'), (5, 'cy', 'Rome'), (6, 'bob', 'Paris');
            """;

    private static DatabaseTools tools(DbUrl db, Path dir) {
        return new DatabaseTools(SessionSource.of(db), db, new MemoryStore(dir.resolve("memory")), new PlanStore(), false);
    }

    @Test
    void normalizeATableOnSqliteShowsThePlanAndDropsTheMovedColumnOnlyAfterYes(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "replnorm");
        try {
            TestDatabases.exec(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, "
                    + "city TEXT NOT NULL);\n" + ORDERS_ROWS);
            DatabaseTools tools = tools(db, dir);

            // "y" is not the word: nothing is created, nothing is dropped
            String no = ReplDriver.run("/normalize --table orders --allow-destructive\ny\n/quit\n", tools);
            assertThat(no).contains("customer -> city", "INSERT INTO", "SELECT DISTINCT",
                    "!! DESTRUCTIVE: this plan removes or rewrites existing data !!",
                    "  DROP COLUMN orders.city (~6 rows)", "type yes to apply", "rejected");
            // the plan (its statements) comes before the question
            assertThat(no.lastIndexOf("ALTER TABLE")).isPositive().isLessThan(no.indexOf("type yes to apply"));
            assertThat(one(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")).isEqualTo(1);
            assertThat(columns(db, "orders")).containsExactly("id", "customer", "city");

            String yes = ReplDriver.run("/normalize orders --allow-destructive\nyes\n/quit\n", tools);
            assertThat(yes).contains("!! DESTRUCTIVE", "applied ");
            assertThat(columns(db, "orders")).containsExactly("id", "customer");
            assertThat(one(db, "SELECT count(*) FROM orders")).isEqualTo(6);
            String created = text(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'orders'");
            assertThat(one(db, "SELECT count(*) FROM \"" + created + "\"")).isEqualTo(3);
            assertThat(one(db, "SELECT count(*) FROM \"" + created + "\" WHERE customer = 'cy' AND city = 'Rome'"))
                    .isEqualTo(1);

            // a table in 3NF proposes nothing and asks nothing
            String nothing = ReplDriver.run("/normalize orders\n/quit\n", tools);
            assertThat(nothing).contains("nothing to decompose").doesNotContain("[y/N]", "type yes");
            // bad input: one usage line
            assertThat(ReplDriver.run("/normalize --table\n/quit\n", tools)).contains("usage: /normalize");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void normalizeATableOnPostgresWithoutDropsIsAPlainYesAndKeepsTheColumn(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "replnormpg");
        try {
            TestDatabases.exec(db, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, "
                    + "city text NOT NULL);\n" + ORDERS_ROWS + "ANALYZE orders;");
            DatabaseTools tools = tools(db, dir);
            String out = ReplDriver.run("/normalize --table orders\ny\n/quit\n", tools);
            assertThat(out).contains("customer -> city", "[y/N]", "applied ").doesNotContain("DESTRUCTIVE");
            assertThat(pg(db, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                    + "AND table_name = 'orders'")).isEqualTo(3);
            assertThat(pg(db, "SELECT count(*) FROM orders")).isEqualTo(6);
            assertThat(pg(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo(2);
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void backupCreateAndRestoreOnSqlite(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, "replbackup");
        try {
            TestDatabases.exec(db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, "
                    + "city TEXT NOT NULL);\n" + ORDERS_ROWS);
            DatabaseTools tools = tools(db, dir);
            Path backups = dir.resolve("backups");
            String created = ReplDriver.run("/backup create " + backups + "\n/backup list " + backups + "\n/quit\n", tools);
            assertThat(backups).as(created).isDirectory();
            Path folder = onlyFolder(backups);
            assertThat(folder.resolve("manifest.json")).exists();
            assertThat(created).contains(folder.toString(), "not verified");

            TestDatabases.exec(db, "DELETE FROM orders WHERE id > 2;");
            // the target holds tables: refused before asking, without --force
            String refused = ReplDriver.run("/backup restore " + folder + "\n/quit\n", tools);
            assertThat(refused).contains("is not empty", "--force").doesNotContain("type yes");
            String declined = ReplDriver.run("/backup restore " + folder + " --force\ny\n/quit\n", tools);
            assertThat(declined).contains("restore ", "(1 tables, 6 rows) into",
                    "!! DESTRUCTIVE: this restore replaces existing tables and their rows !!",
                    "  REPLACE TABLE orders (~2 rows)", "type yes to restore", "not restored; nothing was changed");
            assertThat(one(db, "SELECT count(*) FROM orders")).isEqualTo(2);

            String restored = ReplDriver.run("/backup restore " + folder + " --force\nyes\n/quit\n", tools);
            assertThat(restored).contains("!! DESTRUCTIVE", "restored");
            assertThat(one(db, "SELECT count(*) FROM orders")).isEqualTo(6);
            assertThat(ReplDriver.run("/backup restore\n/quit\n", tools)).contains("usage: /backup create DIR");
        } finally {
            TestDatabases.drop(db);
        }
    }

    @Test
    void backupCreateAndRestoreOnPostgres(@TempDir Path dir) throws Exception {
        DbUrl db = TestDatabases.create(DialectKind.POSTGRES, "replbackuppg");
        try {
            TestDatabases.exec(db, "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, "
                    + "city text NOT NULL);\n" + ORDERS_ROWS + "CREATE TABLE notes (id int PRIMARY KEY);");
            DatabaseTools tools = tools(db, dir);
            Path backups = dir.resolve("backups");
            String created = ReplDriver.run("/backup create " + backups + "\n/quit\n", tools);
            assertThat(backups).as(created).isDirectory();
            Path folder = onlyFolder(backups);
            assertThat(folder.resolve("manifest.json")).exists();
            assertThat(created).contains(folder.toString());

            TestDatabases.exec(db, "DELETE FROM orders WHERE id > 1; CREATE TABLE later (id int); ANALYZE;");
            String declined = ReplDriver.run("/backup restore " + folder + " --force\n\n/quit\n", tools);
            assertThat(declined).contains("!! DESTRUCTIVE", "  REPLACE TABLE orders (~1 rows)",
                    "  REPLACE TABLE notes", "not restored").doesNotContain("REPLACE TABLE later");
            assertThat(pg(db, "SELECT count(*) FROM orders")).isEqualTo(1);

            String restored = ReplDriver.run("/backup restore " + folder + " --force\nyes\n/quit\n", tools);
            assertThat(restored).contains("restored");
            assertThat(pg(db, "SELECT count(*) FROM orders")).isEqualTo(6);
            // a table the backup does not know stays
            assertThat(pg(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'later'")).isEqualTo(1);
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static Path onlyFolder(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> folders = s.filter(Files::isDirectory).toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }

    private static long one(DbUrl db, String sql) throws Exception {
        return Long.parseLong(text(db, sql));
    }

    private static String text(DbUrl db, String sql) throws Exception {
        try (DbSession s = ConnectionFactory.open(db, ConnectionFactory.Access.READ_ONLY);
             Statement st = s.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            String v = rs.getString(1);
            assertThat(rs.next()).as("one row: " + sql).isFalse();
            return v;
        }
    }

    private static long pg(DbUrl db, String sql) throws Exception {
        return one(db, sql);
    }

    private static List<String> columns(DbUrl db, String table) throws Exception {
        try (DbSession s = ConnectionFactory.open(db, ConnectionFactory.Access.READ_ONLY);
             Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}

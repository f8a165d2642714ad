package io.dbagent.migrate;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Migration files per engine for the runner tests, and small helpers to look at the result. */
final class MigrationFixtures {

    private MigrationFixtures() {
    }

    /** V1: tables plus a trigger whose body has semicolons (dollar quotes on PG, DELIMITER on MySQL). */
    static String v1(DialectKind d) {
        return switch (d) {
            case POSTGRES -> """
                    -- customers and their orders
                    CREATE TABLE customers (id integer PRIMARY KEY, email varchar(120) NOT NULL, orders_count integer NOT NULL DEFAULT 0);
                    CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id));
                    CREATE FUNCTION count_order() RETURNS trigger LANGUAGE plpgsql AS $body$
                    BEGIN
                      UPDATE customers SET orders_count = orders_count + 1 WHERE id = NEW.customer_id;
                      RETURN NEW;
                    END;
                    $body$;
                    CREATE TRIGGER trg_count_order AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION count_order();
                    """;
            case MYSQL -> """
                    -- customers and their orders
                    CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(120) NOT NULL, orders_count INT NOT NULL DEFAULT 0);
                    CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL,
                      CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id));
                    DELIMITER $$
                    CREATE TRIGGER trg_count_order AFTER INSERT ON orders FOR EACH ROW
                    BEGIN
                      UPDATE customers SET orders_count = orders_count + 1 WHERE id = NEW.customer_id;
                    END$$
                    DELIMITER ;
                    """;
            case SQLITE -> """
                    -- customers and their orders
                    CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL, orders_count INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id));
                    CREATE TRIGGER trg_count_order AFTER INSERT ON orders
                    BEGIN
                      UPDATE customers SET orders_count = orders_count + 1 WHERE id = NEW.customer_id;
                    END;
                    """;
        };
    }

    static String u1(DialectKind d) {
        return d == DialectKind.POSTGRES
                ? "DROP TABLE orders;\nDROP TABLE customers;\nDROP FUNCTION count_order();\n"
                : "DROP TABLE orders;\nDROP TABLE customers;\n";
    }

    static final String V2 = "ALTER TABLE customers ADD COLUMN tier VARCHAR(10);\nCREATE INDEX idx_customers_tier ON customers (tier);\n";

    static String u2(DialectKind d) {
        return (d == DialectKind.MYSQL ? "DROP INDEX idx_customers_tier ON customers;\n" : "DROP INDEX idx_customers_tier;\n")
                + "ALTER TABLE customers DROP COLUMN tier;\n";
    }

    static final String V3 = "INSERT INTO customers (id, email) VALUES (1, 'a@x.org');\nINSERT INTO orders VALUES (10, 1);\n";
    static final String U3 = "DELETE FROM orders;\nDELETE FROM customers;\n";

    static Path write(Path dir, String name, String sql) throws Exception {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), sql);
    }

    /** The history as "version type success" lines. */
    static List<String> history(DbUrl url) throws Exception {
        List<String> out = new ArrayList<>();
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT version, type, success, detail FROM dbagent_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + (rs.getBoolean(3) ? "ok" : "FAILED: " + rs.getString(4)));
            }
        }
        return out;
    }

    static long count(DbUrl url, String sql) throws Exception {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(DbUrl url, String table) throws Exception {
        String sql = switch (url.dialect()) {
            case POSTGRES -> "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '" + table + "'";
            case MYSQL -> "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table + "'";
            case SQLITE -> "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'";
        };
        return count(url, sql) == 1;
    }

    /** What to give --db: the SQLite path, or a URL with the password, as a user would type it. */
    static String dbArg(DbUrl url) {
        String auth = url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
        return switch (url.dialect()) {
            case SQLITE -> url.database();
            case POSTGRES -> "postgres://" + auth + url.hostPort() + "/" + url.database();
            case MYSQL -> "mysql://" + auth + url.hostPort() + "/" + url.database();
        };
    }
}

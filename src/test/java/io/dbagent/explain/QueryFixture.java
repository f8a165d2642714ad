package io.dbagent.explain;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.testsupport.TestDatabases;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A small shop-like data set for optimiser tests, the same on every engine: {@code customers} (2,000 rows) and
 * {@code orders_t} (20,000 rows, indexed only on customer_id), loaded with multi-row INSERTs. Values are deterministic:
 * order n belongs to customer {@code n % 2000 + 1}, has {@code customer_ref = n}, status {@code pending} when
 * {@code n % 33 == 0} (606 rows), and {@code a = b = n % 100}.
 */
public final class QueryFixture {

    public static final int ORDERS = 20_000;
    public static final int CUSTOMERS = 2_000;

    private QueryFixture() {
    }

    public static String ddl(DialectKind d) {
        String id = switch (d) {
            case POSTGRES -> "bigint PRIMARY KEY";
            case MYSQL -> "BIGINT PRIMARY KEY";
            case SQLITE -> "INTEGER PRIMARY KEY";
        };
        String engine = d == DialectKind.MYSQL ? " ENGINE=InnoDB" : "";
        return """
                CREATE TABLE customers (id %1$s, email VARCHAR(120) NOT NULL, country CHAR(2) NOT NULL)%2$s;
                CREATE INDEX idx_customers_email ON customers (email);
                CREATE TABLE orders_t (id %1$s, customer_id BIGINT NOT NULL, customer_ref INT NOT NULL,
                  status VARCHAR(20) NOT NULL, total DECIMAL(10,2) NOT NULL, a INT NOT NULL, b INT NOT NULL,
                  code VARCHAR(20) NOT NULL, created_at TIMESTAMP NULL, note VARCHAR(400) NOT NULL)%2$s;
                CREATE INDEX idx_orders_t_customer ON orders_t (customer_id);
                """.formatted(id, engine);
    }

    /** Creates and fills the tables, then refreshes statistics. */
    public static void load(DbUrl url) {
        DialectKind d = url.dialect();
        TestDatabases.exec(url, ddl(d));
        if (d == DialectKind.POSTGRES) {
            // server-side generation: the same rows as below, without shipping 7 MB of INSERT text
            TestDatabases.exec(url, """
                    INSERT INTO customers (id, email, country)
                      SELECT i, 'user' || i || '@example.com', CASE WHEN i %% 2 = 0 THEN 'DE' ELSE 'US' END
                      FROM generate_series(1, %d) i;
                    INSERT INTO orders_t (id, customer_id, customer_ref, status, total, a, b, code, created_at, note)
                      SELECT i, i %% %d + 1, i, CASE WHEN i %% 33 = 0 THEN 'pending' ELSE 'paid' END, (i %% 500) + 0.25,
                             i %% 100, i %% 100, 'C' || i,
                             make_timestamp(2024, i %% 12 + 1, i %% 28 + 1, 10, 0, 0), repeat('n', 300) || i
                      FROM generate_series(1, %d) i;
                    ANALYZE;
                    """.formatted(CUSTOMERS, CUSTOMERS, ORDERS));
            return;
        }
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            insert(st, "customers", "id, email, country", CUSTOMERS,
                    i -> "(" + i + ", 'user" + i + "@example.com', '" + (i % 2 == 0 ? "DE" : "US") + "')");
            insert(st, "orders_t", "id, customer_id, customer_ref, status, total, a, b, code, created_at, note", ORDERS,
                    i -> "(" + i + ", " + (i % CUSTOMERS + 1) + ", " + i + ", '" + (i % 33 == 0 ? "pending" : "paid")
                            + "', " + (i % 500) + ".25, " + (i % 100) + ", " + (i % 100) + ", 'C" + i + "', '2024-"
                            + String.format("%02d", i % 12 + 1) + "-" + String.format("%02d", i % 28 + 1)
                            + " 10:00:00', '" + "n".repeat(300) + i + "')");
            analyze(s, st);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void analyze(DbSession s, Statement st) throws SQLException {
        switch (s.dialect()) {
            case POSTGRES, SQLITE -> st.execute("ANALYZE");
            case MYSQL -> st.execute("ANALYZE TABLE customers, orders_t");
        }
    }

    public static void analyze(DbUrl url) {
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            analyze(s, st);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void insert(Statement st, String table, String columns, int count, IntFunction<String> row)
            throws SQLException {
        for (int start = 1; start <= count; start += 1000) {
            List<String> values = new ArrayList<>();
            for (int i = start; i < Math.min(count + 1, start + 1000); i++) {
                values.add(row.apply(i));
            }
            st.executeUpdate("INSERT INTO " + table + " (" + columns + ") VALUES " + String.join(",", values));
        }
    }

    /** The URL as a CLI argument (SQLite: the file path). */
    public static String dbArg(DbUrl url) {
        String auth = url.user() + (url.password() == null ? "" : ":" + url.password()) + "@";
        return switch (url.dialect()) {
            case SQLITE -> url.database();
            case POSTGRES -> "postgres://" + auth + url.hostPort() + "/" + url.database();
            case MYSQL -> "mysql://" + auth + url.hostPort() + "/" + url.database();
        };
    }
}

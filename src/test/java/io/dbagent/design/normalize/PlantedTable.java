package io.dbagent.design.normalize;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.testsupport.TestDatabases;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.Set;

/**
 * A generated order table with known dependencies, for FD discovery tests and the benchmark:
 * {@code customer_id -> customer_city}, {@code product_id -> unit_price}, {@code customer_id, product_id -> discount},
 * and the surrogate {@code id} determining everything. The other columns are drawn at random (fixed seed) from
 * domains large enough that no other FD holds by accident.
 */
public final class PlantedTable {

    /** The minimal FDs the rows satisfy, as {@code lhs,lhs->rhs}. */
    public static final Set<String> EXPECTED = Set.of(
            "id->customer_id", "id->customer_city", "id->product_id", "id->unit_price", "id->discount",
            "id->channel", "customer_id->customer_city", "product_id->unit_price", "customer_id,product_id->discount");

    private PlantedTable() {
    }

    public static void create(DbUrl url, String table, int rows, long seed) {
        TestDatabases.exec(url, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, "
                + "customer_city VARCHAR(20) NOT NULL, product_id INTEGER NOT NULL, unit_price DECIMAL(8,2) NOT NULL, "
                + "discount INTEGER NOT NULL, channel VARCHAR(10) NOT NULL)");
        Random rnd = new Random(seed);
        String[] channels = {"web", "app", "phone", "store"};
        try (DbSession s = TestDatabases.writable(url); Statement st = s.connection().createStatement()) {
            s.connection().setAutoCommit(false);
            StringBuilder sb = new StringBuilder();
            for (int id = 1; id <= rows; id++) {
                int customer = 1 + rnd.nextInt(1000);
                int product = 1 + rnd.nextInt(50);
                sb.append(sb.isEmpty() ? "INSERT INTO " + table + " VALUES " : ", ")
                        .append('(').append(id).append(", ").append(customer).append(", 'city_")
                        .append(customer * 31 % 97).append("', ").append(product).append(", ")
                        .append((product * 37) % 29 + 1).append(".99, ").append(customer * product % 7).append(", '")
                        .append(channels[rnd.nextInt(4)]).append("')");
                if (id % 1000 == 0 || id == rows) {
                    st.execute(sb.toString());
                    sb.setLength(0);
                }
            }
            s.connection().commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

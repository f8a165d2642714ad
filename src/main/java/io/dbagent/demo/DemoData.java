package io.dbagent.demo;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Generates the demo's rows deterministically (fixed seed) as multi-row INSERTs, which every engine loads fast
 * without driver-specific batch settings. Values are generated here, never user input, so literals are safe.
 */
final class DemoData {

    static final String[] STATUSES = {"pending", "paid", "shipped", "cancelled"};
    static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "BR", "IN", "CA"};

    private final int users;
    private final int products;
    private final int orders;
    private final int items;
    private final Random random = new Random(20261126L);

    /** Row counts, scaled from the number of order items the caller wants. */
    DemoData(int orderItems) {
        this.items = orderItems;
        this.orders = Math.max(10, orderItems * 3 / 11);
        this.users = Math.max(5, orderItems / 44);
        this.products = Math.max(5, orderItems / 110);
    }

    record Counts(int users, int categories, int products, int orders, int orderItems, int auditLog) {
        int total() {
            return users + categories + products + orders + orderItems + auditLog;
        }
    }

    Counts load(Statement st) throws SQLException {
        int categories = 20;
        insert(st, "users", "email, full_name, country, created_at", users, i ->
                "('user" + i + "@example.com', 'User " + i + "', '" + COUNTRIES[i % COUNTRIES.length] + "', '"
                        + day(i % 700) + " 10:00:00')");
        insert(st, "categories", "name, parent_id", categories, i ->
                "('category " + i + "', " + (i <= 5 ? "NULL" : Integer.toString(1 + i % 5)) + ")");
        insert(st, "products", "sku, name, category_id, price, stock", products, i ->
                "('SKU-" + i + "', 'Product " + i + "', " + (1 + i % categories) + ", "
                        + (1 + random.nextInt(50000)) / 100.0 + ", " + random.nextInt(500) + ")");
        insert(st, "orders", "user_id, status, coupon_id, total, created_at", orders, i ->
                "(" + (1 + random.nextInt(users)) + ", '" + STATUSES[weightedStatus()] + "', "
                        + (i % 9 == 0 ? Integer.toString(1 + i % 50) : "NULL") + ", 0, '" + day(i % 700) + " 12:00:00')");
        insert(st, "order_items", "order_id, product_id, quantity, unit_price", items, i ->
                "(" + (1 + (long) (i - 1) * orders / items) + ", " + (1 + random.nextInt(products)) + ", "
                        + (1 + random.nextInt(5)) + ", " + (1 + random.nextInt(50000)) / 100.0 + ")");
        int audit = Math.max(10, orders / 60);
        insert(st, "audit_log", "table_name, row_id, action", audit, i ->
                "('orders', " + (1 + random.nextInt(orders)) + ", 'status')");
        return new Counts(users, categories, products, orders, items, audit);
    }

    /** Most orders are done; a few percent are pending, which is what makes a pending-orders query selective. */
    private int weightedStatus() {
        int r = random.nextInt(100);
        return r < 3 ? 0 : r < 60 ? 1 : r < 95 ? 2 : 3;
    }

    private static String day(int offset) {
        return java.time.LocalDate.of(2024, 1, 1).plusDays(offset).toString();
    }

    private static void insert(Statement st, String table, String columns, int count, IntFunction<String> row)
            throws SQLException {
        final int batch = 1000;
        for (int start = 1; start <= count; start += batch) {
            int end = Math.min(count, start + batch - 1);
            List<String> values = new ArrayList<>(end - start + 1);
            for (int i = start; i <= end; i++) {
                values.add(row.apply(i));
            }
            st.executeUpdate("INSERT INTO " + table + " (" + columns + ") VALUES " + String.join(",", values));
        }
    }
}

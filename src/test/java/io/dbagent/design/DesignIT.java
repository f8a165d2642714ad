package io.dbagent.design;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Five specs designed for PostgreSQL, MariaDB and SQLite, applied to fresh databases and inspected back: every table,
 * column, key, foreign key, unique, check, index and trigger of the design is there, plus hand-written facts per
 * spec (join tables, composite keys, one-to-one uniques, bigint/uuid keys, full-text indexes). The trigger behaviour
 * on the same databases is tested by {@link Behaviour}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesignIT {

    static final List<String> SPECS = List.of("shop", "blog", "hr", "library", "saas");

    private final Map<String, DbUrl> dbs = new ConcurrentHashMap<>();
    private final Map<String, Design> designs = new ConcurrentHashMap<>();

    static String specText(String name) {
        String path = name.equals("shop") ? "/design/shop.yaml" : "/design/specs/" + name + ".yaml";
        try (var in = Objects.requireNonNull(DesignIT.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (DialectKind d : DialectKind.values()) {
            for (String s : SPECS) {
                out.add(Arguments.of(d, s));
            }
        }
        return out.stream();
    }

    @BeforeAll
    void applyAll() {
        for (DialectKind d : DialectKind.values()) {
            for (String s : SPECS) {
                Design design = DesignService.design(specText(s), s + ".yaml", d);
                DbUrl url = TestDatabases.create(d, "design_" + s);
                dbs.put(d + "/" + s, url);
                designs.put(d + "/" + s, design);
                TestDatabases.exec(url, inOneTransaction(d, design.ddl()));
            }
        }
    }

    /** PostgreSQL and SQLite run DDL in a transaction: one commit instead of one per statement keeps tests fast. */
    static String inOneTransaction(DialectKind d, String ddl) {
        return d == DialectKind.MYSQL ? ddl : "BEGIN;\n" + ddl + "\nCOMMIT;\n";
    }

    @AfterAll
    void dropAll() {
        dbs.values().forEach(TestDatabases::drop);
    }

    private Schema inspect(DialectKind d, String spec) {
        try (DbSession s = TestDatabases.writable(dbs.get(d + "/" + spec))) {
            return Dialects.inspect(s);
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void inspectedSchemaMatchesTheDesign(DialectKind d, String spec) {
        Design design = designs.get(d + "/" + spec);
        Schema live = inspect(d, spec);
        for (Table want : design.schema().tables()) {
            Table got = live.table(want.name()).orElseThrow(() -> new AssertionError("missing table " + want.name()));
            String t = spec + "/" + d + " " + want.name();
            assertThat(names(got.columns())).as(t + " columns").isEqualTo(names(want.columns()));
            for (var c : want.columns()) {
                if (c.generated() == null) {
                    assertThat(got.column(c.name()).orElseThrow().nullable()).as(t + "." + c.name() + " nullable")
                            .isEqualTo(c.nullable());
                }
            }
            assertThat(got.primaryKey()).as(t + " primary key").isEqualTo(want.primaryKey());
            assertThat(fks(got)).as(t + " foreign keys").isEqualTo(fks(want));
            Set<List<String>> uniqueSets = new HashSet<>();
            got.uniques().forEach(u -> uniqueSets.add(u.columns()));
            got.indexes().stream().filter(i -> i.unique() && !i.primary()).forEach(i -> uniqueSets.add(i.columns()));
            want.uniques().forEach(u -> assertThat(uniqueSets).as(t + " unique " + u.columns()).contains(u.columns()));
            Set<String> checkNames = new HashSet<>();
            got.checks().forEach(c -> checkNames.add(lower(c.name())));
            want.checks().forEach(c -> assertThat(checkNames).as(t + " checks").contains(lower(c.name())));
            for (Index i : want.indexes()) {
                Index gi = got.index(i.name()).orElseThrow(() -> new AssertionError(t + " missing index " + i.name()));
                assertThat(gi.columns()).as(t + " index " + i.name()).isEqualTo(i.columns());
                if (!"btree".equals(i.method())) {
                    assertThat(gi.method()).isEqualTo(i.method());
                }
            }
        }
        Set<String> triggers = new HashSet<>();
        live.triggers().forEach(tr -> triggers.add(lower(tr.name())));
        for (Trigger tr : design.schema().triggers()) {
            assertThat(triggers).as(spec + "/" + d + " triggers").contains(lower(tr.name()));
        }
    }

    /** Facts written by hand, independent of the designer's own model. */
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void handWrittenExpectations(DialectKind d) {
        Schema shop = inspect(d, "shop");
        Table items = shop.table("order_items").orElseThrow();
        assertThat(items.primaryKey()).containsExactly("order_id", "product_id");
        assertThat(items.column("quantity").orElseThrow().nullable()).isFalse();
        assertThat(fks(items)).containsExactlyInAnyOrder("order_id->orders CASCADE", "product_id->products RESTRICT");
        assertThat(indexed(items, "product_id")).isTrue();
        assertThat(shop.table("profiles").orElseThrow().uniques().stream().map(u -> u.columns()).toList()
                .contains(List.of("user_id")) || uniqueIndexed(shop.table("profiles").orElseThrow(), "user_id"))
                .as("one-to-one is a unique foreign key").isTrue();
        assertThat(indexed(shop.table("orders").orElseThrow(), "user_id")).isTrue();
        assertThat(indexed(shop.table("categories").orElseThrow(), "parent_id")).isTrue();
        String orderKey = shop.table("orders").orElseThrow().column("id").orElseThrow().type();
        String userKey = shop.table("users").orElseThrow().column("id").orElseThrow().type();
        if (d == DialectKind.SQLITE) {
            assertThat(orderKey).isEqualToIgnoringCase("integer");
        } else {
            assertThat(orderKey).as("50M orders need a bigint key").startsWith("bigint");
            assertThat(userKey).as("2M users fit an int key").startsWith(d == DialectKind.POSTGRES ? "integer" : "int");
            assertThat(items.column("order_id").orElseThrow().type()).startsWith("bigint");
        }
        switch (d) {
            case POSTGRES -> assertThat(shop.table("products").orElseThrow().indexes())
                    .anyMatch(i -> i.method().equals("gin") && i.columns().equals(List.of("search_vector")));
            case MYSQL -> assertThat(shop.table("products").orElseThrow().indexes())
                    .anyMatch(i -> i.method().equals("fulltext") && i.columns().equals(List.of("description")));
            case SQLITE -> assertThat(shop.table("products_fts")).isPresent();
        }

        Schema blog = inspect(d, "blog");
        Table postTags = blog.table("post_tags").orElseThrow();
        assertThat(postTags.primaryKey()).containsExactly("post_id", "tag_id");
        assertThat(fks(postTags)).containsExactlyInAnyOrder("post_id->posts CASCADE", "tag_id->tags CASCADE");
        assertThat(indexed(postTags, "tag_id")).isTrue();
        assertThat(fks(blog.table("comments").orElseThrow())).containsExactly("post_id->posts CASCADE");

        Schema hr = inspect(d, "hr");
        Table emp = hr.table("employees").orElseThrow();
        assertThat(fks(emp)).containsExactlyInAnyOrder("department_id->departments RESTRICT",
                "manager_id->employees RESTRICT");
        assertThat(emp.column("manager_id").orElseThrow().nullable()).isTrue();
        assertThat(emp.column("annual_salary").orElseThrow().generated()).isNotNull();
        assertThat(emp.column("id").orElseThrow().type().toLowerCase(Locale.ROOT)).isEqualTo(switch (d) {
            case POSTGRES -> "uuid";
            case MYSQL -> "char(36)";
            case SQLITE -> "text";
        });

        Schema lib = inspect(d, "library");
        assertThat(lib.table("user")).as("singular, reserved table name").isPresent();
        Table authorship = lib.table("authorship").orElseThrow();
        assertThat(authorship.primaryKey()).containsExactly("book_id", "writer_id");
        assertThat(fks(authorship)).containsExactlyInAnyOrder("book_id->book CASCADE", "writer_id->author RESTRICT");
        assertThat(fks(lib.table("loan").orElseThrow())).contains("borrower_id->user RESTRICT");

        Schema saas = inspect(d, "saas");
        Table billing = saas.table("billing_accounts").orElseThrow();
        assertThat(billing.column("tenant_id").orElseThrow().nullable()).as("required one-to-one").isFalse();
        assertThat(saas.table("projects").orElseThrow().uniques().stream().anyMatch(u -> u.columns()
                .equals(List.of("slug", "code"))) || saas.table("projects").orElseThrow().indexes().stream()
                .anyMatch(i -> i.unique() && i.columns().equals(List.of("slug", "code")))).isTrue();
        assertThat(indexed(saas.table("tasks").orElseThrow(), "status")).as("index: true").isTrue();
        assertThat(saas.table("audit_events").orElseThrow().column("created_at")).as("timestamps: false").isEmpty();
    }

    /** The materialized-view (or summary table) fix offered for the hot query runs on the designed schema. */
    @ParameterizedTest
    @EnumSource(DialectKind.class)
    void matviewFixRuns(DialectKind d) {
        Finding mv = designs.get(d + "/shop").findings().stream().filter(f -> f.id().equals("matview-candidate"))
                .findFirst().orElseThrow();
        assertThat(mv.subject()).isEqualTo("order_details");
        DbUrl url = dbs.get(d + "/shop");
        TestDatabases.exec(url, mv.fix());
        Schema after = inspect(d, "shop");
        if (d == DialectKind.POSTGRES) {
            assertThat(after.views()).anyMatch(v -> v.name().equals("order_details_mv") && v.materialized());
        } else {
            assertThat(after.table("order_details_mv")).isPresent();
        }
    }

    private static List<String> names(List<io.dbagent.schema.Column> cols) {
        return cols.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static Set<String> fks(Table t) {
        Set<String> out = new HashSet<>();
        for (ForeignKey fk : t.foreignKeys()) {
            String del = fk.onDelete() == null ? "NO ACTION" : fk.onDelete().toUpperCase(Locale.ROOT);
            // InnoDB treats NO ACTION as RESTRICT and reports it so
            del = del.equals("NO ACTION") ? "RESTRICT" : del;
            out.add(String.join(",", fk.columns()) + "->" + fk.refTable() + " " + del);
        }
        return out;
    }

    private static boolean indexed(Table t, String column) {
        return t.indexes().stream().anyMatch(i -> !i.columns().isEmpty() && i.columns().get(0).equals(column))
                || (!t.primaryKey().isEmpty() && t.primaryKey().get(0).equals(column));
    }

    private static boolean uniqueIndexed(Table t, String column) {
        return t.indexes().stream().anyMatch(i -> i.unique() && i.columns().equals(List.of(column)));
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private DbUrl db(DialectKind d, String spec) {
        return dbs.get(d + "/" + spec);
    }

    /**
     * What the designed triggers and constraints do on the real engines: derived attributes stay right after
     * inserts, updates and deletes of their source rows and of the parents they read (including deletes that
     * cascade, which InnoDB runs without triggers), updated_at moves, full-text search follows the rows, CHECKs
     * reject bad values.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Behaviour {

        @ParameterizedTest
        @EnumSource(DialectKind.class)
        void orderTotalAndItemCountFollowEveryChange(DialectKind d) throws Exception {
            try (DbSession s = TestDatabases.writable(db(d, "shop")); Statement st = s.connection().createStatement()) {
                st.execute("INSERT INTO users (email, full_name) VALUES ('ann@example.com', 'Ann')");
                st.execute("INSERT INTO categories (name) VALUES ('outdoor')");
                st.execute("INSERT INTO products (category_id, name, sku, price, description) VALUES "
                        + "(1, 'Boots', 'B1', 10.00, 'waterproof leather boots'), (1, 'Kettle', 'K1', 2.50, 'red kettle')");
                st.execute("INSERT INTO orders (user_id) VALUES (1)");
                st.execute("INSERT INTO orders (user_id) VALUES (1)");
                assertThat(order(st, 1)).isEqualTo("0 0");
                st.execute("INSERT INTO order_items (order_id, product_id, quantity) VALUES (1, 1, 2), (1, 2, 4)");
                assertThat(order(st, 1)).as("after insert").isEqualTo("30 2");
                st.execute("UPDATE order_items SET quantity = 3 WHERE order_id = 1 AND product_id = 1");
                assertThat(order(st, 1)).as("after quantity update").isEqualTo("40 2");
                st.execute("UPDATE products SET price = 3.00 WHERE id = 2");
                assertThat(order(st, 1)).as("after price update").isEqualTo("42 2");
                st.execute("UPDATE products SET stock = 7 WHERE id = 2");
                assertThat(order(st, 1)).as("unrelated column").isEqualTo("42 2");
                st.execute("UPDATE order_items SET order_id = 2 WHERE order_id = 1 AND product_id = 2");
                assertThat(order(st, 1)).as("item moved away").isEqualTo("30 1");
                assertThat(order(st, 2)).as("item moved here").isEqualTo("12 1");
                st.execute("DELETE FROM order_items WHERE order_id = 1");
                assertThat(order(st, 1)).as("after delete").isEqualTo("0 0");
                assertThat(order(st, 2)).isEqualTo("12 1");
                // an order line keeps its product: the product cannot be deleted under it
                assertThatThrownBy(() -> st.execute("DELETE FROM products WHERE id = 2")).isInstanceOf(SQLException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(DialectKind.class)
        void countsSurviveCascadingDeletes(DialectKind d) throws Exception {
            try (DbSession s = TestDatabases.writable(db(d, "blog")); Statement st = s.connection().createStatement()) {
                st.execute("INSERT INTO authors (handle, email) VALUES ('ann', 'ann@x.io')");
                String ann = column(st, "SELECT id FROM authors WHERE handle = 'ann'").get(0);
                st.execute("INSERT INTO posts (author_id, title, body) VALUES (" + ann + ", 'Hello', 'first post'), ("
                        + ann + ", 'Second', 'more text')");
                String p1 = column(st, "SELECT id FROM posts WHERE title = 'Hello'").get(0);
                String p2 = column(st, "SELECT id FROM posts WHERE title = 'Second'").get(0);
                st.execute("INSERT INTO tags (label) VALUES ('a'), ('b')");
                String a = column(st, "SELECT id FROM tags WHERE label = 'a'").get(0);
                String b = column(st, "SELECT id FROM tags WHERE label = 'b'").get(0);
                st.execute("INSERT INTO post_tags (post_id, tag_id) VALUES (" + p1 + ", " + a + "), (" + p1 + ", " + b
                        + "), (" + p2 + ", " + a + ")");
                st.execute("INSERT INTO comments (post_id, body) VALUES (" + p1 + ", 'c1'), (" + p1 + ", 'c2'), (" + p2
                        + ", 'c3')");
                String tagCounts = "SELECT post_count FROM tags WHERE label IN ('a', 'b') ORDER BY label";
                assertThat(column(st, tagCounts)).containsExactly("2", "1");
                assertThat(column(st, "SELECT comment_count FROM posts WHERE id IN (" + p1 + ", " + p2 + ") ORDER BY id"))
                        .containsExactly("2", "1");
                assertThat(column(st, "SELECT post_count FROM authors WHERE id = " + ann)).containsExactly("2");
                // deleting a post cascades to post_tags and comments; MySQL runs no triggers for those rows
                st.execute("DELETE FROM posts WHERE id = " + p1);
                assertThat(column(st, tagCounts)).containsExactly("1", "0");
                assertThat(column(st, "SELECT post_count FROM authors WHERE id = " + ann)).containsExactly("1");
                st.execute("DELETE FROM tags WHERE id = " + a);
                assertThat(column(st, "SELECT count(*) FROM post_tags WHERE post_id = " + p2)).containsExactly("0");
            }
        }

        @ParameterizedTest
        @EnumSource(DialectKind.class)
        void minMaxAvgAreNullWithoutRows(DialectKind d) throws Exception {
            try (DbSession s = TestDatabases.writable(db(d, "saas")); Statement st = s.connection().createStatement()) {
                st.execute("INSERT INTO tenants (slug) VALUES ('acme')");
                st.execute("INSERT INTO projects (tenant_id, slug, code) VALUES (1, 'web', 'W')");
                assertThat(column(st, "SELECT max_estimate, min_estimate, avg_estimate FROM projects"))
                        .containsExactly("null null null");
                st.execute("INSERT INTO tasks (project_id, title, estimate) VALUES (1, 'a', 3), (1, 'b', 8), (1, 'c', NULL)");
                assertThat(column(st, "SELECT max_estimate, min_estimate, avg_estimate FROM projects"))
                        .containsExactly("8 3 5.5");
                st.execute("UPDATE tasks SET estimate = 1 WHERE title = 'b'");
                assertThat(column(st, "SELECT max_estimate, min_estimate, avg_estimate FROM projects"))
                        .containsExactly("3 1 2");
                st.execute("DELETE FROM tasks");
                assertThat(column(st, "SELECT max_estimate, min_estimate, avg_estimate FROM projects"))
                        .containsExactly("null null null");
                assertThatThrownBy(() -> st.execute("INSERT INTO tasks (project_id, title, estimate) VALUES (1, 'x', -1)"))
                        .as("min: 0").isInstanceOf(SQLException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(DialectKind.class)
        void updatedAtMovesAndChecksReject(DialectKind d) throws Exception {
            try (DbSession s = TestDatabases.writable(db(d, "hr")); Statement st = s.connection().createStatement()) {
                st.execute("INSERT INTO departments (name) VALUES ('R&D')");
                String dept = column(st, "SELECT id FROM departments").get(0);
                assertThat(dept).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|"
                        + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                if (d == DialectKind.POSTGRES) {
                    assertThat(dept.charAt(14)).as("UUID version 7").isEqualTo('7');
                }
                st.execute("INSERT INTO employees (department_id, email, full_name, hired_on, monthly_salary) VALUES ('"
                        + dept + "', 'bo@example.org', 'Bo', '2024-01-02', 1000.50)");
                assertThat(column(st, "SELECT annual_salary FROM employees")).containsExactly("12006");
                String before = column(st, "SELECT updated_at FROM employees").get(0);
                Thread.sleep(20);
                st.execute("UPDATE employees SET full_name = 'Bo B' WHERE email = 'bo@example.org'");
                String after = column(st, "SELECT updated_at FROM employees").get(0);
                assertThat(after).as("updated_at moved").isGreaterThan(before);
                assertThat(column(st, "SELECT created_at FROM employees").get(0)).isLessThan(after);
                for (String bad : List.of("'not-an-email'", "'two@@example.org'", "'no space@x.org'", "'x@nodot'")) {
                    assertThatThrownBy(() -> st.execute("INSERT INTO employees (department_id, email, full_name, hired_on, "
                            + "monthly_salary) VALUES ('" + dept + "', " + bad + ", 'X', '2024-01-02', 1)"))
                            .as("email " + bad).isInstanceOf(SQLException.class);
                }
                assertThatThrownBy(() -> st.execute("INSERT INTO employees (department_id, email, full_name, hired_on, "
                        + "monthly_salary, level) VALUES ('" + dept + "', 'c@x.org', 'C', '2024-01-02', 1, 'boss')"))
                        .as("enum").isInstanceOf(SQLException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(DialectKind.class)
        void fullTextSearchFollowsTheRows(DialectKind d) throws Exception {
            try (DbSession s = TestDatabases.writable(db(d, "blog")); Statement st = s.connection().createStatement()) {
                st.execute("INSERT INTO authors (handle, email) VALUES ('zed', 'zed@x.io')");
                String author = column(st, "SELECT id FROM authors WHERE handle = 'zed'").get(0);
                st.execute("INSERT INTO posts (author_id, title, body) VALUES (" + author
                        + ", 'Waterproof boots', 'a review of hiking gear')");
                String id = column(st, "SELECT id FROM posts WHERE title = 'Waterproof boots'").get(0);
                assertThat(search(st, d, "waterproof")).containsExactly(id);
                assertThat(search(st, d, "hiking")).containsExactly(id);
                st.execute("UPDATE posts SET body = 'a review of climbing ropes' WHERE id = " + id);
                assertThat(search(st, d, "hiking")).isEmpty();
                assertThat(search(st, d, "climbing")).containsExactly(id);
                st.execute("DELETE FROM posts WHERE id = " + id);
                assertThat(search(st, d, "climbing")).isEmpty();
            }
        }

        private static List<String> search(Statement st, DialectKind d, String word) throws SQLException {
            return column(st, switch (d) {
                case POSTGRES -> "SELECT id FROM posts WHERE search_vector @@ to_tsquery('english', '" + word + "')";
                case MYSQL -> "SELECT id FROM posts WHERE MATCH (title, body) AGAINST ('" + word + "')";
                case SQLITE -> "SELECT rowid FROM posts_fts WHERE posts_fts MATCH '" + word + "'";
            });
        }

        private static String order(Statement st, int id) throws SQLException {
            return column(st, "SELECT total, item_count FROM orders WHERE id = " + id).get(0);
        }

        /** Rows as space-joined values; numbers without trailing zeros so engines compare equal. */
        static List<String> column(Statement st, String sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(v == null ? "null" : v instanceof Number ? new BigDecimal(v.toString())
                                .stripTrailingZeros().toPlainString() : v.toString());
                    }
                    out.add(String.join(" ", row));
                }
            }
            return out;
        }
    }
}

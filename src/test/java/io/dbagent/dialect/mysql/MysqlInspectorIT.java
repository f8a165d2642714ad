package io.dbagent.dialect.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.DbAgentException;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Sequence;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;
import io.dbagent.schema.View;
import io.dbagent.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MysqlInspectorIT {

    private static final List<String> TABLES = List.of("customers", "orders", "order_items", "event_log");

    private static DbUrl url;
    private static Schema schema;
    private static boolean mariaDb;
    private static boolean readOnlySession;

    @BeforeAll
    static void setUp() throws Exception {
        url = TestDatabases.create(DialectKind.MYSQL, "insp");
        TestDatabases.exec(url, resource("/fixtures/inspect/mysql.sql"));
        try (DbSession w = TestDatabases.writable(url); Statement st = w.connection().createStatement()) {
            mariaDb = w.isMariaDb();
            if (mariaDb) {
                st.execute("CREATE SEQUENCE invoice_seq START WITH 1000 INCREMENT BY 5");
                st.execute("CREATE SEQUENCE ticket_seq START WITH 1 INCREMENT BY 1 MAXVALUE 100 NOCACHE CYCLE");
                for (int i = 0; i < 3; i++) {
                    st.execute("SELECT NEXTVAL(ticket_seq)");
                }
            }
            for (String t : TABLES) {
                st.execute("ANALYZE TABLE " + t);
            }
        }
        try (DbSession s = ConnectionFactory.open(url)) {
            readOnlySession = s.readOnly();
            schema = new MysqlInspector().inspect(s);
        }
    }

    @AfterAll
    static void tearDown() {
        TestDatabases.drop(url);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = MysqlInspectorIT.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Table table(String name) {
        return schema.table(name).orElseThrow(() -> new AssertionError("no table " + name));
    }

    /** MariaDB and MySQL before 8.0.19 keep integer display widths; MySQL 8.0.19+ drops them. */
    private static String intType(String base, int width) {
        return mariaDb ? base + "(" + width + ")" : base;
    }

    private static String now() {
        return mariaDb ? "current_timestamp()" : "CURRENT_TIMESTAMP";
    }

    private static Index index(String name, List<String> columns, boolean unique, boolean primary, String method) {
        return new Index(name, columns, unique, primary, method, null, List.of(), -1);
    }

    @Test
    void describesTheDatabase() {
        assertThat(readOnlySession).isTrue();
        assertThat(schema.dialect()).isEqualTo("mysql");
        assertThat(schema.product()).isEqualTo(mariaDb ? "MariaDB" : "MySQL");
        assertThat(schema.serverVersion()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(schema.database()).isEqualTo(url.database());
        assertThat(schema.schemas()).containsExactly(url.database());
        assertThat(schema.enums()).isEmpty();
    }

    @Test
    void listsOnlyTheBaseTablesOfTheDatabaseSorted() {
        assertThat(schema.tables()).extracting(Table::name)
                .containsExactly("customers", "event_log", "order_items", "orders");
        assertThat(schema.tables()).allSatisfy(t -> assertThat(t.schema()).isEqualTo(url.database()));
        Set<String> system = Set.of("mysql", "information_schema", "performance_schema", "sys");
        assertThat(schema.tables()).noneMatch(t -> system.contains(t.schema()));
        assertThat(schema.views()).noneMatch(v -> system.contains(v.schema()));
        assertThat(schema.tables()).extracting(Table::name).doesNotContain("invoice_seq", "customer_totals");
    }

    @Test
    void customers() {
        Table t = table("customers");
        assertThat(t.rowEstimate()).isEqualTo(3);
        assertThat(t.sizeBytes()).isPositive();
        assertThat(t.comment()).isEqualTo("people who buy");
        assertThat(t.columns()).containsExactly(
                new Column("id", intType("bigint", 20), false, null, true, true, null, null, null, null),
                text(Column.of("email", "varchar(255)", false, null)),
                text(new Column("full_name", "varchar(100)", true, null, false, false, null, null, null,
                        "as the customer typed it")),
                text(Column.of("status", "enum('active','blocked')", false, "'active'")),
                Column.of("score", "decimal(10,2)", false, "0.00"),
                Column.of("created_at", "timestamp", false, now()));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.primaryKeyName()).isEqualTo("PRIMARY");
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).containsExactly(new Unique("uq_customers_email", List.of("email")));
        assertThat(t.checks()).containsExactly(new Check("ck_customers_score", "`score` >= 0"));
        assertThat(t.indexes()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("sizeBytes").containsExactly(
                index("PRIMARY", List.of("id"), true, true, "btree"),
                index("idx_customers_name_prefix", List.of("full_name(10)"), false, false, "btree"),
                index("uq_customers_email", List.of("email"), true, false, "btree"));
    }

    @Test
    void orders() {
        Table t = table("orders");
        assertThat(t.rowEstimate()).isEqualTo(5);
        assertThat(t.comment()).isNull();
        assertThat(t.columns()).containsExactly(
                new Column("id", intType("bigint", 20), false, null, true, true, null, null, null, null),
                Column.of("customer_id", intType("bigint", 20), false, null),
                text(Column.of("status", "varchar(20)", false, "'pending'")),
                Column.of("total", "decimal(12,2)", false, "0.00"),
                text(Column.of("note", "text", true, null)),
                new Column("total_with_tax", "decimal(14,2)", true, null, false, false, null, "`total` * 1.2",
                        "stored", null),
                Column.of("updated_at", "timestamp", true, null));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_orders_customer", List.of("customer_id"),
                url.database(), "customers", List.of("id"), "CASCADE", "RESTRICT"));
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        // The FK reuses idx_orders_customer_status (customer_id leads it), so the server made no extra index.
        assertThat(t.indexes()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("sizeBytes").containsExactly(
                index("PRIMARY", List.of("id"), true, true, "btree"),
                index("ft_orders_note", List.of("note"), false, false, "fulltext"),
                index("idx_orders_customer_status", List.of("customer_id", "status"), false, false, "btree"),
                index("idx_orders_updated_desc", List.of("updated_at DESC"), false, false, "btree"));
        // Sizes come from InnoDB persistent statistics (readable by root here); FULLTEXT has none there.
        assertThat(t.index("PRIMARY").orElseThrow().sizeBytes()).isPositive();
        assertThat(t.index("ft_orders_note").orElseThrow().sizeBytes()).isEqualTo(-1);
    }

    @Test
    void orderItems() {
        Table t = table("order_items");
        assertThat(t.rowEstimate()).isEqualTo(8);
        assertThat(t.columns()).containsExactly(
                new Column("order_id", intType("bigint", 20), false, null, true, false, null, null, null, null),
                new Column("line_no", intType("int", 11), false, null, true, false, null, null, null, null),
                text(Column.of("product_code", "varchar(40)", false, null)),
                Column.of("quantity", intType("int", 11), false, null),
                Column.of("unit_price", "decimal(10,2)", false, null));
        assertThat(t.primaryKey()).containsExactly("order_id", "line_no");
        assertThat(t.primaryKeyName()).isEqualTo("PRIMARY");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_items_order", List.of("order_id"),
                url.database(), "orders", List.of("id"), "CASCADE", "RESTRICT"));
        assertThat(t.uniques()).containsExactly(
                new Unique("uq_items_order_product", List.of("order_id", "product_code")));
        assertThat(t.checks()).containsExactly(new Check("ck_items_quantity", "`quantity` > 0"));
        assertThat(t.indexes()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("sizeBytes").containsExactly(
                index("PRIMARY", List.of("order_id", "line_no"), true, true, "btree"),
                index("uq_items_order_product", List.of("order_id", "product_code"), true, false, "btree"));
    }

    @Test
    void eventLogHasNoKeyAndItsJsonCheckIsTheType() {
        Table t = table("event_log");
        assertThat(t.rowEstimate()).isEqualTo(8);
        assertThat(t.columns()).containsExactly(
                Column.of("payload", "json", true, null),
                Column.of("logged_at", "timestamp", false, now()));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.primaryKeyName()).isNull();
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        assertThat(t.indexes()).isEmpty();
    }

    @Test
    void views() {
        assertThat(schema.views()).hasSize(1);
        View v = schema.views().get(0);
        assertThat(v.schema()).isEqualTo(url.database());
        assertThat(v.name()).isEqualTo("customer_totals");
        assertThat(v.materialized()).isFalse();
        assertThat(v.columns()).containsExactly("customer_id", "email", "order_count", "total_spent");
        assertThat(v.definition()).startsWithIgnoringCase("select").containsIgnoringCase("left join")
                .contains("`customers`").contains("group by");
    }

    @Test
    void triggers() {
        String db = url.database();
        assertThat(schema.triggers()).containsExactly(
                new Trigger(db, "order_items", "trg_items_audit_del", "AFTER", List.of("DELETE"), "ROW",
                        "INSERT INTO event_log (payload) VALUES (JSON_OBJECT('op', 'delete', 'order_id', OLD.order_id))"),
                new Trigger(db, "order_items", "trg_items_audit_ins", "AFTER", List.of("INSERT"), "ROW",
                        "INSERT INTO event_log (payload) VALUES (JSON_OBJECT('op', 'insert', 'order_id', NEW.order_id))"),
                new Trigger(db, "orders", "trg_orders_touch", "BEFORE", List.of("UPDATE"), "ROW",
                        "SET NEW.updated_at = NOW()"));
    }

    @Test
    void sequencesOnMariaDbOnly() {
        if (!mariaDb) {
            assertThat(schema.sequences()).isEmpty();
            return;
        }
        String db = url.database();
        assertThat(schema.sequences()).containsExactly(
                new Sequence(db, "invoice_seq", "bigint", 1000, 5, 1, 9223372036854775806L, false, null, null),
                new Sequence(db, "ticket_seq", "bigint", 1, 1, 1, 100, true, 3L, null));
    }

    @Test
    void jsonCarriesTheModelValuesUnderTheirFieldNames() throws Exception {
        JsonNode root = Json.MAPPER.readTree(Json.write(schema));
        JsonNode orders = null;
        for (JsonNode t : root.get("tables")) {
            if (t.get("name").asText().equals("orders")) {
                orders = t;
            }
        }
        assertThat(orders).as("orders in " + root.get("tables")).isNotNull();
        assertThat(orders.get("rowEstimate").asLong()).isEqualTo(5);
        assertThat(orders.get("primaryKey").toString()).isEqualTo("[\"id\"]");
        JsonNode id = orders.get("columns").get(0);
        assertThat(id.get("name").asText()).isEqualTo("id");
        assertThat(id.get("type").asText()).isEqualTo(intType("bigint", 20));
        assertThat(id.get("nullable").asBoolean()).isFalse();
        assertThat(id.get("primaryKey").asBoolean()).isTrue();
        assertThat(id.get("autoIncrement").asBoolean()).isTrue();
        JsonNode status = orders.get("columns").get(2);
        assertThat(status.get("name").asText()).isEqualTo("status");
        assertThat(status.get("type").asText()).isEqualTo("varchar(20)");
        assertThat(status.get("nullable").asBoolean()).isFalse();
        assertThat(status.get("default").asText()).isEqualTo("'pending'");
        JsonNode note = orders.get("columns").get(4);
        assertThat(note.get("name").asText()).isEqualTo("note");
        assertThat(note.get("nullable").asBoolean()).isTrue();
        assertThat(orders.get("foreignKeys")).hasSize(1);
        JsonNode fk = orders.get("foreignKeys").get(0);
        assertThat(fk.get("name").asText()).isEqualTo("fk_orders_customer");
        assertThat(fk.get("columns").toString()).isEqualTo("[\"customer_id\"]");
        assertThat(fk.get("refTable").asText()).isEqualTo("customers");
        assertThat(fk.get("refColumns").toString()).isEqualTo("[\"id\"]");
        assertThat(fk.get("onDelete").asText()).isEqualTo("CASCADE");
        assertThat(fk.get("onUpdate").asText()).isEqualTo("RESTRICT");
        List<String> indexes = new ArrayList<>();
        orders.get("indexes").forEach(i -> indexes.add(i.get("name").asText() + " " + i.get("columns") + " "
                + i.get("method").asText() + (i.get("unique").asBoolean() ? " unique" : "")));
        assertThat(indexes).containsExactly(
                "PRIMARY [\"id\"] btree unique",
                "ft_orders_note [\"note\"] fulltext",
                "idx_orders_customer_status [\"customer_id\",\"status\"] btree",
                "idx_orders_updated_desc [\"updated_at DESC\"] btree");
    }

    @Test
    void refusesAConnectionWithoutADatabase() {
        DbUrl server = TestDatabases.mysqlServer();
        try (DbSession s = ConnectionFactory.open(server)) {
            assertThatThrownBy(() -> new MysqlInspector().inspect(s))
                    .isInstanceOf(DbAgentException.class)
                    .satisfies(e -> assertThat(((DbAgentException) e).code()).isEqualTo(DbAgentException.Code.BAD_INPUT))
                    .hasMessageContaining("mysql://user@host:3306/DBNAME")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void inspectsThreeHundredTables() throws SQLException {
        DbUrl many = TestDatabases.create(DialectKind.MYSQL, "insp300");
        try {
            StringBuilder script = new StringBuilder("CREATE TABLE t000 (id INT PRIMARY KEY, name VARCHAR(50));\n");
            for (int i = 1; i < 300; i++) {
                script.append(String.format("CREATE TABLE t%03d (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "parent_id INT NOT NULL, code VARCHAR(20) NOT NULL DEFAULT 'x', amount DECIMAL(10,2), "
                        + "UNIQUE KEY uq_t%03d_code (code), KEY ix_t%03d_amount (amount), "
                        + "CONSTRAINT fk_t%03d_parent FOREIGN KEY (parent_id) REFERENCES t000 (id));\n", i, i, i, i));
            }
            TestDatabases.exec(many, script.toString());
            try (DbSession s = ConnectionFactory.open(many)) {
                Schema big = new MysqlInspector().inspect(s);
                assertThat(big.tables()).hasSize(300);
                assertThat(big.tables()).allSatisfy(t -> assertThat(t.columns()).isNotEmpty());
                assertThat(big.table("t299").orElseThrow().foreignKeys()).hasSize(1);
            }
        } finally {
            TestDatabases.drop(many);
        }
    }

    /** A text column as the test database (utf8mb4, its default collation) gives it. */
    private static Column text(Column c) {
        return c.withCharset("utf8mb4", "utf8mb4_general_ci");
    }
}

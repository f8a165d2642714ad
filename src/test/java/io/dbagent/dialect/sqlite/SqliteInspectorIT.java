package io.dbagent.dialect.sqlite;

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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteInspectorIT {

    private static DbUrl url;
    private static Schema schema;
    private static long pageSize;

    @BeforeAll
    static void inspectFixture() throws Exception {
        url = TestDatabases.create(DialectKind.SQLITE, "insp");
        TestDatabases.exec(url, fixture());
        TestDatabases.exec(url, "ANALYZE");
        try (DbSession session = ConnectionFactory.open(url)) {
            assertThat(session.readOnly()).isTrue();
            schema = new SqliteInspector().inspect(session);
            try (Statement st = session.connection().createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getLong(1);
            }
        }
    }

    @AfterAll
    static void dropDatabase() {
        TestDatabases.drop(url);
    }

    @Test
    void describesTheDatabase() {
        assertThat(schema.dialect()).isEqualTo("sqlite");
        assertThat(schema.product()).isEqualTo("SQLite");
        assertThat(schema.serverVersion()).startsWith("3.");
        assertThat(schema.database()).isEqualTo(url.database());
        assertThat(schema.schemas()).containsExactly("main");
        assertThat(schema.sequences()).isEmpty();
        assertThat(schema.enums()).isEmpty();
    }

    @Test
    void listsUserTablesOnlySorted() {
        // sqlite_sequence, sqlite_stat1 and the FTS5 shadow tables (notes_fts_data, _idx, _content, _docsize,
        // _config) are internal.
        assertThat(schema.tables()).extracting(Table::name)
                .containsExactly("app settings", "customers", "event_log", "notes_fts", "order_items", "orders");
        assertThat(schema.tables()).allSatisfy(t -> assertThat(t.schema()).isEqualTo("main"));
    }

    @Test
    void customers() {
        Table t = table("customers");
        assertThat(t.columns()).containsExactly(
                new Column("id", "integer", false, null, true, true, null, null, null, null),
                Column.of("email", "varchar(255)", false, null),
                Column.of("full_name", "varchar(100)", true, null),
                Column.of("status", "text", false, "'active'"),
                Column.of("score", "numeric(10,2)", false, "0"),
                Column.of("created_at", "timestamp", false, "CURRENT_TIMESTAMP"));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.primaryKeyName()).isNull();
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).containsExactly(new Unique("uq_customers_email", List.of("email")));
        assertThat(t.checks()).containsExactly(
                new Check("ck_customers_score", "score >= 0"),
                new Check("ck_customers_status", "status IN ('active', 'blocked')"));
        // INTEGER PRIMARY KEY is the rowid: no index backs it.
        assertThat(t.indexes()).containsExactly(
                new Index("sqlite_autoindex_customers_1", List.of("email"), true, false, "btree", null, List.of(),
                        pageSize));
        assertThat(t.rowEstimate()).isEqualTo(3);
        assertThat(t.sizeBytes()).isEqualTo(2 * pageSize);
        assertThat(t.comment()).isNull();
    }

    @Test
    void orders() {
        Table t = table("orders");
        assertThat(t.columns()).containsExactly(
                new Column("id", "integer", false, null, true, true, null, null, null, null),
                Column.of("customer_id", "integer", false, null),
                Column.of("status", "varchar(20)", false, "'pending'"),
                Column.of("total", "numeric(12,2)", false, "0"),
                Column.of("note", "text", true, null),
                new Column("total_with_tax", "numeric(12,2)", true, null, false, false, null, "total * 1.2", "stored",
                        null),
                new Column("total_cents", "integer", true, null, false, false, null, "total * 100", "virtual", null),
                Column.of("updated_at", "timestamp", true, null));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_orders_customer", List.of("customer_id"),
                "main", "customers", List.of("id"), "CASCADE", "RESTRICT"));
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        assertThat(t.indexes()).containsExactly(
                new Index("idx_orders_customer_status", List.of("customer_id", "status"), false, false, "btree", null,
                        List.of(), pageSize),
                new Index("idx_orders_note_lower", List.of("lower(note)"), false, false, "btree", null, List.of(),
                        pageSize),
                new Index("idx_orders_pending", List.of("customer_id"), false, false, "btree", "status = 'pending'",
                        List.of(), pageSize));
        assertThat(t.rowEstimate()).isEqualTo(5);
        assertThat(t.sizeBytes()).isEqualTo(4 * pageSize);
    }

    @Test
    void orderItems() {
        Table t = table("order_items");
        assertThat(t.columns()).containsExactly(
                new Column("order_id", "integer", false, null, true, false, null, null, null, null),
                new Column("line_no", "integer", false, null, true, false, null, null, null, null),
                Column.of("product_code", "varchar(40)", false, null),
                Column.of("quantity", "integer", false, null),
                Column.of("unit_price", "numeric(10,2)", false, null));
        assertThat(t.primaryKey()).containsExactly("order_id", "line_no");
        assertThat(t.primaryKeyName()).isNull();
        // REFERENCES orders names no column: the parent's primary key is meant, and reported.
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_items_order", List.of("order_id"), "main",
                "orders", List.of("id"), "CASCADE", "NO ACTION"));
        assertThat(t.uniques()).containsExactly(
                new Unique("uq_items_order_product", List.of("order_id", "product_code")));
        assertThat(t.checks()).containsExactly(new Check("ck_items_quantity", "quantity > 0"));
        assertThat(t.indexes()).containsExactly(
                new Index("sqlite_autoindex_order_items_1", List.of("order_id", "line_no"), true, true, "btree", null,
                        List.of(), pageSize),
                new Index("sqlite_autoindex_order_items_2", List.of("order_id", "product_code"), true, false,
                        "btree", null, List.of(), pageSize));
        assertThat(t.rowEstimate()).isEqualTo(8);
        assertThat(t.sizeBytes()).isEqualTo(3 * pageSize);
    }

    @Test
    void eventLogHasNoKeys() {
        Table t = table("event_log");
        assertThat(t.columns()).containsExactly(
                Column.of("payload", "text", true, null),
                Column.of("logged_at", "timestamp", true, null));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        assertThat(t.indexes()).isEmpty();
        // Written by the audit trigger for each of the 8 items; ANALYZE stores a bare row count for a table without
        // indexes.
        assertThat(t.rowEstimate()).isEqualTo(8);
        assertThat(t.sizeBytes()).isEqualTo(pageSize);
    }

    @Test
    void sqliteQuirksAreReportedAsTheyAre() {
        Table t = table("app settings");
        // A TEXT PRIMARY KEY of a rowid table accepts NULL unless declared NOT NULL.
        assertThat(t.columns()).containsExactly(
                new Column("key", "text", true, null, true, false, null, null, null, null),
                Column.of("value", "", true, null),
                Column.of("updated_by", "text", true, null));
        assertThat(t.primaryKey()).containsExactly("key");
        assertThat(t.uniques()).containsExactly(new Unique("sqlite_autoindex_app settings_2", List.of("updated_by")));
        assertThat(t.indexes()).extracting(Index::name, Index::primary, Index::unique).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sqlite_autoindex_app settings_1", true, true),
                org.assertj.core.groups.Tuple.tuple("sqlite_autoindex_app settings_2", false, true));
        assertThat(t.rowEstimate()).isEqualTo(1);
    }

    @Test
    void virtualTableIsListedWithItsModule() {
        Table t = table("notes_fts");
        assertThat(t.comment()).isEqualTo("virtual table using fts5");
        assertThat(t.columns()).containsExactly(Column.of("title", "", true, null), Column.of("body", "", true, null));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.indexes()).isEmpty();
        assertThat(t.rowEstimate()).isEqualTo(-1);
        // The five shadow tables hold the data (notes_fts_idx and _config are WITHOUT ROWID, one b-tree each).
        assertThat(t.sizeBytes()).isEqualTo(5 * pageSize);
    }

    @Test
    void views() {
        assertThat(schema.views()).hasSize(1);
        View v = schema.views().get(0);
        assertThat(v.schema()).isEqualTo("main");
        assertThat(v.name()).isEqualTo("customer_totals");
        assertThat(v.materialized()).isFalse();
        assertThat(v.columns()).containsExactly("customer_id", "email", "order_count", "total_spent");
        assertThat(v.definition()).isEqualTo("""
                SELECT c.id AS customer_id, c.email, count(o.id) AS order_count, coalesce(sum(o.total), 0) AS total_spent
                FROM customers c
                LEFT JOIN orders o ON o.customer_id = c.id
                GROUP BY c.id, c.email""");
    }

    @Test
    void triggers() {
        assertThat(schema.triggers()).extracting(Trigger::schema, Trigger::table, Trigger::name, Trigger::timing,
                Trigger::events, Trigger::level).containsExactly(
                org.assertj.core.groups.Tuple.tuple("main", "order_items", "trg_items_audit_del", "AFTER",
                        List.of("DELETE"), "ROW"),
                org.assertj.core.groups.Tuple.tuple("main", "order_items", "trg_items_audit_ins", "AFTER",
                        List.of("INSERT"), "ROW"),
                org.assertj.core.groups.Tuple.tuple("main", "orders", "trg_orders_touch", "AFTER",
                        List.of("UPDATE"), "ROW"));
        Trigger touch = schema.triggers().get(2);
        assertThat(touch.definition()).startsWith("CREATE TRIGGER trg_orders_touch AFTER UPDATE ON orders")
                .contains("UPDATE orders SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;")
                .endsWith("END");
    }

    @Test
    void jsonUsesTheModelFieldNames() {
        String json = Json.write(schema);
        assertThat(json).contains("\"rowEstimate\"", "\"default\"", "\"primaryKey\"", "\"refTable\"", "\"onDelete\"",
                "\"method\"");
        assertThat(json).doesNotContain("sqlite_sequence", "sqlite_stat1", "notes_fts_data", "notes_fts_config");
    }

    @Test
    void threeHundredTablesInspect() {
        // One transaction: 600 auto-committed DDL statements would spend seconds on fsync alone.
        StringBuilder script = new StringBuilder("BEGIN;\n");
        for (int i = 0; i < 300; i++) {
            script.append("CREATE TABLE t").append(i).append(" (id INTEGER PRIMARY KEY, parent_id INTEGER")
                    .append(i == 0 ? "" : " CONSTRAINT fk_t" + i + " REFERENCES t" + (i - 1) + " (id)")
                    .append(", code TEXT NOT NULL UNIQUE, amount NUMERIC(10,2) DEFAULT 0 CHECK (amount >= 0));\n")
                    .append("CREATE INDEX ix_t").append(i).append("_parent ON t").append(i).append(" (parent_id);\n");
        }
        script.append("COMMIT;\n");
        withDatabase("scale", script.toString(), session -> {
            Schema big = new SqliteInspector().inspect(session);
            assertThat(big.tables()).hasSize(300);
            Table t299 = big.table("t299").orElseThrow();
            assertThat(t299.foreignKeys()).extracting(ForeignKey::name, ForeignKey::refTable)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("fk_t299", "t298"));
            assertThat(t299.indexes()).extracting(Index::name)
                    .containsExactly("ix_t299_parent", "sqlite_autoindex_t299_1");
            assertThat(t299.checks()).containsExactly(new Check(null, "amount >= 0"));
            // More tables than are worth counting and no ANALYZE: the estimate is unknown.
            assertThat(t299.rowEstimate()).isEqualTo(-1);
        });
    }

    @Test
    void viewOverADroppedTableDoesNotFailInspection() {
        withDatabase("broken", """
                CREATE TABLE kept (id INTEGER PRIMARY KEY, name TEXT);
                CREATE TABLE gone (id INTEGER PRIMARY KEY);
                CREATE VIEW v_gone AS SELECT id FROM gone;
                CREATE VIEW v_kept AS SELECT name FROM kept;
                DROP TABLE gone;
                """, session -> {
            Schema s = new SqliteInspector().inspect(session);
            assertThat(s.views()).extracting(View::name, View::columns).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("v_gone", List.of()),
                    org.assertj.core.groups.Tuple.tuple("v_kept", List.of("name")));
            // Few tables and no ANALYZE: counted exactly.
            assertThat(s.table("kept").orElseThrow().rowEstimate()).isZero();
        });
    }

    @Test
    void onlyATrueRowidAliasIsAutoIncrement() {
        withDatabase("rowid", """
                CREATE TABLE w (k INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;
                CREATE TABLE d (k INTEGER PRIMARY KEY DESC, v TEXT);
                CREATE TABLE i (k INT PRIMARY KEY, v TEXT);
                CREATE TABLE a (k INTEGER, v TEXT, PRIMARY KEY (k DESC));
                INSERT INTO w VALUES (1, 'x');
                """, session -> {
            Schema s = new SqliteInspector().inspect(session);
            // WITHOUT ROWID: no rowid at all, and the primary key is NOT NULL.
            Table w = s.table("w").orElseThrow();
            assertThat(w.column("k").orElseThrow()).extracting(Column::autoIncrement, Column::nullable)
                    .containsExactly(false, false);
            // Its primary key b-tree is the table: its size is reported once, not twice.
            assertThat(w.indexes()).extracting(Index::name, Index::primary)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("sqlite_autoindex_w_1", true));
            assertThat(w.indexes().get(0).sizeBytes()).isEqualTo(w.sizeBytes()).isPositive();
            // "INTEGER PRIMARY KEY DESC" as a column constraint and "INT PRIMARY KEY" are not rowid aliases ...
            for (String name : List.of("d", "i")) {
                Table t = s.table(name).orElseThrow();
                assertThat(t.column("k").orElseThrow()).extracting(Column::autoIncrement, Column::nullable)
                        .containsExactly(false, true);
                assertThat(t.indexes()).extracting(Index::primary).containsExactly(true);
            }
            // ... but a table-level PRIMARY KEY (k DESC) on an INTEGER column is.
            Table a = s.table("a").orElseThrow();
            assertThat(a.column("k").orElseThrow()).extracting(Column::autoIncrement, Column::nullable)
                    .containsExactly(true, false);
            assertThat(a.indexes()).isEmpty();
        });
    }

    private static void withDatabase(String prefix, String script, Consumer<DbSession> check) {
        DbUrl db = TestDatabases.create(DialectKind.SQLITE, prefix);
        try {
            TestDatabases.exec(db, script);
            try (DbSession session = ConnectionFactory.open(db)) {
                check.accept(session);
            }
        } finally {
            TestDatabases.drop(db);
        }
    }

    private static Table table(String name) {
        return schema.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static String fixture() throws IOException {
        try (InputStream in = SqliteInspectorIT.class.getResourceAsStream("/fixtures/inspect/sqlite.sql")) {
            assertThat(in).as("fixture on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.dbagent.dialect.postgres;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Json;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.EnumType;
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

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Inspects the shared fixture on a real PostgreSQL through a read-only session and checks every field. */
class PostgresInspectorIT {

    private static final long MAX_BIGINT = Long.MAX_VALUE;

    private static DbUrl url;
    private static Schema schema;
    private static boolean withExtension;

    @BeforeAll
    static void load() throws Exception {
        url = TestDatabases.create(DialectKind.POSTGRES, "insp");
        String fixture;
        try (var in = PostgresInspectorIT.class.getResourceAsStream("/fixtures/inspect/postgres.sql")) {
            fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TestDatabases.exec(url, fixture);
        // pg_buffercache puts a view into public; it is contrib, which a bare server build may lack.
        try {
            TestDatabases.exec(url, "CREATE EXTENSION pg_buffercache");
            withExtension = true;
        } catch (IllegalStateException e) {
            System.err.println("note: pg_buffercache unavailable, extension filtering not exercised: " + e.getMessage());
        }
        TestDatabases.exec(url, "ANALYZE");
        try (DbSession session = ConnectionFactory.open(url)) {
            assertThat(session.readOnly()).isTrue();
            schema = new PostgresInspector().inspect(session);
            assertThat(session.connection().getAutoCommit()).as("session left as found").isTrue();
        }
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(url);
    }

    @Test
    void describesTheDatabase() {
        assertThat(schema.dialect()).isEqualTo("postgres");
        assertThat(schema.product()).isEqualTo("PostgreSQL");
        assertThat(schema.serverVersion()).matches("\\d+\\.\\d+");
        assertThat(schema.database()).isEqualTo(url.database());
        assertThat(schema.schemas()).containsExactly("metrics", "public");
    }

    @Test
    void listsUserTablesSortedBySchemaAndName() {
        assertThat(schema.tables()).extracting(t -> t.schema() + "." + t.name()).containsExactly(
                "metrics.reading_flags", "metrics.readings", "metrics.readings_2024",
                "public.customers", "public.event_log", "public.order_items", "public.orders");
    }

    @Test
    void customers() {
        Table t = table("public", "customers");
        assertThat(t.rowEstimate()).isEqualTo(3);
        assertThat(t.sizeBytes()).isPositive();
        assertThat(t.comment()).isEqualTo("People who buy things");
        assertThat(t.columns()).containsExactly(
                new Column("id", "bigint", false, null, true, true, "always", null, null, null),
                new Column("email", "character varying(255)", false, null, false, false, null, null, null,
                        "Login and contact address"),
                new Column("full_name", "character varying(100)", true, null, false, false, null, null, null, null),
                new Column("status", "customer_status", false, "'active'::customer_status", false, false, null, null,
                        null, null),
                new Column("score", "numeric(10,2)", false, "0", false, false, null, null, null, null),
                new Column("created_at", "timestamp without time zone", false, "CURRENT_TIMESTAMP", false, false, null,
                        null, null, null));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.primaryKeyName()).isEqualTo("customers_pkey");
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).containsExactly(new Unique("uq_customers_email", List.of("email")));
        assertThat(t.checks()).containsExactly(new Check("ck_customers_score", "score >= 0::numeric"));
        assertIndexes(t,
                new Index("customers_pkey", List.of("id"), true, true, "btree", null, List.of(), 0),
                new Index("uq_customers_email", List.of("email"), true, false, "btree", null, List.of(), 0));
    }

    @Test
    void orders() {
        Table t = table("public", "orders");
        assertThat(t.rowEstimate()).isEqualTo(5);
        assertThat(t.sizeBytes()).isPositive();
        assertThat(t.comment()).isNull();
        assertThat(t.columns()).containsExactly(
                new Column("id", "bigint", false, "nextval('orders_id_seq'::regclass)", true, true, null, null, null,
                        null),
                Column.of("customer_id", "bigint", false, null),
                Column.of("status", "character varying(20)", false, "'pending'::character varying"),
                Column.of("total", "numeric(12,2)", false, "0"),
                Column.of("note", "text", true, null),
                new Column("total_with_tax", "numeric", true, null, false, false, null, "total * 1.2", "stored", null),
                Column.of("updated_at", "timestamp without time zone", true, null));
        assertThat(t.primaryKey()).containsExactly("id");
        assertThat(t.primaryKeyName()).isEqualTo("orders_pkey");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_orders_customer", List.of("customer_id"),
                "public", "customers", List.of("id"), "CASCADE", "RESTRICT"));
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        assertIndexes(t,
                new Index("idx_orders_customer_status", List.of("customer_id", "status"), false, false, "btree", null,
                        List.of(), 0),
                new Index("idx_orders_note_lower", List.of("lower(note)"), false, false, "btree", null, List.of(), 0),
                new Index("idx_orders_pending", List.of("customer_id"), false, false, "btree",
                        "status::text = 'pending'::text", List.of(), 0),
                new Index("idx_orders_status_hash", List.of("status"), false, false, "hash", null, List.of(), 0),
                new Index("idx_orders_total_incl", List.of("total"), false, false, "btree", null, List.of("status"), 0),
                new Index("orders_pkey", List.of("id"), true, true, "btree", null, List.of(), 0));
    }

    @Test
    void orderItems() {
        Table t = table("public", "order_items");
        assertThat(t.rowEstimate()).isEqualTo(8);
        assertThat(t.columns()).containsExactly(
                new Column("order_id", "bigint", false, null, true, false, null, null, null, null),
                new Column("line_no", "integer", false, null, true, false, null, null, null, null),
                Column.of("product_code", "character varying(40)", false, null),
                Column.of("quantity", "integer", false, null),
                Column.of("unit_price", "numeric(10,2)", false, null));
        assertThat(t.primaryKey()).containsExactly("order_id", "line_no");
        assertThat(t.primaryKeyName()).isEqualTo("pk_order_items");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_items_order", List.of("order_id"), "public",
                "orders", List.of("id"), "CASCADE", "NO ACTION"));
        assertThat(t.uniques()).containsExactly(
                new Unique("uq_items_order_product", List.of("order_id", "product_code")));
        assertThat(t.checks()).containsExactly(new Check("ck_items_quantity", "quantity > 0"));
        assertIndexes(t,
                new Index("pk_order_items", List.of("order_id", "line_no"), true, true, "btree", null, List.of(), 0),
                new Index("uq_items_order_product", List.of("order_id", "product_code"), true, false, "btree", null,
                        List.of(), 0));
    }

    @Test
    void eventLogHasNoPrimaryKey() {
        Table t = table("public", "event_log");
        assertThat(t.rowEstimate()).as("one audit row per inserted item").isEqualTo(8);
        assertThat(t.columns()).containsExactly(
                Column.of("payload", "jsonb", true, null),
                Column.of("logged_at", "timestamp without time zone", true, "now()"));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.primaryKeyName()).isNull();
        assertThat(t.foreignKeys()).isEmpty();
        assertThat(t.uniques()).isEmpty();
        assertThat(t.checks()).isEmpty();
        assertIndexes(t, new Index("idx_event_payload", List.of("payload"), false, false, "gin", null, List.of(), 0));
    }

    @Test
    void partitionedTableAndItsPartition() {
        Table parent = table("metrics", "readings");
        Table partition = table("metrics", "readings_2024");
        for (Table t : List.of(parent, partition)) {
            assertThat(t.columns()).containsExactly(
                    new Column("id", "bigint", false, null, true, false, null, null, null, null),
                    new Column("taken_on", "date", false, null, true, false, null, null, null, null),
                    Column.of("customer_id", "bigint", true, null),
                    Column.of("value", "double precision", true, null));
            assertThat(t.primaryKey()).containsExactly("id", "taken_on");
            assertThat(t.foreignKeys()).containsExactly(new ForeignKey("readings_customer_id_fkey",
                    List.of("customer_id"), "public", "customers", List.of("id"), "NO ACTION", "NO ACTION"));
        }
        assertThat(parent.primaryKeyName()).isEqualTo("readings_pkey");
        assertThat(partition.primaryKeyName()).isEqualTo("readings_2024_pkey");
        assertThat(parent.indexes()).extracting(Index::name).containsExactly("readings_pkey");
        assertThat(partition.indexes()).extracting(Index::name).containsExactly("readings_2024_pkey");
    }

    @Test
    void foreignKeyToPartitionedTableIsListedOnce() {
        Table t = table("metrics", "reading_flags");
        assertThat(t.foreignKeys()).containsExactly(new ForeignKey("fk_flags_reading",
                List.of("reading_id", "taken_on"), "metrics", "readings", List.of("id", "taken_on"), "NO ACTION",
                "NO ACTION"));
        assertThat(t.primaryKey()).isEmpty();
        assertThat(t.indexes()).isEmpty();
    }

    @Test
    void viewsAndMaterializedViews() {
        assertThat(schema.views()).extracting(View::schema, View::name, View::materialized, View::columns)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("public", "customer_totals", false,
                                List.of("customer_id", "email", "order_count", "total_spent")),
                        org.assertj.core.groups.Tuple.tuple("public", "mv_order_stats", true,
                                List.of("status", "order_count")));
        View totals = schema.views().get(0);
        assertThat(totals.definition()).startsWith("SELECT c.id AS customer_id,")
                .contains("FROM customers c", "LEFT JOIN orders o ON o.customer_id = c.id", "GROUP BY c.id, c.email");
        assertThat(schema.views().get(1).definition()).startsWith("SELECT orders.status,")
                .contains("count(*) AS order_count", "GROUP BY orders.status");
    }

    @Test
    void triggers() {
        assertThat(schema.triggers()).containsExactly(
                new Trigger("public", "order_items", "trg_items_audit", "AFTER", List.of("INSERT", "DELETE"), "ROW",
                        "CREATE TRIGGER trg_items_audit AFTER INSERT OR DELETE ON order_items FOR EACH ROW "
                                + "EXECUTE FUNCTION audit_items()"),
                new Trigger("public", "orders", "trg_orders_touch", "BEFORE", List.of("UPDATE"), "ROW",
                        "CREATE TRIGGER trg_orders_touch BEFORE UPDATE ON orders FOR EACH ROW "
                                + "EXECUTE FUNCTION touch_updated_at()"));
    }

    @Test
    void sequences() {
        assertThat(schema.sequences()).containsExactly(
                new Sequence("public", "customers_id_seq", "bigint", 1, 1, 1, MAX_BIGINT, false, 3L, "customers.id"),
                new Sequence("public", "invoice_seq", "bigint", 1000, 5, 1, MAX_BIGINT, false, 1000L, null),
                new Sequence("public", "orders_id_seq", "bigint", 1, 1, 1, MAX_BIGINT, false, 5L, "orders.id"));
    }

    @Test
    void enums() {
        assertThat(schema.enums()).containsExactly(
                new EnumType("public", "customer_status", List.of("active", "blocked")));
    }

    @Test
    void leavesOutSystemAndExtensionObjects() {
        assertThat(schema.schemas()).noneMatch(s -> s.startsWith("pg_") || s.equals("information_schema"));
        assertThat(schema.tables()).noneMatch(t -> t.schema().startsWith("pg_")
                || t.schema().equals("information_schema"));
        assertThat(schema.views()).noneMatch(v -> v.schema().startsWith("pg_")
                || v.schema().equals("information_schema"));
        assertThat(schema.tables()).noneMatch(t -> t.name().startsWith("pg_"));
        assertThat(schema.views()).noneMatch(v -> v.name().startsWith("pg_"));
        assertThat(schema.triggers()).noneMatch(tr -> tr.name().startsWith("RI_ConstraintTrigger"));
        if (withExtension) {
            assertThat(schema.views()).extracting(View::name).doesNotContain("pg_buffercache");
        }
    }

    @Test
    void jsonUsesTheContractNames() {
        String json = Json.write(schema);
        assertThat(json).contains("\"rowEstimate\"", "\"default\"", "\"primaryKey\"", "\"refTable\"", "\"onDelete\"",
                "\"method\"");
        assertThat(json).doesNotContain("\"defaultValue\"");
    }

    @Test
    void insideACallersTransactionTheResultIsTheSame() throws Exception {
        try (DbSession session = ConnectionFactory.open(url)) {
            session.connection().setAutoCommit(false);
            Schema again = new PostgresInspector().inspect(session);
            assertThat(session.connection().getAutoCommit()).isFalse();
            session.connection().rollback();
            // autovacuum may add visibility-map pages meanwhile; everything else must be identical
            assertThat(again).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*sizeBytes")
                    .isEqualTo(schema);
        }
    }

    /** Managed databases hand out roles that own nothing: the catalog must still be readable, only lastValue goes. */
    @Test
    void worksForARoleWithoutPrivileges() {
        String role = "dbagent_t_noprivs_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        TestDatabases.exec(url, "CREATE ROLE " + role + " LOGIN PASSWORD 'insp-pw'");
        try {
            DbUrl asRole = DbUrlParser.parse("postgres://" + role + ":insp-pw@" + url.hostPort() + "/" + url.database());
            try (DbSession session = ConnectionFactory.open(asRole)) {
                Schema seen = new PostgresInspector().inspect(session);
                assertThat(seen.sequences()).extracting(Sequence::lastValue).containsOnlyNulls();
                assertThat(seen.sequences()).extracting(Sequence::ownedBy)
                        .containsExactly("customers.id", null, "orders.id");
                assertThat(seen).usingRecursiveComparison().ignoringFieldsMatchingRegexes(".*sizeBytes", ".*lastValue")
                        .isEqualTo(schema);
            }
        } finally {
            TestDatabases.exec(url, "DROP ROLE " + role);
        }
    }

    /** A smoke guard against per-table queries; the 2,000-table benchmark lives elsewhere. */
    @Test
    void threeHundredTablesInspect() {
        DbUrl many = TestDatabases.create(DialectKind.POSTGRES, "insp_many");
        try {
            TestDatabases.exec(many, """
                    DO $$
                    BEGIN
                        FOR i IN 1..300 LOOP
                            EXECUTE format('CREATE TABLE t_%s (
                                                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                                name text NOT NULL,
                                                amount numeric(10,2) CHECK (amount >= 0),
                                                created_at timestamptz DEFAULT now())', i);
                            EXECUTE format('CREATE INDEX t_%s_name_idx ON t_%s (name)', i, i);
                        END LOOP;
                    END
                    $$
                    """);
            try (DbSession session = ConnectionFactory.open(many)) {
                Schema big = new PostgresInspector().inspect(session);

                assertThat(big.tables()).hasSize(300);
                assertThat(big.tables()).allSatisfy(t -> {
                    assertThat(t.columns()).extracting(Column::name)
                            .containsExactly("id", "name", "amount", "created_at");
                    assertThat(t.primaryKey()).containsExactly("id");
                    assertThat(t.checks()).hasSize(1);
                    assertThat(t.indexes()).hasSize(2);
                    if (session.majorVersion() >= 14) {
                        assertThat(t.rowEstimate()).as("never analysed").isEqualTo(-1);
                    }
                });
                assertThat(big.sequences()).hasSize(300);
            }
        } finally {
            TestDatabases.drop(many);
        }
    }

    private static Table table(String schemaName, String name) {
        return schema.tables().stream()
                .filter(t -> t.schema().equals(schemaName) && t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no table " + schemaName + "." + name));
    }

    /** Sizes depend on the page layout, so they are only checked to be known. */
    private static void assertIndexes(Table t, Index... expected) {
        assertThat(t.indexes()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("sizeBytes")
                .containsExactly(expected);
        assertThat(t.indexes()).allSatisfy(i -> assertThat(i.sizeBytes()).isPositive());
    }
}

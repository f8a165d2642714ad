package io.dbagent.lint;

import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lint rules on hand-built models; the integration tests run them on live databases. */
class SchemaLinterTest {

    private static Column col(String name, String type, boolean nullable) {
        return Column.of(name, type, nullable, null);
    }

    private static Column pk(String name, String type) {
        return new Column(name, type, false, null, true, true, null, null, null, null);
    }

    private static Index idx(String name, boolean unique, String... cols) {
        return new Index(name, List.of(cols), unique, false, "btree", null, List.of(), 8192);
    }

    private static Schema schema(String dialect, Table... tables) {
        return new Schema(dialect, "X", "1", "db", List.of("public"), List.of(tables), null, null, null, null);
    }

    private static final Table USERS = new Table("public", "users", 100, 8192,
            List.of(pk("id", "bigint"), col("email", "text", false)), List.of("id"), "users_pkey", List.of(),
            List.of(), List.of(), List.of(new Index("users_pkey", List.of("id"), true, true, "btree", null, List.of(), 8192)), null);

    @Test
    void foreignKeyWithoutIndexOnALargeTableIsCritical() {
        Table orders = new Table("public", "orders", 50_000, 1 << 20,
                List.of(pk("id", "bigint"), col("user_id", "bigint", false), col("status", "text", false)),
                List.of("id"), null,
                List.of(new ForeignKey("fk_orders_user", List.of("user_id"), "public", "users", List.of("id"), "CASCADE", "NO ACTION")),
                List.of(), List.of(), List.of(idx("idx_orders_status_user", false, "status", "user_id")), null);
        Report<Void> r = SchemaLinter.lint(schema("postgres", USERS, orders), null, "t");
        Finding f = only(r, "fk-without-index");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).isEqualTo("orders(user_id)");
        assertThat(f.message()).contains("fk_orders_user").contains("50000 rows");
        assertThat(f.fix()).isEqualTo("CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);");
        assertThat(r.exitCode(Severity.CRITICAL)).isEqualTo(1);
    }

    @Test
    void indexLeadingWithTheFkColumnsSupportsIt() {
        Table orders = new Table("public", "orders", 50_000, 1, List.of(pk("id", "bigint"), col("user_id", "bigint", false)),
                List.of("id"), null,
                List.of(new ForeignKey("fk", List.of("user_id"), "public", "users", List.of("id"), "CASCADE", "NO ACTION")),
                List.of(), List.of(), List.of(idx("idx_orders_user_created", false, "user_id", "created_at")), null);
        Report<Void> r = SchemaLinter.lint(schema("postgres", USERS, orders), null, "t");
        assertThat(r.findings()).extracting(Finding::id).doesNotContain("fk-without-index");
    }

    @Test
    void duplicateAndLeftPrefixIndexes() {
        Table t = new Table("app", "orders", 10, 1, List.of(pk("id", "bigint"), col("a", "int", false), col("b", "int", false)),
                List.of("id"), null, List.of(), List.of(new Unique("uq_a_b", List.of("a", "b"))), List.of(),
                List.of(idx("uq_a_b", true, "a", "b"), idx("idx_a", false, "a"), idx("idx_a_b", false, "a", "b"),
                        idx("idx_b", false, "b")), null);
        Report<Void> r = SchemaLinter.lint(schema("mysql", t), null, "t");
        List<Finding> dups = r.findings().stream().filter(f -> f.id().equals("duplicate-index")).toList();
        assertThat(dups).extracting(Finding::subject).containsExactlyInAnyOrder("app.orders.idx_a", "app.orders.idx_a_b");
        assertThat(dups).extracting(Finding::fix)
                .contains("ALTER TABLE orders DROP INDEX idx_a;", "ALTER TABLE orders DROP INDEX idx_a_b;");
        Finding identical = dups.stream().filter(f -> f.subject().endsWith("idx_a_b")).findFirst().orElseThrow();
        assertThat(identical.message()).contains("duplicate of uq_a_b");
    }

    @Test
    void missingPrimaryKeyPrefersAnExistingNotNullUniqueKey() {
        Table t = new Table("public", "event_log", 5, 1, List.of(col("code", "text", false), col("payload", "jsonb", true)),
                List.of(), null, List.of(), List.of(new Unique("uq_code", List.of("code"))), List.of(), List.of(), null);
        Finding f = only(SchemaLinter.lint(schema("postgres", t), null, "t"), "missing-primary-key");
        assertThat(f.fix()).isEqualTo("ALTER TABLE event_log ADD PRIMARY KEY (code);");
        Table bare = new Table("main", "log", 5, 1, List.of(col("msg", "text", true)), List.of(), null, List.of(),
                List.of(), List.of(), List.of(), null);
        Finding g = only(SchemaLinter.lint(schema("mysql", bare), null, "t"), "missing-primary-key");
        assertThat(g.fix()).isEqualTo("ALTER TABLE log ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;");
    }

    @Test
    void referenceColumnWithoutForeignKey() {
        Table orders = new Table("public", "orders", 10, 1,
                List.of(pk("id", "bigint"), col("user_id", "bigint", false), col("coupon_id", "bigint", true)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(), null);
        Report<Void> r = SchemaLinter.lint(schema("postgres", USERS, orders), null, "t");
        Finding toUsers = r.findings().stream().filter(f -> f.subject().equals("orders.user_id")).findFirst().orElseThrow();
        assertThat(toUsers.id()).isEqualTo("missing-foreign-key");
        assertThat(toUsers.severity()).isEqualTo(Severity.WARN);
        assertThat(toUsers.fix()).startsWith(
                "ALTER TABLE orders ADD CONSTRAINT fk_orders_user_id FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;");
        Finding coupon = r.findings().stream().filter(f -> f.subject().equals("orders.coupon_id")).findFirst().orElseThrow();
        assertThat(coupon.severity()).isEqualTo(Severity.INFO);
    }

    /** A guessed table that does not exist must not appear in a fix: {@code manager_staffs} is not in the schema. */
    @Test
    void noForeignKeyFixTowardsATableThatDoesNotExist() {
        Table staff = new Table("public", "staff", 2, 1, List.of(pk("staff_id", "int"), col("name", "text", false)),
                List.of("staff_id"), null, List.of(), List.of(), List.of(), List.of(), null);
        Table store = new Table("public", "store", 2, 1,
                List.of(pk("store_id", "int"), col("manager_staff_id", "int", false)),
                List.of("store_id"), null, List.of(), List.of(), List.of(), List.of(), null);
        Report<Void> r = SchemaLinter.lint(schema("postgres", staff, store), null, "t");
        Finding f = only(r, "missing-foreign-key");
        assertThat(f.subject()).isEqualTo("store.manager_staff_id");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.fix()).isNull();
        assertThat(r.findings()).extracting(Finding::fix).noneMatch(x -> x != null && x.contains("manager_staff"));
    }

    @Test
    void typeRules() {
        Table t = new Table("public", "payments", 10, 1,
                List.of(pk("id", "bigint"), col("amount", "double precision", false),
                        col("paid_at", "timestamp without time zone", true), col("ratio", "real", true)),
                List.of("id"), null, List.of(), List.of(), List.of(), List.of(), null);
        Report<Void> r = SchemaLinter.lint(schema("postgres", t), null, "t");
        assertThat(only(r, "float-for-money").fix()).isEqualTo("ALTER TABLE payments ALTER COLUMN amount TYPE numeric(12,2);");
        assertThat(only(r, "timestamp-without-tz").fix())
                .isEqualTo("ALTER TABLE payments ALTER COLUMN paid_at TYPE timestamptz USING paid_at AT TIME ZONE 'UTC';");
        assertThat(r.skipped()).containsKey("nullable-fk");
    }

    private static Finding only(Report<Void> r, String id) {
        List<Finding> fs = r.findings().stream().filter(f -> f.id().equals(id)).toList();
        assertThat(fs).as("findings %s in %s", id, r.findings()).hasSize(1);
        return fs.get(0);
    }
}

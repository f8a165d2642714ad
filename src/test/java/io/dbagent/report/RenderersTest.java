package io.dbagent.report;

import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RenderersTest {

    private static final Schema SHOP = new Schema("postgres", "PostgreSQL", "15", "shop", List.of("public"), List.of(
            new Table("public", "users", 3, 8192, List.of(new Column("id", "bigint", false, null, true, true, "always", null, null, null),
                    Column.of("email", "character varying(255)", false, null)), List.of("id"), "users_pkey", List.of(),
                    List.of(new Unique("uq_email", List.of("email"))), List.of(), List.of(), null),
            new Table("public", "profiles", 3, 8192, List.of(new Column("id", "bigint", false, null, true, true, null, null, null, null),
                    Column.of("user_id", "bigint", false, null)), List.of("id"), null,
                    List.of(new ForeignKey("fk_p_u", List.of("user_id"), "public", "users", List.of("id"), "CASCADE", "NO ACTION")),
                    List.of(new Unique("uq_p_user", List.of("user_id"))), List.of(), List.of(), null),
            new Table("public", "orders", 3, 8192, List.of(new Column("id", "bigint", false, null, true, true, null, null, null, null),
                    Column.of("user_id", "bigint", true, null)), List.of("id"), null,
                    List.of(new ForeignKey("fk_o_u", List.of("user_id"), "public", "users", List.of("id"), "SET NULL", "NO ACTION")),
                    List.of(), List.of(), List.of(), null)),
            null, null, null, null);

    @Test
    void mermaidDrawsRelationshipsWithCardinality() {
        String m = SchemaRenderer.mermaid(SHOP);
        assertThat(m).startsWith("erDiagram\n");
        assertThat(m).contains("    users {\n        bigint id PK\n        character_varying_255 email UK \"not null\"\n    }");
        assertThat(m).contains("users ||--o| profiles : \"user_id\"");  // unique FK: one-to-one
        assertThat(m).contains("users |o--o{ orders : \"user_id\"");    // nullable FK: optional parent
    }

    @Test
    void jsonUsesContractFieldNamesAndNoNulls() {
        String json = Json.write(SHOP);
        assertThat(json).contains("\"dialect\" : \"postgres\"", "\"rowEstimate\" : 3", "\"primaryKey\" : [ \"id\" ]",
                "\"refTable\" : \"users\"", "\"onDelete\" : \"SET NULL\"");
        assertThat(json).doesNotContain("null,").doesNotContain(": null");
    }

    @Test
    void reportRenderersAndExitCodes() {
        Finding f = Finding.builder("fk-without-index", Severity.WARN).subject("orders(user_id)")
                .message("foreign key on orders(user_id) has no index").fix("CREATE INDEX x ON orders (user_id);")
                .evidence("rowEstimate", 3).build();
        Report<Void> r = new Report<>("lint", "sqlite:x.db", "SQLite 3", List.of(f), Map.of("nullable-fk", "no session"), Map.of());
        assertThat(ReportRenderer.text(r)).contains("[WARN] fk-without-index  orders(user_id)", "fix: CREATE INDEX x",
                "0 critical, 1 warn, 0 info", "nullable-fk: no session");
        assertThat(ReportRenderer.markdown(r)).contains("| warn | `fk-without-index` | orders(user_id) |", "```sql");
        assertThat(Json.write(r)).contains("\"id\" : \"fk-without-index\"", "\"severity\" : \"warn\"", "\"fix\"",
                "\"evidence\" : {", "\"summary\"");
        assertThat(r.exitCode(Severity.CRITICAL)).isZero();
        assertThat(r.exitCode(Severity.WARN)).isEqualTo(1);
    }
}

package io.dbagent.design;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.DbAgentException;
import io.dbagent.cli.CliRunner;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Json;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The designer without a database: malformed specs, the shape of the schema, the advice, the renderers. */
class DesignSpecTest {

    private static Design design(String yaml, DialectKind d) {
        return DesignService.design(yaml, "t.yaml", d);
    }

    private static void fails(String yaml, String message) {
        assertThatThrownBy(() -> design(yaml, DialectKind.POSTGRES)).isInstanceOf(DbAgentException.class)
                .hasMessage(message);
    }

    @Test
    void unknownTypeNamesTheLineAndEntity() {
        fails("""
                name: t
                entities:
                  product:
                    attributes:
                      name: string
                      price: {type: money, required: true}
                """, "t.yaml line 6: entity 'product', attribute 'price': unknown type 'money' (expected string, text, "
                + "int, bigint, decimal, boolean, date, timestamp, uuid, json or enum: [a, b])");
        fails("""
                entities:
                  product:
                    attributes:
                      price: money
                """, "t.yaml line 4: entity 'product', attribute 'price': unknown type 'money' (expected string, text, "
                + "int, bigint, decimal, boolean, date, timestamp, uuid, json or enum: [a, b])");
    }

    @Test
    void relationshipToAMissingEntityNamesIt() {
        fails("""
                entities:
                  order: {attributes: {note: text}}
                  user: {attributes: {email: string}}
                relationships:
                  - {from: order, to: user, type: many-to-one}
                  - {from: order, to: customer, type: many-to-one}
                """, "t.yaml line 6: relationship 2 (order many-to-one customer): entity 'customer' is not defined "
                + "(entities: order, user)");
    }

    @Test
    void cyclicRequiredOneToOneIsRefused() {
        fails("""
                entities:
                  user: {attributes: {email: string}}
                  profile: {attributes: {bio: text}}
                relationships:
                  - {from: user, to: profile, type: one-to-one, required: true}
                  - {from: profile, to: user, type: one-to-one, required: true}
                """, "t.yaml line 5: cyclic required one-to-one: profile -> user -> profile (relationship 1 (user "
                + "one-to-one profile) at line 5, relationship 2 (profile one-to-one user) at line 6): no row could be "
                + "inserted first; make one side optional (required: false)");
        // one optional side is fine
        design("""
                entities:
                  user: {attributes: {email: string}}
                  profile: {attributes: {bio: text}}
                relationships:
                  - {from: user, to: profile, type: one-to-one, required: true}
                  - {from: profile, to: user, type: one-to-one, as: main_profile}
                """, DialectKind.SQLITE);
    }

    @Test
    void otherMistakesAreOneClearLine() {
        fails("entities:\n  user:\n    attributes:\n      email: {type: string, requried: true}\n",
                "t.yaml line 4: entity 'user', attribute 'email': unknown property 'requried' (expected default, "
                        + "derived, description, enum, format, index, length, max, min, precision, required, scale, "
                        + "search, type, unique, values)");
        fails("entities:\n  user:\n    attributes:\n      id: int\n",
                "t.yaml line 4: entity 'user', attribute 'id': the designer adds this column itself; remove or "
                        + "rename the attribute");
        fails("entities:\n  user: {attributes: {a: string}}\nrelationships:\n  - {from: user, to: user, type: many}\n",
                "t.yaml line 4: relationship 1 (user -> user): unknown type 'many' (expected one-to-one, one-to-many, "
                        + "many-to-one or many-to-many)");
        fails("entities:\n  user: {attributes: {a: string}}\nqueries:\n  - {name: q, entities: [user, order]}\n",
                "t.yaml line 4: query 'q' names 'order', which is neither an entity nor a join entity (known: user)");
        fails("entities:\n  user: {attributes: {status: {type: enum}}}\n",
                "t.yaml line 2: entity 'user', attribute 'status': type enum needs its values, e.g. {enum: [pending, paid]}");
        assertThatThrownBy(() -> design("entities:\n  user:\n    attributes: {a: string\n", DialectKind.POSTGRES))
                .hasMessageStartingWith("t.yaml line ").hasMessageContaining("not valid YAML/JSON");
        fails("name: x\n", "t.yaml: the spec has no entities (expected entities: {name: {attributes: …}})");
        fails("entities:\n  User: {attributes: {a: string}}\n", "t.yaml line 2: entity name 'User' must be snake_case: "
                + "lower-case letters, digits and _, starting with a letter");
    }

    @Test
    void derivedExpressionsAreChecked() {
        String base = """
                entities:
                  order: {attributes: {total: {type: decimal, derived: "%s"}}}
                  product: {attributes: {price: decimal}}
                relationships:
                  - {from: order, to: product, type: many-to-many, through: order_item, attributes: {quantity: int}}
                """;
        fails(base.formatted("sum(order_item.qty * product.price)"), "t.yaml line 2: entity 'order', attribute "
                + "'total': derived 'sum(order_item.qty * product.price)': 'order_item' has no attribute 'qty'");
        fails(base.formatted("median(order_item.quantity)"), "t.yaml line 2: entity 'order', attribute 'total': "
                + "derived 'median(order_item.quantity)': unknown function 'median' (aggregates: sum, count, min, max, avg)");
        fails(base.formatted("sum(product.price)"), "t.yaml line 2: entity 'order', attribute 'total': derived "
                + "'sum(product.price)': none of [product] references order; an aggregate reads the rows that belong "
                + "to the owner (its children or a many-to-many join)");
        fails(base.formatted("sum(quantity)"), "t.yaml line 2: entity 'order', attribute 'total': derived "
                + "'sum(quantity)': write 'quantity' as ENTITY.quantity inside an aggregate, naming whose attribute it is");
        fails(base.formatted("sum(order_item.quantity; drop table x)"), "t.yaml line 2: entity 'order', attribute "
                + "'total': derived 'sum(order_item.quantity; drop table x)': unexpected ';' (use attribute names, "
                + "numbers, + - * / and parentheses)");
    }

    @Test
    void shopDesignHasTheExpectedShape() {
        Design d = design(DesignIT.specText("shop"), DialectKind.POSTGRES);
        Table items = d.schema().table("order_items").orElseThrow();
        assertThat(items.primaryKey()).containsExactly("order_id", "product_id");
        assertThat(items.indexes()).extracting(i -> i.columns()).containsExactly(List.of("product_id"));
        assertThat(d.schema().table("orders").orElseThrow().column("id").orElseThrow().type()).isEqualTo("bigint");
        assertThat(d.schema().table("users").orElseThrow().column("id").orElseThrow().type()).isEqualTo("integer");
        assertThat(d.schema().table("profiles").orElseThrow().uniques()).extracting(u -> u.columns())
                .containsExactly(List.of("user_id"));
        assertThat(d.schema().table("users").orElseThrow().checks()).extracting(c -> c.expression())
                .containsExactly("email ~* '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$'");
        assertThat(d.queries()).extracting(q -> q.name() + " " + q.joins() + " " + q.tables())
                .containsExactly("order_details 2 [orders, order_items, products]", "user_orders 1 [users, orders]");
        assertThat(d.findings()).extracting(f -> f.id() + " " + f.subject()).containsExactlyInAnyOrder(
                "matview-candidate order_details", "partition-candidate orders", "partition-candidate order_items",
                "bigint-key orders.id");
        Finding mv = d.findings().stream().filter(f -> f.id().equals("matview-candidate")).findFirst().orElseThrow();
        assertThat(mv.message()).contains("2 joins", "200/s", "Decision: keep the 3NF tables",
                "stale", "write cost", "storage");
        assertThat(mv.fix()).contains("CREATE MATERIALIZED VIEW order_details_mv", "REFRESH MATERIALIZED VIEW CONCURRENTLY");
        Design sqlite = design(DesignIT.specText("shop"), DialectKind.SQLITE);
        assertThat(sqlite.extras()).containsExactly("CREATE VIRTUAL TABLE products_fts USING fts5(description, "
                + "content='products', content_rowid='id')");
    }

    @Test
    void adviceForSmallHotQueriesAndUuidKeys() {
        Design blog = design(DesignIT.specText("blog"), DialectKind.MYSQL);
        Finding f = blog.findings().stream().filter(x -> x.id().equals("denormalize-candidate")).findFirst()
                .orElseThrow();
        assertThat(f.subject()).isEqualTo("post_page");
        assertThat(f.message()).contains("3 tables (2 joins) at 400/s", "Decision: keep it normalised for now",
                "stale", "write cost", "storage");
        assertThat(f.fix()).startsWith("ALTER TABLE ");
        Design hr = design(DesignIT.specText("hr"), DialectKind.POSTGRES);
        assertThat(hr.findings()).extracting(x -> x.id() + " " + x.subject())
                .contains("uuid-key employees.id", "uuid-key departments.id");
        assertThat(hr.statements().get(0)).contains("uuid_generate_v7()");
        Design saas = design(DesignIT.specText("saas"), DialectKind.POSTGRES);
        assertThat(saas.findings()).extracting(x -> x.id() + " " + x.subject())
                .contains("partition-candidate tasks", "bigint-key tasks.id", "matview-candidate tenant_board");
        assertThat(saas.findings()).extracting(x -> x.id() + " " + x.subject())
                .doesNotContain("partition-candidate audit_events"); // no created_at to partition by
    }

    /** The agent's (and so MCP's) design_schema answers with the same envelope as {@code design --format json}. */
    @Test
    void agentToolAnswersWithTheCliJson(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("shop.yaml");
        Files.writeString(spec, DesignIT.specText("shop"));
        JsonNode cli = Json.MAPPER.readTree(CliRunner.run("design", spec.toString(), "--dialect", "postgres",
                "--format", "json").out());
        io.dbagent.agent.DatabaseTools tools = new io.dbagent.agent.DatabaseTools(null, null,
                new io.dbagent.memory.MemoryStore(dir.resolve("memory")), new io.dbagent.app.PlanStore(), false);
        io.dbagent.agent.DesignTools design = tools.all().stream()
                .filter(io.dbagent.agent.DesignTools.class::isInstance).map(io.dbagent.agent.DesignTools.class::cast)
                .findFirst().orElseThrow();
        JsonNode agent = Json.MAPPER.readTree(design.designSchema(DesignIT.specText("shop"), "postgres"));
        assertThat(agent.get("command").asText()).isEqualTo("design");
        List<String> cliFields = new java.util.ArrayList<>();
        cli.fieldNames().forEachRemaining(cliFields::add);
        List<String> agentFields = new java.util.ArrayList<>();
        agent.fieldNames().forEachRemaining(agentFields::add);
        assertThat(agentFields).isEqualTo(cliFields);
        for (String f : List.of("dialect", "schema", "queries", "ddl", "summary", "findings", "metrics")) {
            assertThat(agent.get(f)).as(f).isEqualTo(cli.get(f));
        }
    }

    @Test
    void cliFormatsAndErrors(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("shop.yaml");
        Files.writeString(spec, DesignIT.specText("shop"));
        var json = CliRunner.run("design", spec.toString(), "--dialect", "mariadb", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(json.out());
        // the report envelope of every command: command, target, summary, findings, skipped, metrics
        assertThat(j.get("command").asText()).isEqualTo("design");
        assertThat(j.get("target").asText()).endsWith("(mysql)");
        assertThat(j.get("summary").get("info").asLong()).isEqualTo(j.get("findings").size()
                - j.get("summary").get("warn").asLong() - j.get("summary").get("critical").asLong());
        assertThat(j.get("metrics").get("tables").asInt()).isEqualTo(6);
        assertThat(j.get("skipped").isObject()).isTrue();
        assertThat(j.get("dialect").asText()).isEqualTo("mysql");
        assertThat(j.get("schema").get("tables")).hasSize(6);
        assertThat(j.get("findings").get(0).get("id").asText()).isNotBlank();
        assertThat(j.get("queries").get(0).get("joins").asInt()).isEqualTo(2);
        assertThat(j.get("ddl").asText()).contains("CREATE TABLE order_items");
        var mermaid = CliRunner.run("design", spec.toString(), "--dialect", "sqlite", "--format", "mermaid");
        assertThat(mermaid.out()).startsWith("erDiagram").contains("orders ||--o{ order_items : \"order_id\"",
                "users |o--o| profiles : \"user_id\"");
        var md = CliRunner.run("design", spec.toString(), "--dialect", "postgres", "--format", "markdown");
        assertThat(md.out()).contains("```mermaid", "```sql", "| order_details | orders, order_items, products | 2 |",
                "matview-candidate");
        var sql = CliRunner.run("design", spec.toString(), "--dialect", "postgres");
        assertThat(sql.out()).contains("CREATE TABLE orders", "-- [INFO] matview-candidate  order_details");
        var text = CliRunner.run("design", spec.toString(), "--dialect", "postgres", "--format", "text");
        assertThat(text.out()).contains("[INFO] matview-candidate  order_details", "order_details  orders, order_items");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "entities:\n  a: {attributes: {x: money}}\n");
        var err = CliRunner.run("design", bad.toString(), "--dialect", "postgres");
        assertThat(err.exit()).isEqualTo(2);
        assertThat(err.err().strip()).isEqualTo("dbagent: bad.yaml line 2: entity 'a', attribute 'x': unknown type "
                + "'money' (expected string, text, int, bigint, decimal, boolean, date, timestamp, uuid, json or "
                + "enum: [a, b])");
        var missing = CliRunner.run("design", dir.resolve("nope.yaml").toString(), "--dialect", "postgres");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("spec file not found");
        var dialect = CliRunner.run("design", spec.toString(), "--dialect", "oracle");
        assertThat(dialect.exit()).isEqualTo(2);
        assertThat(dialect.err()).contains("unknown dialect 'oracle'");
    }

    /** The complete example of the design page (docs/design.md, once in the README) designs cleanly on every engine. */
    @Test
    void readmeExampleIsValid() throws Exception {
        String readme = Files.readString(Path.of("docs/design.md"));
        int start = readme.indexOf("```yaml\nname: shop");
        assertThat(start).as("docs/design.md has the spec example").isPositive();
        String yaml = readme.substring(start + 8, readme.indexOf("```", start + 8));
        for (DialectKind d : DialectKind.values()) {
            Design design = DesignService.design(yaml, "docs/design.md", d);
            assertThat(design.schema().tables()).extracting(Table::name).containsExactly("users", "profiles",
                    "categories", "products", "orders", "order_items");
        }
    }
}

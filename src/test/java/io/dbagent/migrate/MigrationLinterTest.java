package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Report;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Statement reading and lint rules without a database; sizes come from an in-memory model. */
class MigrationLinterTest {

    private static Report<Void> lint(DialectKind d, TableSizes sizes, String sql) {
        return MigrationLinter.lint(List.of(new MigrationLinter.Input("V2__x.sql", sql, true)), d, sizes, "t", "p", Map.of());
    }

    private static List<String> ids(Report<Void> r) {
        return r.findings().stream().map(f -> f.id() + " " + f.severity().id() + " " + f.subject()).toList();
    }

    private static TableSizes sized(long orders, long events) {
        Table o = new Table("public", "orders", orders, -1, List.of(Column.of("id", "integer", false, null),
                Column.of("note", "character varying(20)", true, null), Column.of("total", "numeric(10,2)", true, null)),
                List.of("id"), "orders_pkey", List.of(), List.of(), List.of(), List.of(), null);
        Table e = new Table("public", "events", events, -1, List.of(Column.of("id", "integer", false, null)),
                List.of("id"), "events_pkey", List.of(), List.of(), List.of(), List.of(), null);
        return TableSizes.of(new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(o, e),
                List.of(), List.of(), List.of(), List.of()));
    }

    @Test
    void readsOperationsOfAllThreeDialects() {
        List<Operation> ops = SqlOperations.read("""
                ALTER TABLE public.orders ADD COLUMN status varchar(10) NOT NULL DEFAULT 'new', DROP COLUMN legacy,
                  ALTER COLUMN note TYPE text USING note::text, RENAME COLUMN a TO b;
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_o ON ONLY orders (status);
                ALTER TABLE `orders` MODIFY `note` varchar(50) NOT NULL, CHANGE `x` `y` int;
                RENAME TABLE a TO b;
                ALTER TABLE "Orders" ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id) NOT VALID;
                DROP TABLE IF EXISTS x, y CASCADE;
                """);
        assertThat(ops).extracting(o -> o.kind() + " " + o.table() + " " + o.column() + " " + o.newName() + " "
                + o.type() + " " + o.defaultValue() + " " + o.notNull() + " " + o.safeForm()).containsExactly(
                "ADD_COLUMN orders status null varchar(10) 'new' true false",
                "DROP_COLUMN orders legacy null null null false false",
                "ALTER_COLUMN_TYPE orders note null text null false false",
                "RENAME_COLUMN orders a b null null false false",
                "CREATE_INDEX orders null idx_o null null true true",
                "ALTER_COLUMN_TYPE orders note null varchar(50) null true false",
                "RENAME_COLUMN orders x y int null false false",
                "RENAME_TABLE a null b null null false false",
                "ADD_FOREIGN_KEY Orders null fk null null false true",
                "DROP_TABLE x null null null null false false",
                "DROP_TABLE y null null null null false false");
    }

    @Test
    void blockingFindingsScaleWithRows() {
        String sql = "CREATE INDEX idx_orders_note ON orders (note);\nCREATE INDEX idx_events ON events (id);\n"
                + "CREATE INDEX CONCURRENTLY idx_ok ON orders (total);\n";
        assertThat(ids(lint(DialectKind.POSTGRES, sized(100, 20_000_000), sql))).containsExactly(
                "create-index-blocking critical V2__x.sql:2", "mixed-transactional warn V2__x.sql:3",
                "create-index-blocking info V2__x.sql:1");
        assertThat(ids(lint(DialectKind.POSTGRES, sized(500_000, 0), sql))).contains("create-index-blocking warn V2__x.sql:1");
        Finding f = lint(DialectKind.POSTGRES, sized(20_000_000, 0), sql).findings().get(0);
        assertThat(f.message()).isEqualTo("V2__x.sql line 1: CREATE INDEX on orders without CONCURRENTLY blocks writes "
                + "to orders while the index builds (20,000,000 rows)");
        assertThat(f.fix()).startsWith("CREATE INDEX CONCURRENTLY idx_orders_note ON orders (note);");
        assertThat(f.evidence()).containsEntry("rows", 20_000_000L);
        assertThat(ids(lint(DialectKind.POSTGRES, TableSizes.none(), sql))).contains("create-index-blocking warn V2__x.sql:1");
        assertThat(ids(lint(DialectKind.MYSQL, sized(20_000_000, 0), sql.replace("CONCURRENTLY ", ""))))
                .as("InnoDB builds indexes online").isEmpty();
    }

    @Test
    void postgresRulesAndTheirSafeForms() {
        TableSizes big = sized(5_000_000, 5_000_000);
        String sql = """
                ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (id) REFERENCES events (id);
                ALTER TABLE orders ADD CONSTRAINT fk_ok FOREIGN KEY (id) REFERENCES events (id) NOT VALID;
                ALTER TABLE orders ADD CONSTRAINT ck CHECK (total > 0);
                ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
                ALTER TABLE orders ALTER COLUMN note TYPE varchar(40);
                ALTER TABLE orders ALTER COLUMN total TYPE bigint;
                ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();
                ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now();
                ALTER TABLE orders ADD COLUMN seq bigserial;
                ALTER TABLE orders ADD COLUMN must int NOT NULL;
                ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (note);
                ALTER TABLE orders RENAME COLUMN note TO remark;
                ALTER TABLE orders RENAME TO purchases;
                ALTER TABLE events DROP COLUMN id;
                DROP TABLE events;
                """;
        assertThat(ids(lint(DialectKind.POSTGRES, big, sql))).containsExactlyInAnyOrder(
                "add-foreign-key-blocking critical V2__x.sql:1", "add-check-blocking critical V2__x.sql:3",
                "set-not-null-blocking critical V2__x.sql:4", "alter-column-type-rewrite critical V2__x.sql:6",
                "volatile-default-rewrite critical V2__x.sql:7", "volatile-default-rewrite critical V2__x.sql:9",
                "add-column-not-null-without-default critical V2__x.sql:10", "add-unique-blocking critical V2__x.sql:11",
                "rename-column warn V2__x.sql:12", "rename-table warn V2__x.sql:13", "drop-column warn V2__x.sql:14",
                "drop-table critical V2__x.sql:15");
    }

    @Test
    void aMysqlEngineChangeIsABlockingRebuildScaledByRows() {
        String sql = "ALTER TABLE orders ENGINE=Aria;\nALTER TABLE events ENGINE = InnoDB, COMMENT 'x';\n"
                + "ALTER TABLE orders COMMENT = 'no engine here';\n";
        assertThat(ids(lint(DialectKind.MYSQL, sized(20_000_000, 50), sql))).containsExactly(
                "engine-change-rebuild critical V2__x.sql:1", "engine-change-rebuild info V2__x.sql:2");
        Finding f = lint(DialectKind.MYSQL, sized(20_000_000, 50), sql).findings().get(0);
        assertThat(f.message()).contains("ENGINE=Aria copies every row and index of orders into a new table",
                "20,000,000 rows");
        assertThat(f.fix()).contains("pt-online-schema-change --alter \"ENGINE=Aria\"");
        assertThat(ids(lint(DialectKind.POSTGRES, sized(20_000_000, 50), "ALTER TABLE orders OWNER TO app;\n")))
                .isEmpty();
    }

    @Test
    void tablesCreatedInTheMigrationAreNotBlocking() {
        Report<Void> r = lint(DialectKind.POSTGRES, TableSizes.none(), """
                CREATE TABLE fresh (id bigint PRIMARY KEY, note text);
                CREATE INDEX idx_fresh ON fresh (note);
                ALTER TABLE fresh ADD COLUMN must int NOT NULL;
                """);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void mixedTransactionalAndMissingDown() {
        Report<Void> r = MigrationLinter.lint(List.of(new MigrationLinter.Input("V3__idx.sql",
                "ALTER TABLE orders ADD COLUMN a int;\nCREATE INDEX CONCURRENTLY i ON orders (a);\n", false)),
                DialectKind.POSTGRES, TableSizes.none(), "t", "p", Map.of());
        assertThat(ids(r)).containsExactlyInAnyOrder("mixed-transactional warn V3__idx.sql:2",
                "missing-down-migration warn V3__idx.sql");
        Report<Void> explicit = lint(DialectKind.POSTGRES, TableSizes.none(),
                "BEGIN;\nCREATE INDEX CONCURRENTLY i ON orders (a);\nCOMMIT;\n");
        assertThat(ids(explicit)).contains("mixed-transactional critical V2__x.sql:2");
        assertThat(explicit.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void sqliteRefusesNotNullColumnsWithoutDefault() {
        assertThat(ids(lint(DialectKind.SQLITE, TableSizes.none(), "ALTER TABLE orders ADD COLUMN must INTEGER NOT NULL;")))
                .containsExactly("add-column-not-null-without-default critical V2__x.sql:1");
    }

    @Test
    void breakingChangesNameTheImpactAndTheSequence() {
        List<BreakingChanges.Change> c = BreakingChanges.analyse("""
                ALTER TABLE orders DROP COLUMN note;
                ALTER TABLE orders ALTER COLUMN note TYPE varchar(5);
                ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);
                ALTER TABLE orders ADD COLUMN must int NOT NULL;
                ALTER TABLE orders ADD COLUMN fine int;
                CREATE TABLE fresh (id int);
                ALTER TABLE fresh ADD COLUMN must int NOT NULL;
                """, DialectKind.POSTGRES, sized(1, 1));
        assertThat(c).extracting(x -> x.kind() + " " + x.subject()).containsExactly("drop-column orders.note",
                "narrow-type orders.note", "add-not-null-column orders.must");
        assertThat(c.get(1).impact()).contains("from character varying(20) to varchar(5)");
        assertThat(c.get(0).expandContract()).hasSize(3);
    }
}

package io.dbagent.migrate;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.report.Severity;
import io.dbagent.schema.Column;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One lint rule per case, over parsed statements and table facts given by the test: no database, no linter around
 * the rules.
 */
class LintRulesTest {

    /** Tables with a row count and columns of a type; a table not listed is absent from the database. */
    private record Facts(Map<String, Long> rows, Map<String, Column> columns) implements TableFacts {
        @Override
        public long rows(String table) {
            return table == null ? TableSizes.ABSENT : rows.getOrDefault(table, TableSizes.ABSENT);
        }

        @Override
        public Optional<Column> column(String table, String column) {
            return Optional.ofNullable(columns.get(table + "." + column));
        }
    }

    private static final TableFacts NO_DATABASE = new TableFacts() {
        @Override
        public long rows(String table) {
            return TableSizes.UNKNOWN;
        }

        @Override
        public Optional<Column> column(String table, String column) {
            return Optional.empty();
        }
    };

    private static TableFacts orders(long rows, Column... columns) {
        Map<String, Column> cols = new java.util.HashMap<>();
        for (Column c : columns) {
            cols.put("orders." + c.name(), c);
        }
        return new Facts(Map.of("orders", rows), cols);
    }

    private static List<Finding> check(DialectKind d, TableFacts facts, String statement) {
        LintRules rules = new LintRules(Dialects.of(d).migrationLintRules(), facts, "V7__change.sql", Set.of());
        List<Operation> ops = SqlOperations.read(statement);
        assertThat(ops).as("the statement reads as one operation").hasSize(1);
        return rules.check(ops.get(0));
    }

    private static Finding only(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void anIndexBuiltWithoutConcurrentlyOnABigTableIsCritical() {
        Finding f = only(check(DialectKind.POSTGRES, orders(2_000_000), "CREATE INDEX idx_o ON orders (total);"));
        assertThat(f.id()).isEqualTo("create-index-blocking");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).endsWith("(2,000,000 rows)");
    }

    @Test
    void anIndexOnATableOfTenThousandRowsIsOnlyInfo() {
        Finding f = only(check(DialectKind.POSTGRES, orders(10_000), "CREATE INDEX idx_o ON orders (total);"));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("V7__change.sql:1");
    }

    @Test
    void anIndexOnATableOfUnknownSizeIsAWarningThatAsksForTheDatabase() {
        Finding f = only(check(DialectKind.POSTGRES, NO_DATABASE, "CREATE INDEX idx_o ON orders (total);"));
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).endsWith("(table size unknown: lint with --db to scale the severity)");
    }

    @Test
    void anIndexBuiltConcurrentlyHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, orders(2_000_000), "CREATE INDEX CONCURRENTLY idx_o ON orders (total);"))
                .isEmpty();
    }

    @Test
    void dropTableOfATableWithRowsIsCriticalAndNamesTheRows() {
        Finding f = only(check(DialectKind.MYSQL, orders(1_234), "DROP TABLE orders;"));
        assertThat(f.id()).isEqualTo("drop-table");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).contains("drops table orders (1,234 rows)");
    }

    @Test
    void dropTableOfAnEmptyTableIsAWarning() {
        assertThat(only(check(DialectKind.MYSQL, orders(0), "DROP TABLE orders;")).severity())
                .isEqualTo(Severity.WARN);
    }

    @Test
    void aWiderVarcharKeepsThePostgresTableAsItIs() {
        assertThat(check(DialectKind.POSTGRES, orders(5_000_000, Column.of("note", "character varying(20)", true, null)),
                "ALTER TABLE orders ALTER COLUMN note TYPE varchar(40);")).isEmpty();
    }

    @Test
    void aNarrowerVarcharRewritesThePostgresTable() {
        Finding f = only(check(DialectKind.POSTGRES, orders(5_000_000, Column.of("note", "character varying(20)", true,
                null)), "ALTER TABLE orders ALTER COLUMN note TYPE varchar(10);"));
        assertThat(f.id()).isEqualTo("alter-column-type-rewrite");
        assertThat(f.message()).contains("to varchar(10) rewrites orders").endsWith("(5,000,000 rows)");
    }

    @Test
    void aVarcharCrossingTheLengthByteBoundaryRewritesTheMysqlTable() {
        // 60 characters of utf8mb4 take 240 bytes, 70 take 280: the length prefix grows to two bytes
        Finding f = only(check(DialectKind.MYSQL, orders(3_000_000, Column.of("note", "varchar(60)", true, null)),
                "ALTER TABLE orders MODIFY note varchar(70);"));
        assertThat(f.id()).isEqualTo("alter-column-type-rewrite");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aNotNullColumnWithoutADefaultFailsOnAPostgresTableWithRows() {
        Finding f = only(check(DialectKind.POSTGRES, orders(1), "ALTER TABLE orders ADD COLUMN must int NOT NULL;"));
        assertThat(f.id()).isEqualTo("add-column-not-null-without-default");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).endsWith("the statement fails as soon as the table has a row");
    }

    @Test
    void aNotNullColumnWithoutADefaultOnMysqlFillsInTheImplicitDefault() {
        Finding f = only(check(DialectKind.MYSQL, orders(50), "ALTER TABLE orders ADD COLUMN must int NOT NULL;"));
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("(50 rows)").endsWith("implicit default ('' or 0)");
    }

    @Test
    void aVolatileDefaultRewritesThePostgresTable() {
        Finding f = only(check(DialectKind.POSTGRES, orders(20_000),
                "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();"));
        assertThat(f.id()).isEqualTo("volatile-default-rewrite");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("(gen_random_uuid())").endsWith("(20,000 rows)");
    }

    @Test
    void aForeignKeyOnMysqlIsCopiedWhileChecksAreOn() {
        Finding f = only(check(DialectKind.MYSQL, orders(2_000_000),
                "ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id);"));
        assertThat(f.id()).isEqualTo("add-foreign-key-blocking");
        assertThat(f.fix()).startsWith("SET foreign_key_checks = 0;");
    }

    @Test
    void aForeignKeyAddedNotValidOnPostgresHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, orders(2_000_000),
                "ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"))
                .isEmpty();
    }

    @Test
    void aTableCreatedEarlierInTheFileBlocksNobody() {
        LintRules rules = new LintRules(Dialects.of(DialectKind.POSTGRES).migrationLintRules(), NO_DATABASE,
                "V7__change.sql", Set.of("fresh"));
        assertThat(rules.check(SqlOperations.read("CREATE INDEX idx_f ON fresh (note);").get(0))).isEmpty();
    }

    @Test
    void setNotNullOnPostgresScansUnderAnExclusiveLockAndNamesTheCheckToUseInstead() {
        Finding f = only(check(DialectKind.POSTGRES, orders(700_000),
                "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;"));
        assertThat(f.id()).isEqualTo("set-not-null-blocking");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.fix()).startsWith("ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note IS NOT NULL)"
                + " NOT VALID;");
    }

    private static List<Finding> file(DialectKind d, TableFacts facts, String sql) {
        LintRules rules = new LintRules(Dialects.of(d).migrationLintRules(), facts, "V7__change.sql", Set.of());
        List<Finding> out = new java.util.ArrayList<>();
        SqlOperations.read(sql).forEach(op -> out.addAll(rules.check(op)));
        return out;
    }

    @Test
    void validatingAConstraintInTheFileThatAddsItNotValidHoldsTheLockThroughTheScan() {
        Finding f = only(file(DialectKind.POSTGRES, orders(50_000),
                "ALTER TABLE orders ADD CONSTRAINT fk_u FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
                        + "ALTER TABLE orders VALIDATE CONSTRAINT fk_u;"));
        assertThat(f.id()).isEqualTo("validate-in-same-transaction");
        assertThat(f.subject()).isEqualTo("V7__change.sql:2");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("validates fk_u", "(line 1)").endsWith("(50,000 rows)");
        assertThat(f.fix()).endsWith("ALTER TABLE orders VALIDATE CONSTRAINT fk_u;");
    }

    @Test
    void validatingAConstraintAddedInAnEarlierFileHasNoFinding() {
        assertThat(file(DialectKind.POSTGRES, orders(50_000), "ALTER TABLE orders VALIDATE CONSTRAINT fk_u;")).isEmpty();
    }

    @Test
    void aCommitBetweenTheNotValidAddAndTheValidationHasNoFinding() {
        assertThat(file(DialectKind.POSTGRES, orders(50_000),
                "ALTER TABLE orders ADD CONSTRAINT ck_total CHECK (total >= 0) NOT VALID;\nCOMMIT;\n"
                        + "ALTER TABLE orders VALIDATE CONSTRAINT ck_total;")).isEmpty();
    }

    @Test
    void anIntegerPrimaryKeyOnPostgresIsInfoWithTheBigintStatement() {
        Finding f = only(check(DialectKind.POSTGRES, NO_DATABASE,
                "CREATE TABLE invoices (id serial PRIMARY KEY, int_code bigint)"));
        assertThat(f.id()).isEqualTo("int-primary-key");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.message()).contains("invoices.id is a serial primary key", "2,147,483,647");
        assertThat(f.fix()).isEqualTo("CREATE TABLE invoices (id bigserial PRIMARY KEY, int_code bigint);");
    }

    @Test
    void aTableLevelIntegerPrimaryKeyOnMysqlIsInfoWithBigint() {
        Finding f = only(check(DialectKind.MYSQL, NO_DATABASE,
                "CREATE TABLE invoices (id INT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (id))"));
        assertThat(f.id()).isEqualTo("int-primary-key");
        assertThat(f.message()).contains("4,294,967,295");
        assertThat(f.fix()).isEqualTo("CREATE TABLE invoices (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));");
    }

    @Test
    void aBigintPrimaryKeyHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, NO_DATABASE,
                "CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)")).isEmpty();
    }

    @Test
    void anIntegerPrimaryKeyOnSqliteIsA64BitRowidAndHasNoFinding() {
        assertThat(check(DialectKind.SQLITE, NO_DATABASE, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")).isEmpty();
    }

    @Test
    void anIntegerColumnThatIsNotTheKeyHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, NO_DATABASE,
                "CREATE TABLE lines (invoice_id int, line_no int, PRIMARY KEY (invoice_id, line_no))")).isEmpty();
    }

    @Test
    void aNewPostgresVarcharWithALengthIsInfoWithTextAndACheck() {
        Finding f = only(check(DialectKind.POSTGRES, orders(10), "ALTER TABLE orders ADD COLUMN note varchar(40);"));
        assertThat(f.id()).isEqualTo("varchar-with-length");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.message()).contains("orders.note is varchar(40)");
        assertThat(f.fix()).isEqualTo("ALTER TABLE orders ADD COLUMN note text CONSTRAINT orders_note_length "
                + "CHECK (char_length(note) <= 40);");
    }

    @Test
    void aNewPostgresTextColumnHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, orders(10), "ALTER TABLE orders ADD COLUMN note text;")).isEmpty();
    }

    @Test
    void aNewMysqlVarcharHasNoFinding() {
        assertThat(check(DialectKind.MYSQL, orders(10), "ALTER TABLE orders ADD COLUMN note varchar(40);")).isEmpty();
    }

    @Test
    void aNewPostgresTimestampWithoutTimeZoneIsInfoWithTimestamptz() {
        Finding f = only(check(DialectKind.POSTGRES, NO_DATABASE,
                "CREATE TABLE events (id bigint PRIMARY KEY, at timestamp(3) NOT NULL DEFAULT now())"));
        assertThat(f.id()).isEqualTo("new-timestamp-without-tz");
        assertThat(f.subject()).isEqualTo("V7__change.sql:1");
        assertThat(f.fix()).isEqualTo("CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz(3) NOT NULL DEFAULT now());");
    }

    @Test
    void aNewPostgresTimestamptzHasNoFinding() {
        assertThat(check(DialectKind.POSTGRES, NO_DATABASE,
                "CREATE TABLE events (id bigint PRIMARY KEY, at timestamp with time zone)")).isEmpty();
    }

    @Test
    void aNewMysqlDatetimeOrTimestampHasNoFinding() {
        assertThat(check(DialectKind.MYSQL, NO_DATABASE,
                "CREATE TABLE events (id BIGINT PRIMARY KEY, at DATETIME, seen TIMESTAMP)")).isEmpty();
    }
}

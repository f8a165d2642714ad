package io.dbagent.dialect.sqlite;

import io.dbagent.dialect.sqlite.CreateTableParser.KeyConstraint;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedColumn;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedForeignKey;
import io.dbagent.dialect.sqlite.CreateTableParser.ParsedTable;
import io.dbagent.schema.Check;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored-DDL readers on statements SQLite itself accepts (each one is run on an in-memory database first). */
class SqliteCreateTableParserTest {

    @Test
    void quotedIdentifiersWithSpacesBracketsAndQuotes() throws SQLException {
        String sql = """
                CREATE TABLE "my (odd) table" (
                    "first, col" INTEGER NOT NULL,
                    [second (col)] TEXT CHECK ([second (col)] <> ''),
                    `third``col` TEXT,
                    CONSTRAINT "uq ""odd"" name" UNIQUE ("first, col", [second (col)]),
                    CONSTRAINT [pk name] PRIMARY KEY (`third``col`)
                )""";
        ParsedTable p = parse(sql);
        assertThat(p.columns()).extracting(ParsedColumn::name)
                .containsExactly("first, col", "second (col)", "third`col");
        assertThat(p.checks()).containsExactly(new Check(null, "[second (col)] <> ''"));
        assertThat(p.uniques()).containsExactly(new KeyConstraint("uq \"odd\" name", List.of("first, col", "second (col)")));
        assertThat(p.primaryKey()).isEqualTo(new KeyConstraint("pk name", List.of("third`col")));
    }

    @Test
    void nestedParenthesesInCheck() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t (
                    a INTEGER, b INTEGER, c INTEGER,
                    CONSTRAINT ck_nested CHECK ((a > 0 AND (b < 10 OR (c IN (1, 2, (3))))) OR a IS NULL),
                    CHECK (coalesce(a, (b + c)) >= 0)
                )""");
        assertThat(p.columns()).extracting(ParsedColumn::name).containsExactly("a", "b", "c");
        assertThat(p.checks()).containsExactly(
                new Check("ck_nested", "(a > 0 AND (b < 10 OR (c IN (1, 2, (3))))) OR a IS NULL"),
                new Check(null, "coalesce(a, (b + c)) >= 0"));
    }

    @Test
    void commasAndParenthesesInsideStringDefaults() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t (
                    note TEXT DEFAULT 'a, b), (c' CONSTRAINT ck_note CHECK (note <> 'x,y)'),
                    neg INTEGER DEFAULT -1 CONSTRAINT ck_neg CHECK (neg >= -1),
                    expr INTEGER DEFAULT (abs(-2) + 1) NOT NULL,
                    blob BLOB DEFAULT x'00ff',
                    'quoted' TEXT DEFAULT 'it''s, fine' UNIQUE
                )""");
        assertThat(p.columns()).extracting(ParsedColumn::name)
                .containsExactly("note", "neg", "expr", "blob", "quoted");
        assertThat(p.checks()).containsExactly(
                new Check("ck_note", "note <> 'x,y)'"),
                new Check("ck_neg", "neg >= -1"));
        assertThat(p.uniques()).containsExactly(new KeyConstraint(null, List.of("quoted")));
    }

    @Test
    void commentsAreNotStructure() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t ( -- a comment with a comma, and a ( paren
                    a INTEGER /* CONSTRAINT fake CHECK (1), b */ PRIMARY KEY,
                    b TEXT, -- CONSTRAINT fake2 UNIQUE (b)
                    /* , c INTEGER */
                    CONSTRAINT ck_b CHECK (b <> '--') -- trailing ) comment
                )""");
        assertThat(p.columns()).extracting(ParsedColumn::name).containsExactly("a", "b");
        assertThat(p.checks()).containsExactly(new Check("ck_b", "b <> '--'"));
        assertThat(p.uniques()).isEmpty();
        assertThat(p.primaryKey()).isEqualTo(new KeyConstraint(null, List.of("a")));
    }

    @Test
    void generatedColumnsBothSpellings() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t (
                    a INTEGER,
                    g INTEGER GENERATED ALWAYS AS ((a + 1) * 2) STORED,
                    h TEXT AS (lower('A,B)' || a)) NOT NULL,
                    v AS (a * 100) VIRTUAL CHECK (v >= 0)
                )""");
        assertThat(p.columns()).containsExactly(
                new ParsedColumn("a", null, null, null),
                new ParsedColumn("g", "(a + 1) * 2", "stored", null),
                new ParsedColumn("h", "lower('A,B)' || a)", "virtual", null),
                new ParsedColumn("v", "a * 100", "virtual", null));
        assertThat(p.checks()).containsExactly(new Check(null, "v >= 0"));
    }

    @Test
    void columnCollationsUpperCasedAndBinaryIsTheDefault() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t (
                    a TEXT COLLATE nocase NOT NULL,
                    "b c" TEXT NOT NULL DEFAULT 'x' COLLATE "RTRIM" UNIQUE,
                    d TEXT COLLATE BINARY,
                    e TEXT CHECK (e <> 'COLLATE nocase'),
                    f TEXT,
                    UNIQUE (a COLLATE rtrim)
                )""");
        assertThat(p.columns()).extracting(ParsedColumn::name, ParsedColumn::collation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "NOCASE"), org.assertj.core.groups.Tuple.tuple("b c", "RTRIM"),
                org.assertj.core.groups.Tuple.tuple("d", null), org.assertj.core.groups.Tuple.tuple("e", null),
                org.assertj.core.groups.Tuple.tuple("f", null));
    }

    @Test
    void foreignKeysColumnAndTableLevelWithFullClauses() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE child (
                    id INTEGER PRIMARY KEY,
                    p INTEGER CONSTRAINT fk_p REFERENCES parent (id) ON DELETE SET NULL ON UPDATE NO ACTION
                        DEFERRABLE INITIALLY DEFERRED NOT NULL CONSTRAINT ck_p CHECK (p > 0),
                    q INTEGER REFERENCES parent MATCH SIMPLE,
                    r1 INTEGER, r2 TEXT,
                    CONSTRAINT fk_r FOREIGN KEY (r1, "r2") REFERENCES "parent two" (a, b) ON DELETE SET DEFAULT
                        NOT DEFERRABLE,
                    FOREIGN KEY (q) REFERENCES parent (id)
                )""");
        assertThat(p.columns()).extracting(ParsedColumn::name).containsExactly("id", "p", "q", "r1", "r2");
        assertThat(p.foreignKeys()).containsExactly(
                new ParsedForeignKey("fk_p", List.of("p"), "parent", List.of("id")),
                new ParsedForeignKey(null, List.of("q"), "parent", List.of()),
                new ParsedForeignKey("fk_r", List.of("r1", "r2"), "parent two", List.of("a", "b")),
                new ParsedForeignKey(null, List.of("q"), "parent", List.of("id")));
        assertThat(p.checks()).containsExactly(new Check("ck_p", "p > 0"));
    }

    @Test
    void tableConstraintsWithoutSeparatingCommasAndTableOptions() throws SQLException {
        ParsedTable p = parse("""
                CREATE TABLE t (a TEXT, b TEXT, c INTEGER,
                    CONSTRAINT pk_t PRIMARY KEY (a COLLATE NOCASE DESC) ON CONFLICT ABORT
                    CONSTRAINT uq_t UNIQUE (b, c) CHECK (c <> 0)
                ) WITHOUT ROWID, STRICT""");
        assertThat(p.primaryKey()).isEqualTo(new KeyConstraint("pk_t", List.of("a")));
        assertThat(p.uniques()).containsExactly(new KeyConstraint("uq_t", List.of("b", "c")));
        assertThat(p.checks()).containsExactly(new Check(null, "c <> 0"));
        assertThat(p.withoutRowid()).isTrue();
    }

    @Test
    void unparseableTextDegradesToEmpty() {
        assertThat(CreateTableParser.parse(null)).isEqualTo(ParsedTable.EMPTY);
        assertThat(CreateTableParser.parse("CREATE TABLE broken")).isEqualTo(ParsedTable.EMPTY);
        assertThat(CreateTableParser.parse("CREATE TABLE t (a CHECK (")).isNotNull();
    }

    @Test
    void indexExpressionsAndPartialPredicate() throws SQLException {
        String table = "CREATE TABLE t (a TEXT, \"b c\" TEXT, n INTEGER)";
        String index = """
                CREATE INDEX "ix (odd)" ON t (lower(a) COLLATE NOCASE DESC, "b c", (n + 1) ASC, substr(a, 1, 2))
                WHERE a <> 'WHERE, (x' AND n > 0""";
        execute(table, index);
        SqliteDdlText.IndexText text = SqliteDdlText.index(index);
        assertThat(text.parts()).containsExactly("lower(a)", "\"b c\"", "(n + 1)", "substr(a, 1, 2)");
        assertThat(text.where()).isEqualTo("a <> 'WHERE, (x' AND n > 0");
        assertThat(SqliteDdlText.index("CREATE UNIQUE INDEX u ON t (a)").where()).isNull();
    }

    @Test
    void viewSelectAndTriggerHeader() throws SQLException {
        String view = "CREATE VIEW IF NOT EXISTS \"v as x\" (k, total) AS SELECT a AS k, count(*) FROM t GROUP BY a";
        String trigger = """
                CREATE TRIGGER IF NOT EXISTS main."trg after" INSTEAD OF UPDATE OF k ON "v as x"
                BEGIN SELECT 1; END""";
        execute("CREATE TABLE t (a TEXT)", view, trigger);
        assertThat(SqliteDdlText.viewSelect(view)).isEqualTo("SELECT a AS k, count(*) FROM t GROUP BY a");
        assertThat(SqliteDdlText.trigger(trigger)).isEqualTo(new SqliteDdlText.TriggerText("INSTEAD OF", "UPDATE"));
        assertThat(SqliteDdlText.trigger("CREATE TRIGGER tr DELETE ON t BEGIN SELECT 1; END"))
                .isEqualTo(new SqliteDdlText.TriggerText("BEFORE", "DELETE"));
        assertThat(SqliteDdlText.virtualModule("CREATE VIRTUAL TABLE f USING FTS5(a, b)")).isEqualTo("fts5");
    }

    @Test
    void declaredTypesAreNormalisedToDdlSpelling() {
        assertThat(SqliteTables.normalizeType("NUMERIC( 10 , 2 )")).isEqualTo("numeric(10,2)");
        assertThat(SqliteTables.normalizeType("VARCHAR (255)")).isEqualTo("varchar(255)");
        assertThat(SqliteTables.normalizeType("UNSIGNED  BIG INT")).isEqualTo("unsigned big int");
        assertThat(SqliteTables.normalizeType("DECIMAL(10,2) UNSIGNED")).isEqualTo("decimal(10,2) unsigned");
        assertThat(SqliteTables.normalizeType("")).isEmpty();
    }

    /** Parses after proving that SQLite accepts the statement, so the cases are real SQLite syntax. */
    private static ParsedTable parse(String sql) throws SQLException {
        execute(sql.contains("child") ? "CREATE TABLE parent (id INTEGER PRIMARY KEY)" : "SELECT 1", sql);
        return CreateTableParser.parse(sql);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}

package io.dbagent.diff;

import io.dbagent.dialect.DdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Character sets, collations and comments in the diff and in MySQL's column writer, on in-memory models: every
 * MODIFY restates the whole column, a table default changes without converting anything, a comment alone is its own
 * change.
 */
class CharsetDiffTest {

    private static Column text(String name, String type, boolean nullable, String def, String charset,
                               String collation, String comment) {
        return new Column(name, type, nullable, def, false, false, null, null, null, comment, charset, collation);
    }

    private static Table table(String charset, String collation, Column... cols) {
        return new Table("shop", "members", -1, -1, List.of(cols), List.of(), null, List.of(), List.of(), List.of(),
                List.of(), "site members").withCharset(charset, collation);
    }

    private static Schema mysql(Table t) {
        return new Schema("mysql", "MariaDB", "10.11", "shop", List.of("shop"), List.of(t), List.of(), List.of(),
                List.of(), List.of());
    }

    private static final Column LOGIN = text("login", "varchar(40)", false, "'guest'", "latin1", "latin1_general_ci",
            "case-insensitive");
    private static final Column NICK = text("nick", "varchar(30)", true, null, "utf8mb4", "utf8mb4_bin", null);

    @Test
    void createTableStatesTheDefaultsAndOnlyTheColumnsThatDiffer() {
        Table t = table("latin1", "latin1_swedish_ci", LOGIN, NICK,
                text("note", "text", true, null, "latin1", "latin1_swedish_ci", null));
        String ddl = DdlWriter.of(DialectKind.MYSQL).createTable(t, true);
        assertThat(ddl).contains("login varchar(40) CHARACTER SET latin1 COLLATE latin1_general_ci NOT NULL "
                        + "DEFAULT 'guest' COMMENT 'case-insensitive'",
                "nick varchar(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL", "note text NULL",
                ") DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci COMMENT='site members'");
    }

    @Test
    void fixesRestateTheWholeColumn() {
        Table t = table("latin1", "latin1_general_ci", LOGIN, NICK);
        DdlWriter w = DdlWriter.of(DialectKind.MYSQL);
        assertThat(w.changeTypeFix(t, LOGIN, "varchar(80)", null)).isEqualTo("ALTER TABLE members MODIFY COLUMN login "
                + "varchar(80) CHARACTER SET latin1 COLLATE latin1_general_ci NOT NULL DEFAULT 'guest' "
                + "COMMENT 'case-insensitive';");
        assertThat(w.setNotNullFix(t, NICK)).isEqualTo(
                "ALTER TABLE members MODIFY COLUMN nick varchar(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;");
        Column generated = new Column("nick_lower", "varchar(30)", true, null, false, false, null, "lcase(`nick`)",
                "stored", "for search", "utf8mb4", "utf8mb4_bin");
        assertThat(w.changeTypeFix(t, generated, "varchar(60)", null)).isEqualTo("ALTER TABLE members MODIFY COLUMN "
                + "nick_lower varchar(60) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin GENERATED ALWAYS AS "
                + "(lcase(`nick`)) STORED COMMENT 'for search';");
    }

    @Test
    void aNewTableDefaultChangesNoColumnAndAColumnCharsetIsAModify() {
        Table before = table("latin1", "latin1_swedish_ci", LOGIN, NICK);
        Column nickLatin = text("nick", "varchar(30)", true, null, "latin1", "latin1_bin", null);
        Table after = table("utf8mb4", "utf8mb4_general_ci", LOGIN, nickLatin);
        DiffPlan plan = SchemaDiff.diff(mysql(before), mysql(after));
        assertThat(plan.changes().stream().map(c -> c.kind() + " " + c.subject()))
                .containsExactly("set-table-charset members", "alter-column members.nick");
        assertThat(plan.changes().get(0).destructive()).isFalse();
        assertThat(plan.changes().get(1).destructive()).as("utf8mb4 to latin1 loses characters").isTrue();
        assertThat(plan.changes().get(1).loss()).contains("latin1 cannot hold");
        assertThat(String.join("\n", plan.statements())).contains("DEFAULT CHARACTER SET utf8mb4 COLLATE "
                + "utf8mb4_general_ci").doesNotContain("CONVERT TO");

        DiffPlan back = SchemaDiff.diff(mysql(after), mysql(before));
        assertThat(back.changes().stream().filter(Change::destructive)).as("latin1 into utf8mb4 keeps all").isEmpty();
    }

    @Test
    void aCommentAloneIsItsOwnChange() {
        Table before = table("latin1", "latin1_swedish_ci", LOGIN, NICK);
        Table after = table("latin1", "latin1_swedish_ci", LOGIN.withComment("compared without case"), NICK);
        DiffPlan plan = SchemaDiff.diff(mysql(before), mysql(after));
        assertThat(plan.changes()).hasSize(1);
        Change c = plan.changes().get(0);
        assertThat(c.kind()).isEqualTo("set-column-comment");
        assertThat(plan.statements(c)).containsExactly("ALTER TABLE members MODIFY COLUMN login varchar(40) "
                + "CHARACTER SET latin1 COLLATE latin1_general_ci NOT NULL DEFAULT 'guest' "
                + "COMMENT 'compared without case'");

        Table pgBefore = new Table("public", "members", -1, -1, List.of(text("login", "text", false, null, null, "C",
                "old")), List.of(), null, List.of(), List.of(), List.of(), List.of(), null);
        Table pgAfter = pgBefore.withColumns(List.of(text("login", "text", false, null, null, "C", "new")));
        Schema a = new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(pgBefore), List.of(),
                List.of(), List.of(), List.of());
        Schema b = new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(pgAfter), List.of(),
                List.of(), List.of(), List.of());
        DiffPlan pg = SchemaDiff.diff(a, b);
        assertThat(pg.statements()).anyMatch(s -> s.contains("COMMENT ON COLUMN members.login IS 'new'"))
                .noneMatch(s -> s.contains("ALTER COLUMN"));
    }

    @Test
    void postgresCollationChangesAreATypeChangeWithCollate() {
        Table before = new Table("public", "members", -1, -1, List.of(text("code", "text", false, null, null, "C",
                null)), List.of(), null, List.of(), List.of(), List.of(), List.of(), null);
        Table after = before.withColumns(List.of(text("code", "text", false, null, null, null, null)));
        Schema a = new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(before), List.of(),
                List.of(), List.of(), List.of());
        Schema b = new Schema("postgres", "PostgreSQL", "15", "db", List.of("public"), List.of(after), List.of(),
                List.of(), List.of(), List.of());
        assertThat(String.join("\n", SchemaDiff.diff(a, b).statements()))
                .contains("ALTER COLUMN code TYPE text COLLATE \"default\"");
        assertThat(String.join("\n", SchemaDiff.diff(b, a).statements())).contains("ALTER COLUMN code TYPE text COLLATE \"C\"");
        assertThat(DdlWriter.of(DialectKind.POSTGRES).createTable(before, true)).contains("code text COLLATE \"C\" NOT NULL");
    }
}

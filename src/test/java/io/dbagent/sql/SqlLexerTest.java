package io.dbagent.sql;

import io.dbagent.dialect.Dialects;
import io.dbagent.jdbc.DialectKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlLexerTest {

    private static List<String> code(String sql, Lexing lexing) {
        return SqlLexer.tokenize(sql, lexing).stream().map(t -> t.kind() + ":" + t.text()).toList();
    }

    @Test
    void mysqlRunsExecutableCommentsAndNeedsASpaceAfterDoubleDash() {
        assertThat(code("/*!50001 CREATE VIEW v */ 1--1 # gone", Dialects.of(DialectKind.MYSQL).lexing()))
                .containsExactly("WORD:CREATE", "WORD:VIEW", "WORD:v", "NUMBER:1", "PUNCT:-", "PUNCT:-", "NUMBER:1");
        // a version no server reaches stays a comment
        assertThat(code("/*M!999999\\- sandbox */ SELECT", Dialects.of(DialectKind.MYSQL).lexing())).containsExactly("WORD:SELECT");
    }

    @Test
    void postgresNestsBlockCommentsAndReadsDollarAndEscapeStrings() {
        assertThat(code("/* a /* b */ still */ SELECT $f$ x; $f$, E'\\'', \"Q\"\"x\"", Dialects.of(DialectKind.POSTGRES).lexing()))
                .containsExactly("WORD:SELECT", "STRING:$f$ x; $f$", "PUNCT:,", "STRING:E'\\''", "PUNCT:,",
                        "QUOTED_IDENT:\"Q\"\"x\"");
    }

    @Test
    void sqliteQuotesWithBracketsAndReadsBlobLiterals() {
        assertThat(code("[my col] x'00ff' `b` 1e-5", Dialects.of(DialectKind.SQLITE).lexing()))
                .containsExactly("QUOTED_IDENT:[my col]", "STRING:x'00ff'", "QUOTED_IDENT:`b`", "NUMBER:1e-5");
    }

    @Test
    void lenientReadingKeepsTriviaAndFindsParameters() {
        assertThat(code("SELECT ? -- c\n, $1", Lexing.lenient())).containsExactly("WORD:SELECT", "SPACE: ",
                "PARAM:?", "SPACE: ", "COMMENT:-- c", "SPACE:\n", "PUNCT:,", "SPACE: ", "PARAM:$1");
    }

    @Test
    void tokensCarryOffsetsIntoTheText() {
        String sql = "a  'b'";
        SqlLexer.Token t = SqlLexer.tokenize(sql, Dialects.of(DialectKind.POSTGRES).lexing()).get(1);
        assertThat(sql.substring(t.start(), t.end())).isEqualTo("'b'");
    }

    @Test
    void quotesIdentifiersTheEnginesWay() {
        assertThat(DialectKind.POSTGRES.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(DialectKind.SQLITE.quote("t")).isEqualTo("\"t\"");
        assertThat(DialectKind.MYSQL.quote("a`b")).isEqualTo("`a``b`");
    }
}

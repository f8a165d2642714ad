package io.dbagent.dialect.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresCodesTest {

    @Test
    void checkExpressionLosesKeywordOuterParenthesesAndConstraintFlags() {
        assertThat(PostgresCodes.checkExpression("CHECK (score >= 0::numeric)")).isEqualTo("score >= 0::numeric");
        assertThat(PostgresCodes.checkExpression("CHECK ((a > 0) AND (b > 0)) NOT VALID"))
                .isEqualTo("(a > 0) AND (b > 0)");
        assertThat(PostgresCodes.checkExpression("CHECK (x <> ')') NO INHERIT")).isEqualTo("x <> ')'");
        assertThat(PostgresCodes.checkExpression("CHECK (((a)::text = 'x'::text))")).isEqualTo("(a)::text = 'x'::text");
    }

    @Test
    void parenthesesThatDoNotWrapEverythingStay() {
        assertThat(PostgresCodes.stripOuterParentheses("(a) + (b)")).isEqualTo("(a) + (b)");
        assertThat(PostgresCodes.stripOuterParentheses("(\"we(ird\" > 0)")).isEqualTo("\"we(ird\" > 0");
    }

    @Test
    void triggerTypeBits() {
        // BEFORE UPDATE FOR EACH ROW
        assertThat(PostgresCodes.triggerTiming(19)).isEqualTo("BEFORE");
        assertThat(PostgresCodes.triggerEvents(19)).containsExactly("UPDATE");
        assertThat(PostgresCodes.triggerLevel(19)).isEqualTo("ROW");
        // AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE FOR EACH STATEMENT
        assertThat(PostgresCodes.triggerTiming(60)).isEqualTo("AFTER");
        assertThat(PostgresCodes.triggerEvents(60)).containsExactly("INSERT", "UPDATE", "DELETE", "TRUNCATE");
        assertThat(PostgresCodes.triggerLevel(60)).isEqualTo("STATEMENT");
        // INSTEAD OF INSERT FOR EACH ROW (views)
        assertThat(PostgresCodes.triggerTiming(69)).isEqualTo("INSTEAD OF");
        assertThat(PostgresCodes.triggerEvents(69)).containsExactly("INSERT");
    }

    @Test
    void codes() {
        assertThat(PostgresCodes.foreignKeyAction("a")).isEqualTo("NO ACTION");
        assertThat(PostgresCodes.foreignKeyAction("r")).isEqualTo("RESTRICT");
        assertThat(PostgresCodes.foreignKeyAction("c")).isEqualTo("CASCADE");
        assertThat(PostgresCodes.foreignKeyAction("n")).isEqualTo("SET NULL");
        assertThat(PostgresCodes.foreignKeyAction("d")).isEqualTo("SET DEFAULT");
        assertThat(PostgresCodes.identity("a")).isEqualTo("always");
        assertThat(PostgresCodes.identity("d")).isEqualTo("by default");
        assertThat(PostgresCodes.identity("")).isNull();
        assertThat(PostgresCodes.generatedKind("s")).isEqualTo("stored");
        assertThat(PostgresCodes.generatedKind("")).isNull();
    }
}

package io.dbagent.guard;

import io.dbagent.jdbc.DialectKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every engine has its guard part, and the lexings of each part only use the session-dependent readings its engine
 * has: the lexer applies a mode's backslash escapes and {@code "…"} strings as given, without asking the engine.
 */
class EngineGuardTest {

    @Test
    void everyEngineHasItsOwnPart() {
        for (DialectKind kind : DialectKind.values()) {
            assertThat(EngineGuard.of(kind).kind()).as("guard part of %s", kind).isEqualTo(kind);
            assertThat(EngineGuard.of(kind).lexings()).as("lexings of %s", kind).isNotEmpty();
            assertThat(EngineGuard.of(kind).lexings().get(0).real()).as("the usual lexing of %s is real", kind)
                    .isTrue();
        }
    }

    @Test
    void sqliteHasOneLexingWithoutBackslashEscapesOrDoubleQuotedStrings() {
        List<GuardLexer.Mode> modes = EngineGuard.of(DialectKind.SQLITE).lexings();
        assertThat(modes).hasSize(1);
        assertThat(modes.get(0).backslashEscapes()).isFalse();
        assertThat(modes.get(0).doubleQuoteString()).isFalse();
    }

    @Test
    void onlyMysqlReadsDoubleQuotesAsStrings() {
        assertThat(EngineGuard.of(DialectKind.POSTGRES).lexings()).noneMatch(GuardLexer.Mode::doubleQuoteString);
        assertThat(EngineGuard.of(DialectKind.MYSQL).lexings()).anyMatch(GuardLexer.Mode::doubleQuoteString);
    }

    @Test
    void mysqlIsLexedUnderEveryCombinationOfAnsiQuotesAndNoBackslashEscapes() {
        List<GuardLexer.Mode> real = EngineGuard.of(DialectKind.MYSQL).lexings().stream()
                .filter(GuardLexer.Mode::real).toList();
        assertThat(real).extracting(m -> m.backslashEscapes() + "/" + m.doubleQuoteString())
                .containsExactlyInAnyOrder("true/true", "true/false", "false/true", "false/false");
    }

    @Test
    void postgresIsLexedWithStandardConformingStringsOnAndOff() {
        assertThat(EngineGuard.of(DialectKind.POSTGRES).lexings()).extracting(GuardLexer.Mode::backslashEscapes)
                .containsExactly(false, true);
    }
}

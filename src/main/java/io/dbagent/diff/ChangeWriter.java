package io.dbagent.diff;

import io.dbagent.jdbc.DialectKind;

import java.util.List;

/** Writes changes as DDL statements (without the trailing semicolon) for one dialect. */
public interface ChangeWriter {

    List<String> write(Change change);

    /** Statements that must run before a script of these changes (SQLite: foreign keys off for rebuilds). */
    default List<String> prologue(List<Change> changes) {
        return List.of();
    }

    default List<String> epilogue(List<Change> changes) {
        return List.of();
    }

    /**
     * One statement as a script file holds it, with its terminator, so that both our splitter and the engine's own
     * command-line client read it whole (MySQL: a routine or trigger body with semicolons inside goes between
     * {@code DELIMITER} lines); by default the statement and {@code ;}.
     */
    default String scriptStatement(String statement) {
        return statement + ";";
    }

    static ChangeWriter of(DialectKind d) {
        return io.dbagent.dialect.Dialects.of(d).changeWriter();
    }

    /** A standard SQL string literal (PostgreSQL with standard_conforming_strings, SQLite). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** {@code ON DELETE CASCADE} and the like; nothing for the default NO ACTION. */
    static String action(String event, String action) {
        return action == null || action.equalsIgnoreCase("NO ACTION") ? "" : " ON " + event + " " + action;
    }

    /** Whether an index key part is a plain column name rather than an expression. */
    static boolean isPlainColumn(String part) {
        return part.matches("[A-Za-z_][A-Za-z0-9_$]*");
    }
}

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

    /** Statements that run after the changes, still inside the script's transaction (SQLite: foreign_key_check). */
    default List<String> epilogue(List<Change> changes) {
        return List.of();
    }

    /** Statements that run after the script's transaction has ended (SQLite: foreign keys back on). */
    default List<String> finale(List<Change> changes) {
        return List.of();
    }

    /**
     * Whether the script text carries its own {@code BEGIN … COMMIT} around the changes and the epilogue, written as
     * one batch for the engine's command-line shell (SQLite: so a failing rebuild leaves the table as it was, also
     * when the file is fed to the {@code sqlite3} shell, which goes on after an error unless told to bail).
     */
    default boolean scriptTransaction(List<Change> changes) {
        return false;
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

package io.dbagent.diff;

import io.dbagent.jdbc.DialectKind;

import java.util.List;

/** Writes changes as DDL statements (without the trailing semicolon) for one dialect. */
public interface ChangeWriter {

    List<String> write(Change change);

    /**
     * How long a generated script waits for a table lock before it fails (PostgreSQL {@code lock_timeout}, MySQL
     * {@code lock_wait_timeout}), so a migration stuck behind a long transaction does not queue every other query of
     * the table behind its own lock request.
     */
    int LOCK_TIMEOUT_SECONDS = 5;

    /** The comment before the lock timeout setting. */
    String LOCK_NOTE = "-- fail after " + LOCK_TIMEOUT_SECONDS + " s waiting for a lock rather than queue the table's other"
            + " queries behind the wait;\n-- retry later, or raise the value here for a busy table\n";

    /**
     * Statements that must run before a script of these changes (SQLite: foreign keys off for rebuilds; PostgreSQL
     * and MySQL: the lock timeout when a change locks an existing table).
     */
    default List<String> prologue(List<Change> changes) {
        return List.of();
    }

    /**
     * Lines for the script's header (written as {@code --} comments) about what must hold before it runs
     * (PostgreSQL: the roles its policies name).
     */
    default List<String> notes(List<Change> changes) {
        return List.of();
    }

    /** Statements that run after the changes, still inside the script's transaction (SQLite: foreign_key_check). */
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

    /**
     * The {@code ALTER TABLE <table> } prefix of a statement whose action may share one ALTER TABLE with the actions
     * of the statements next to it on the same table (one rewrite and one lock instead of one per column); null when
     * the statement stays on its own.
     */
    default String combinablePrefix(String statement) {
        return null;
    }

    /**
     * Whether a change takes a lock on a table that already exists: anything but creating new objects, changing
     * routines, and indexes or triggers on a table the same changes create.
     */
    static boolean locksExisting(List<Change> changes) {
        java.util.Set<String> created = new java.util.HashSet<>();
        changes.stream().filter(c -> c instanceof Change.CreateTable)
                .forEach(c -> created.add(((Change.CreateTable) c).table().name()));
        changes.stream().filter(c -> c instanceof Change.CreateView cv && cv.view().materialized())
                .forEach(c -> created.add(((Change.CreateView) c).view().name()));
        changes.stream().filter(c -> c instanceof Change.AddPartition ap && ap.table() != null)
                .forEach(c -> created.add(((Change.AddPartition) c).table().name()));
        return changes.stream().anyMatch(c -> !(c instanceof Change.CreateTable || c instanceof Change.CreateView
                || c instanceof Change.CreateSequence || c instanceof Change.CreateEnum
                || c instanceof Change.CreateRoutine || c instanceof Change.DropRoutine
                || c instanceof Change.CreateExtension || c instanceof Change.CreateDomain
                || c instanceof Change.ReplaceRoutine || c instanceof Change.RepartitionTable
                || (c instanceof Change.AddPartition ap && ap.table() != null && created.contains(ap.parent().name()))
                || (c instanceof Change.CreateIndex ci && created.contains(ci.table().name()))
                || (c instanceof Change.CreateTrigger ct && created.contains(ct.trigger().table()))));
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

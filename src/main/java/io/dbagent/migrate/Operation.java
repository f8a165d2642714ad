package io.dbagent.migrate;

/**
 * One schema operation found in a migration statement (an ALTER TABLE with three actions gives three).
 *
 * @param kind      what it does
 * @param table     the table it changes (unquoted, without schema), null when none
 * @param column    the column, for column operations
 * @param newName   the new name of a rename
 * @param type      the new column type (add column, alter type); the engine of {@code SET_ENGINE}
 * @param defaultValue the default expression of an added column
 * @param notNull   an added or modified column is NOT NULL
 * @param safeForm  CONCURRENTLY / NOT VALID / USING INDEX: the non-blocking form
 * @param line      line of the statement in its file
 * @param statement the statement text
 */
public record Operation(Kind kind, String table, String column, String newName, String type, String defaultValue,
                        boolean notNull, boolean safeForm, int line, String statement) {

    /** The operations lint and the breaking-change report care about. */
    public enum Kind {
        CREATE_TABLE, DROP_TABLE, RENAME_TABLE, ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, ALTER_COLUMN_TYPE,
        SET_NOT_NULL, DROP_NOT_NULL, SET_DEFAULT, DROP_DEFAULT, ADD_FOREIGN_KEY, ADD_CHECK, ADD_UNIQUE,
        ADD_PRIMARY_KEY, DROP_CONSTRAINT, VALIDATE_CONSTRAINT, CREATE_INDEX, DROP_INDEX,
        /** MySQL/MariaDB {@code ALTER TABLE … ENGINE=…}; {@code type} holds the engine. */
        SET_ENGINE, OTHER
    }

    static Operation of(Kind kind, String table, int line, String statement) {
        return new Operation(kind, table, null, null, null, null, false, false, line, statement);
    }
}

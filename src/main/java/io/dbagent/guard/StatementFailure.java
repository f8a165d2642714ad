package io.dbagent.guard;

import io.dbagent.DbAgentException;

/**
 * A statement of a script failed. Carries how many statements before it had run and whether those were rolled back,
 * so the runner can record the truth about a half-applied migration.
 *
 * @param index      0-based index of the failing statement
 * @param line       line of the script it starts on
 * @param rolledBack whether the statements before it were undone (transactional run)
 */
public final class StatementFailure extends DbAgentException {

    private final int index;
    private final int line;
    private final boolean rolledBack;
    private final String statement;

    public StatementFailure(String message, int index, int line, String statement, boolean rolledBack, Throwable cause) {
        super(Code.DATABASE, message, cause);
        this.index = index;
        this.line = line;
        this.statement = statement;
        this.rolledBack = rolledBack;
    }

    public int index() {
        return index;
    }

    public int line() {
        return line;
    }

    public String statement() {
        return statement;
    }

    public boolean rolledBack() {
        return rolledBack;
    }
}

package io.dbagent.backup;

import io.dbagent.DbAgentException;

/** The engine's restore tool (or SQLite's integrity check) rejected the dump. Verify turns it into a finding. */
public final class RestoreFailedException extends DbAgentException {

    public RestoreFailedException(String message) {
        super(Code.DATABASE, message);
    }
}

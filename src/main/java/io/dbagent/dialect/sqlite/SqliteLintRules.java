package io.dbagent.dialect.sqlite;

import io.dbagent.migrate.EngineLintRules;
import io.dbagent.migrate.LintRules;
import io.dbagent.migrate.Operation;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.List;

/**
 * SQLite: a single writer and no concurrent DDL to speak of, so no locking rules; what it cannot do (a NOT NULL
 * column without a default) fails outright.
 */
final class SqliteLintRules extends EngineLintRules {

    @Override
    public void check(Operation op, long rows, LintRules r, List<Finding> out) {
        // nothing engine-specific: SQLite has no ALTER COLUMN TYPE, and its other ALTERs take no long lock
    }

    @Override
    public Severity notNullWithoutDefault(long rows) {
        return Severity.CRITICAL;
    }

    @Override
    public String notNullEffect() {
        return "SQLite refuses to add a NOT NULL column without a default";
    }
}

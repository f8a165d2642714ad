package io.dbagent.migrate;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.List;

/**
 * SQLite: a single writer and no concurrent DDL to speak of, so no locking rules; what it cannot do (a NOT NULL
 * column without a default) fails outright.
 */
final class SqliteLintRules extends EngineLintRules {

    @Override
    void check(Operation op, long rows, LintRules r, List<Finding> out) {
        // nothing engine-specific: SQLite has no ALTER COLUMN TYPE, and its other ALTERs take no long lock
    }

    @Override
    Severity notNullWithoutDefault(long rows) {
        return Severity.CRITICAL;
    }

    @Override
    String notNullEffect() {
        return "SQLite refuses to add a NOT NULL column without a default";
    }
}

package io.dbagent.migrate;

import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Schema;

import java.util.List;

/** Lint and breaking-change lines for a generated migration's header. */
final class MigrationAnalysis {

    private MigrationAnalysis() {
    }

    static List<String> headerLines(DialectKind d, String upSql, Schema live) {
        return List.of();
    }
}

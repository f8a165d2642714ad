package io.dbagent.dialect.sqlite;

import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.ToolLocator;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialect;
import io.dbagent.dialect.SchemaInspector;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.migrate.EngineLintRules;

/** The Sqlite engine's parts. */
public final class SqliteDialect implements Dialect {

    @Override
    public DialectKind kind() {
        return DialectKind.SQLITE;
    }

    @Override
    public String productName(String serverVersion) {
        return "SQLite";
    }

    @Override
    public SchemaInspector inspector() {
        return new SqliteInspector();
    }

    @Override
    public DdlWriter ddlWriter() {
        return new SqliteDdlWriter();
    }

    @Override
    public ChangeWriter changeWriter() {
        return ChangeWriter.sqlite();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return ExplainRunner.sqlite();
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return BackupEngine.sqlite(tools);
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return ConstraintFixes.sqlite();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return EngineLintRules.sqlite();
    }
}

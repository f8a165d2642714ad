package io.dbagent.dialect.postgres;

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

/** The Postgres engine's parts. */
public final class PostgresDialect implements Dialect {

    @Override
    public DialectKind kind() {
        return DialectKind.POSTGRES;
    }

    @Override
    public String productName(String serverVersion) {
        return "PostgreSQL";
    }

    @Override
    public SchemaInspector inspector() {
        return new PostgresInspector();
    }

    @Override
    public DdlWriter ddlWriter() {
        return new PostgresDdlWriter();
    }

    @Override
    public ChangeWriter changeWriter() {
        return ChangeWriter.postgres();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return ExplainRunner.postgres(session.majorVersion());
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return BackupEngine.postgres(tools);
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return ConstraintFixes.postgres();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return EngineLintRules.postgres();
    }
}

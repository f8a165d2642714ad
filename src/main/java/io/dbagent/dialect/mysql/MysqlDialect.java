package io.dbagent.dialect.mysql;

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

/** The Mysql engine's parts. */
public final class MysqlDialect implements Dialect {

    @Override
    public DialectKind kind() {
        return DialectKind.MYSQL;
    }

    @Override
    public String productName(String serverVersion) {
        return serverVersion != null && serverVersion.toLowerCase(java.util.Locale.ROOT).contains("mariadb") ? "MariaDB" : "MySQL";
    }

    @Override
    public SchemaInspector inspector() {
        return new MysqlInspector();
    }

    @Override
    public DdlWriter ddlWriter() {
        return new MysqlDdlWriter();
    }

    @Override
    public ChangeWriter changeWriter() {
        return ChangeWriter.mysql();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return ExplainRunner.mysql(session.isMariaDb(), session.majorVersion());
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return BackupEngine.mysql(tools);
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return ConstraintFixes.mysql();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return EngineLintRules.mysql();
    }
}

package io.dbagent.dialect.mysql;

import io.dbagent.advisor.AdvisorDialect;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.ToolLocator;
import io.dbagent.demo.DemoDialect;
import io.dbagent.design.DesignDialect;
import io.dbagent.design.spec.DesignSpec;
import io.dbagent.dialect.DdlWriter;
import io.dbagent.dialect.Dialect;
import io.dbagent.dialect.SchemaInspector;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffDialect;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.PlanRules;
import io.dbagent.health.EngineHealth;
import io.dbagent.health.HealthFacts;
import io.dbagent.health.bloat.BloatEstimator;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.LintDialect;
import io.dbagent.migrate.EngineLintRules;
import io.dbagent.migrate.HistorySql;
import io.dbagent.sql.Lexing;


/** The MySQL/MariaDB engine's parts. */
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
        return new MysqlChangeWriter();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return new MysqlExplain(session.isMariaDb(), session.majorVersion());
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return new MysqlBackupEngine(tools);
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return new MysqlConstraintFixes();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return new MysqlLintRules();
    }

    @Override
    public PlanRules planRules() {
        return new MysqlPlanRules();
    }

    @Override
    public String versionNumber(String productVersion) {
        return productVersion.startsWith("5.5.5-") ? productVersion.substring(6).split("-")[0]
                : productVersion.split("[ -]")[0];
    }

    @Override
    public EngineHealth health() {
        return MysqlHealth::run;
    }

    @Override
    public HistorySql historySql() {
        return new MysqlHistorySql();
    }

    @Override
    public BloatEstimator bloatEstimator() {
        return new MysqlBloat();
    }

    @Override
    public DesignDialect designDialect(DesignSpec.Options options) {
        return new MysqlDesign(ddlWriter());
    }

    @Override
    public io.dbagent.explain.IndexFixCheck indexFixCheck() {
        return new MysqlIndexFixCheck();
    }

    @Override
    public WhatIfMethod whatIf() {
        return new MysqlWhatIf();
    }

    @Override
    public AdvisorDialect advisor() {
        return new MysqlAdvisor();
    }

    @Override
    public LintDialect lint() {
        return new MysqlLint();
    }

    @Override
    public DiffDialect diff() {
        return new MysqlDiff();
    }

    @Override
    public boolean readOnlyRefusesExplainOfDml() {
        return true;
    }

    @Override
    public int streamingFetchSize(int rows) {
        return Integer.MIN_VALUE;
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    /** Nothing refuses: MySQL/MariaDB DDL commits implicitly anyway ({@link #transactionalDdl()}). */
    @Override
    public boolean refusesTransaction(String statement) {
        return false;
    }

    @Override
    public HealthFacts healthFacts() {
        return new MysqlHealthFacts();
    }

    @Override
    public DemoDialect demo() {
        return new MysqlDemo();
    }

    @Override
    public Lexing lexing() {
        return Lexing.mysql(true, true, false);
    }
}

package io.dbagent.dialect.sqlite;

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

import java.util.regex.Pattern;

/** The SQLite engine's parts. */
public final class SqliteDialect implements Dialect {

    private static final Pattern VACUUM =
            Pattern.compile("^VACUUM\\b", Pattern.CASE_INSENSITIVE);

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
        return new SqliteChangeWriter();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return new SqliteExplain();
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return new SqliteBackupEngine(); // SQLite copies through the JDBC driver and needs no client tool
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return new SqliteConstraintFixes();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return new SqliteLintRules();
    }

    @Override
    public PlanRules planRules() {
        return new SqlitePlanRules();
    }

    @Override
    public EngineHealth health() {
        return SqliteHealth::run;
    }

    @Override
    public HistorySql historySql() {
        return new SqliteHistorySql();
    }

    @Override
    public BloatEstimator bloatEstimator() {
        return new SqliteBloat();
    }

    @Override
    public DesignDialect designDialect(DesignSpec.Options options) {
        return new SqliteDesign(ddlWriter());
    }

    @Override
    public io.dbagent.explain.IndexFixCheck indexFixCheck() {
        return new SqliteIndexFixCheck();
    }

    @Override
    public WhatIfMethod whatIf() {
        return new SqliteWhatIf();
    }

    @Override
    public AdvisorDialect advisor() {
        return new SqliteAdvisor();
    }

    @Override
    public LintDialect lint() {
        return new SqliteLint();
    }

    @Override
    public DiffDialect diff() {
        return new SqliteDiff();
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public boolean refusesTransaction(String statement) {
        return VACUUM.matcher(statement).find();
    }

    @Override
    public HealthFacts healthFacts() {
        return new SqliteHealthFacts();
    }

    @Override
    public DemoDialect demo() {
        return new SqliteDemo();
    }

    @Override
    public Lexing lexing() {
        return Lexing.sqlite();
    }
}

package io.dbagent.dialect.postgres;

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
import io.dbagent.explain.HypotheticalIndexes;
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

/** The PostgreSQL engine's parts. */
public final class PostgresDialect implements Dialect {

    // ALTER TYPE … ADD VALUE is not listed: since PostgreSQL 12 it runs inside a transaction block (before 12 it
    // refused one), but the new value cannot be used until that transaction commits. The plan runner and the
    // migration runner both follow this one list.
    private static final Pattern NON_TRANSACTIONAL = Pattern.compile(
            "^(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY|DROP\\s+INDEX\\s+CONCURRENTLY|REINDEX\\b.*\\bCONCURRENTLY"
                    + "|VACUUM\\b|CREATE\\s+DATABASE|DROP\\s+DATABASE|ALTER\\s+SYSTEM|CREATE\\s+TABLESPACE"
                    + "|DROP\\s+TABLESPACE)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

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
        return new PostgresChangeWriter();
    }

    @Override
    public ExplainRunner explainRunner(DbSession session) {
        return new PostgresExplain(session.majorVersion());
    }

    @Override
    public BackupEngine backupEngine(ToolLocator tools) {
        return new PostgresBackupEngine(tools);
    }

    @Override
    public ConstraintFixes constraintFixes() {
        return new PostgresConstraintFixes();
    }

    @Override
    public EngineLintRules migrationLintRules() {
        return new PostgresLintRules();
    }

    @Override
    public PlanRules planRules() {
        return new PostgresPlanRules();
    }

    @Override
    public EngineHealth health() {
        return PostgresHealth::run;
    }

    @Override
    public HistorySql historySql() {
        return new PostgresHistorySql();
    }

    @Override
    public BloatEstimator bloatEstimator() {
        return new PostgresBloat();
    }

    @Override
    public DesignDialect designDialect(DesignSpec.Options options) {
        return new PostgresDesign(ddlWriter(), options.searchLanguage(), options.uuidVersion().equals("v7"));
    }

    @Override
    public WhatIfMethod whatIf() {
        return new PostgresWhatIf();
    }

    @Override
    public io.dbagent.explain.IndexFixCheck indexFixCheck() {
        return new PgIndexFixCheck();
    }

    @Override
    public java.util.Optional<HypotheticalIndexes> hypotheticalIndexes() {
        return java.util.Optional.of(new PgHypotheticalIndexes());
    }

    @Override
    public AdvisorDialect advisor() {
        return new PostgresAdvisor();
    }

    @Override
    public LintDialect lint() {
        return new PostgresLint();
    }

    @Override
    public DiffDialect diff() {
        return new PostgresDiff();
    }

    @Override
    public boolean namesBySchema() {
        return true;
    }

    @Override
    public boolean refusesTransaction(String statement) {
        return NON_TRANSACTIONAL.matcher(statement).find();
    }

    @Override
    public HealthFacts healthFacts() {
        return new PostgresHealthFacts();
    }

    @Override
    public DemoDialect demo() {
        return new PostgresDemo();
    }

    @Override
    public boolean validatesConstraintsLater() {
        return true;
    }

    @Override
    public Lexing lexing() {
        return Lexing.postgres(false);
    }
}

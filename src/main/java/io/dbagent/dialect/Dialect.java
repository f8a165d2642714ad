package io.dbagent.dialect;

import io.dbagent.advisor.AdvisorDialect;
import io.dbagent.advisor.PartitionDdl;
import io.dbagent.advisor.WhatIfMethod;
import io.dbagent.advisor.WorkloadStats;
import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.ToolLocator;
import io.dbagent.demo.DemoDialect;
import io.dbagent.design.DesignDialect;
import io.dbagent.design.spec.DesignSpec;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.diff.DiffDialect;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.explain.HypotheticalIndexes;
import io.dbagent.explain.IndexFixCheck;
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

import java.util.Optional;

/**
 * Everything that differs per engine, one object per engine ({@link Dialects#of}). Each capability asks its dialect
 * for its engine-specific part instead of switching on {@link DialectKind} itself, so that adding an engine means
 * one new implementation here and the parts it returns. The methods return per-capability objects rather than SQL
 * snippets, which keeps this interface short.
 */
public interface Dialect {

    DialectKind kind();

    /** An identifier quoted the engine's way ({@link DialectKind#quote}). */
    default String quote(String name) {
        return kind().quote(name);
    }

    /**
     * The product name shown in reports; MySQL and MariaDB share a dialect and differ in the version string
     * ({@code serverVersion} null: the engine's generic name).
     */
    String productName(String serverVersion);

    /**
     * The engine's default lexing (PostgreSQL: standard_conforming_strings on; MySQL: the default sql_mode), for
     * {@link io.dbagent.sql.SqlLexer}.
     */
    Lexing lexing();

    /** Reads the live catalog into the neutral model. */
    SchemaInspector inspector();

    /** DDL for the neutral model (create, drop, script). */
    DdlWriter ddlWriter();

    /** DDL for schema changes (diff, migrate generate). */
    ChangeWriter changeWriter();

    /** EXPLAIN and planner cost for the server behind {@code session} (the parser depends on its version). */
    ExplainRunner explainRunner(DbSession session);

    /** Dump, restore, emptiness and checksum session settings; {@code tools} finds the engine's client tools. */
    BackupEngine backupEngine(ToolLocator tools);

    /** The DDL that adds an inferred constraint with the least locking the engine allows. */
    ConstraintFixes constraintFixes();

    /** Which migration operations lock or rewrite a table on this engine, and their safe forms. */
    EngineLintRules migrationLintRules();

    /** What its plans report and how the plan findings read them. */
    PlanRules planRules();

    /**
     * The version number in a driver's product version string ({@code 15.4 (Debian …)} → {@code 15.4}); MariaDB's
     * {@code 5.5.5-} replication prefix is dropped.
     */
    default String versionNumber(String productVersion) {
        return productVersion.split("[ -]")[0];
    }

    /** The engine's own health checks. */
    EngineHealth health();

    /** The statements of the migration history table that differ per engine. */
    HistorySql historySql();

    /** Wasted space per table and index. */
    BloatEstimator bloatEstimator();

    /** The designer's engine half: types, literals, checks and triggers for a designed schema. */
    DesignDialect designDialect(DesignSpec.Options options);

    /** How the index advisor costs a hypothetical index. */
    WhatIfMethod whatIf();

    /** The index and pattern advisors' engine half: index shapes, entry sizes, what-if build hooks. */
    AdvisorDialect advisor();

    /**
     * The server's statement statistics as a workload: the {@link #advisor()} part where it reads them, empty where
     * the engine keeps none (SQLite).
     */
    default Optional<WorkloadStats> workloadStats() {
        return advisor() instanceof WorkloadStats stats ? Optional.of(stats) : Optional.empty();
    }

    /**
     * How an existing table is partitioned: the {@link #advisor()} part where it writes that DDL, empty where the
     * engine has no table partitioning (SQLite).
     */
    default Optional<PartitionDdl> partitionDdl() {
        return advisor() instanceof PartitionDdl ddl ? Optional.of(ddl) : Optional.empty();
    }

    /** The schema linter's engine half: primary-key fixes and the column types it flags. */
    LintDialect lint();

    /** What the schema diff needs besides the DDL: in-place changes, how names and stored texts compare. */
    DiffDialect diff();

    /**
     * Indexes the planner sees without building them, for {@code explain --hypothetical}: PostgreSQL's hypopg part;
     * empty where the engine has none (MySQL/MariaDB, SQLite).
     */
    default Optional<HypotheticalIndexes> hypotheticalIndexes() {
        return Optional.empty();
    }

    /** How explain checks, before proposing it, that the planner would use an index a fix proposes. */
    default IndexFixCheck indexFixCheck() {
        return IndexFixCheck.NONE;
    }

    /** Whether even a plain EXPLAIN of DML fails inside a read-only transaction (MySQL/MariaDB); default no. */
    default boolean readOnlyRefusesExplainOfDml() {
        return false;
    }

    /**
     * The fetch size that makes the driver stream a large result instead of holding it all; {@code rows} where the
     * driver streams in batches of that many (MySQL Connector/J streams only at {@code Integer.MIN_VALUE}).
     */
    default int streamingFetchSize(int rows) {
        return rows;
    }

    /**
     * Whether DDL runs inside a transaction that a rollback undoes; default yes (MySQL/MariaDB commit DDL
     * implicitly).
     */
    default boolean transactionalDdl() {
        return true;
    }

    /**
     * Whether the database is a file the process opens itself (SQLite): a scratch copy needs no server, and a backup
     * is verified without one. Default no: a server.
     */
    default boolean embedded() {
        return false;
    }

    /**
     * Whether objects of one database are told apart by schema (PostgreSQL); MySQL's schema is the database itself,
     * SQLite has only {@code main}, so a bare name identifies a table there. Default no.
     */
    default boolean namesBySchema() {
        return false;
    }

    /**
     * Whether the statement (leading comments removed) refuses to run inside a transaction block on this engine
     * ({@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}).
     */
    boolean refusesTransaction(String statement);

    // the parts and facts of health, migrate, backup and demo

    /** What the health checks that every engine shares need to know about this engine. */
    HealthFacts healthFacts();

    /** The demo's engine half: the shop schema and the schema or database it lives in. */
    DemoDialect demo();

    /**
     * Whether a constraint may be added {@code NOT VALID}, unchecked against the rows already there, and validated by
     * a later statement (PostgreSQL). Default no.
     */
    default boolean validatesConstraintsLater() {
        return false;
    }
}

package io.dbagent.dialect;

import io.dbagent.backup.BackupEngine;
import io.dbagent.backup.ToolLocator;
import io.dbagent.diff.ChangeWriter;
import io.dbagent.explain.ExplainRunner;
import io.dbagent.integrity.ConstraintFixes;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.migrate.EngineLintRules;

/**
 * Everything that differs per engine, one object per engine ({@link Dialects#of}). Each capability asks its dialect
 * for its engine-specific part instead of switching on {@link DialectKind} itself, so that adding an engine means
 * one new implementation here and the parts it returns. The methods return per-capability objects rather than SQL
 * snippets, which keeps this interface short.
 */
public interface Dialect {

    DialectKind kind();

    /** The product name shown in reports; MySQL and MariaDB share a dialect and differ in the version string. */
    String productName(String serverVersion);

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
}

package io.dbagent.migrate;

import io.dbagent.report.Finding;
import io.dbagent.report.Severity;

import java.util.List;
import java.util.Locale;

/**
 * The engine's part of migration lint: which operations on a table that already exists lock it or rewrite it on this
 * engine, and the safe way to write them. The rules that hold on every engine (drops, renames, NOT NULL without a
 * default) stay in {@link LintRules}. The dialect hands out the instance ({@code Dialect.migrationLintRules()}); each
 * engine's implementation lives under {@code dialect/<engine>/} and builds its findings through {@link LintRules}'
 * helpers.
 */
public abstract class EngineLintRules {

    protected EngineLintRules() {
    }

    /** Adds the engine's findings for {@code op}, which touches a table that existed before this file. */
    public abstract void check(Operation op, long rows, LintRules r, List<Finding> out);

    /**
     * Adds the engine's findings on the types and keys of the columns a CREATE TABLE or ADD COLUMN defines (also for
     * tables created in the same file: a type chosen now is expensive to change once the table fills). None unless
     * overridden.
     */
    public void newColumns(Operation op, List<ColumnDefs.Def> columns, LintRules r, List<Finding> out) {
    }

    /** Severity of adding a NOT NULL column without a default to a table of {@code rows} rows. */
    public abstract Severity notNullWithoutDefault(long rows);

    /** What happens to existing rows when a NOT NULL column is added without a default. */
    public abstract String notNullEffect();

    /** Whether changing a column from {@code fromType} to {@code toType} keeps the table as it is. */
    public final boolean changesInPlace(String fromType, String toType) {
        String from = normType(fromType);
        String to = normType(toType);
        return from.equals(to) || widensInPlace(from, to);
    }

    /** Whether the change between two different normalized types keeps the table; none does unless overridden. */
    protected boolean widensInPlace(String from, String to) {
        return false;
    }

    /** A type name in one spelling: lower case, single spaces, no spaces around parentheses and commas. */
    protected static String normType(String t) {
        return t == null ? "" : t.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("\\s*\\(\\s*", "(")
                .replaceAll("\\s*\\)", ")").replaceAll("\\s*,\\s*", ",");
    }
}

package io.dbagent.guard;

import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

/**
 * The one gate for statements dbagent did not write itself. READ and MEASURE: {@link ReadRules} (one statement of an
 * allowed kind, read under every plausible lexing of the engine, no denied built-in function) then
 * {@link CatalogCheck} (no dangerous function, view, trigger, rule or default of this database). SCRATCH:
 * {@link ScratchRules}, the DDL allow list for untrusted scripts. Refusals are one line naming what was refused.
 */
public final class StatementGuard {

    /** What to do with one statement of an untrusted script: run it, or skip it (with the reason) as harmless. */
    public record Verdict(boolean run, String reason) {

        public static Verdict runIt() {
            return new Verdict(true, null);
        }

        public static Verdict skip(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** What a checked statement is, as far as the contexts care. */
    public enum Kind {
        /** SELECT, WITH … SELECT, VALUES, TABLE, SHOW, DESCRIBE, plain EXPLAIN. */
        READ,
        /** INSERT, UPDATE, DELETE, MERGE (also in a WITH): only measured inside a rolled-back transaction. */
        DML
    }

    /** A statement that passed the gate: its text without a trailing semicolon, and its kind. */
    public record Checked(String sql, Kind kind) {
    }

    private StatementGuard() {
    }

    /**
     * Checks one statement for the {@link ExecutionContext#READ} or {@link ExecutionContext#MEASURE} context against
     * the live catalog of {@code session} (functions, extensions, triggers). Throws a BAD_INPUT
     * {@link DbAgentException} with one line saying what was refused and why.
     */
    public static Checked check(ExecutionContext context, DbSession session, String sql) {
        ReadRules.Result r = ReadRules.check(context, session.dialect(), sql);
        CatalogCheck.check(session, context, r.names(), r.checked().kind() == Kind.DML);
        return r.checked();
    }

    /**
     * The rules of {@link #check} that need no database (one statement, its kind, the static deny list): for callers
     * that check before they connect, and for tests. {@link #check} is still needed before running.
     */
    public static Checked checkWithoutCatalog(ExecutionContext context, DialectKind dialect, String sql) {
        return ReadRules.check(context, dialect, sql).checked();
    }

    /**
     * Checks one statement of an untrusted script for the {@link ExecutionContext#SCRATCH} context: returns
     * {@link Verdict#runIt()} for statements on the DDL allow list, {@link Verdict#skip} for statements that do not
     * matter to a schema and are safe to leave out (ownership, grants of a dump), and throws a
     * {@link io.dbagent.DbAgentException} with code BAD_INPUT and one line naming the statement for anything else.
     */
    public static Verdict checkScratch(DialectKind dialect, String statement) {
        return ScratchRules.check(dialect, statement);
    }

    /**
     * Reads one hypothetical index from untrusted text ({@code CREATE INDEX … ON t (a, b)} or {@code t(a, b)}):
     * exactly one statement under every real lexing of the engine, plain columns only. Only the names come back; the
     * caller writes its own DDL from them. Anything else is a BAD_INPUT {@link io.dbagent.DbAgentException}.
     */
    public static IndexSpec readHypotheticalIndex(DialectKind dialect, String text) {
        return HypotheticalIndexRules.read(EngineGuard.of(dialect), text);
    }
}

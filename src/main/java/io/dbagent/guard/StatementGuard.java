package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.agent.ReadOnlyQuery;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.sql.SqlAnalysis;

/**
 * The one gate for statements dbagent did not write itself. SKELETON: the real classification (JSqlParser where it
 * parses, a dialect-aware lexer otherwise), the per-engine deny lists and the catalog checks are being built; the
 * method signatures below are the contract other packages code against.
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
        if (context == ExecutionContext.READ) {
            return new Checked(ReadOnlyQuery.check(sql), Kind.READ);
        }
        if (context != ExecutionContext.MEASURE) {
            throw new IllegalArgumentException("check() is for READ and MEASURE, not " + context);
        }
        SqlAnalysis.Kind k = SqlAnalysis.kindOf(sql);
        return new Checked(sql, k.isDml() ? Kind.DML : Kind.READ);
    }

    /**
     * Checks one statement of an untrusted script for the {@link ExecutionContext#SCRATCH} context: returns
     * {@link Verdict#runIt()} for statements on the DDL allow list, {@link Verdict#skip} for statements that do not
     * matter to a schema and are safe to leave out (ownership, grants of a dump), and throws a
     * {@link io.dbagent.DbAgentException} with code BAD_INPUT and one line naming the statement for anything else.
     */
    public static Verdict checkScratch(DialectKind dialect, String statement) {
        return Verdict.runIt();
    }
}

package io.dbagent.guard;

import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;
import io.dbagent.guard.StatementGuard.Verdict;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One engine's part of the guard: how its SQL is lexed, its deny list, what its statements can do that the shared
 * READ/MEASURE and SCRATCH rules must know, how its catalog is checked, and how its statement time limit is set. The
 * shared rules ({@link ReadRules}, {@link ScratchRules}, {@link CatalogCheck}, {@link Timeouts}) ask this part
 * instead of testing which engine they have; {@link #of} is the guard's one lookup by engine, and it fails closed for
 * an engine without a part. The parts are {@link PostgresGuard}, {@link MysqlGuard} and {@link SqliteGuard}.
 */
interface EngineGuard {

    /** The guard part of {@code kind}'s engine. */
    static EngineGuard of(DialectKind kind) {
        EngineGuard guard = Registry.BY_KIND.get(kind);
        if (guard == null) {
            throw new IllegalStateException("no guard rules for " + kind);
        }
        return guard;
    }

    DialectKind kind();

    // ---- lexing and the deny list

    /**
     * Every lexing a session of this engine could apply (session settings we cannot see or trust change how quotes
     * and backslashes read); the first is the usual one. The guard takes the union of what they find.
     */
    List<Mode> lexings();

    /** Built-in functions (and statements) whose effect escapes the transaction that runs them. */
    List<DangerousNames.Entry> deniedNames();

    /** Denied names that MEASURE runs anyway: a sequence may advance (the explain output notes it). */
    default Set<String> allowedWhenMeasuring() {
        return Set.of("nextval");
    }

    // ---- READ and MEASURE

    /** Whether {@code REPLACE} is a write statement (MySQL's insert-or-replace). */
    default boolean replaceStatement() {
        return false;
    }

    /** Whether {@code SELECT … INTO @variable} keeps a value in a session variable (MySQL) instead of writing. */
    default boolean selectIntoVariables() {
        return false;
    }

    /** Whether {@code SELECT … INTO name} creates a table (PostgreSQL). */
    default boolean selectIntoCreatesTable() {
        return false;
    }

    /** Whether {@code NEXT VALUE FOR seq} advances a sequence inside an expression (MariaDB). */
    default boolean nextValueFor() {
        return false;
    }

    /**
     * The catalog half of the READ/MEASURE check: throws the one-line refusal (see {@link CatalogCheck}) when the
     * statement names, or for DML reaches through a trigger, rule or default, a dangerous object of this database.
     */
    void checkCatalog(Connection c, ExecutionContext context, Set<String> names, boolean dml) throws SQLException;

    // ---- SCRATCH

    /**
     * A statement that is not SQL of this engine at all (psql's {@code \restrict}), judged before the SQL rules; null
     * for SQL.
     */
    default Verdict scratchMetaCommand(String statement, List<Token> tokens) {
        return null;
    }

    /** Whether routine and trigger bodies are written inline ({@code BEGIN … END}), not as string literals. */
    default boolean inlineBodies() {
        return true;
    }

    /** Checks the statements of an inline trigger body; throws the refusal. */
    default void checkScratchBody(List<Token> tokens, String head) {
    }

    /**
     * The verdict for a statement whose first word {@code w0} the shared allow list leaves to the engine
     * ({@code SET}, {@code PRAGMA}, {@code LOCK}, {@code COMMENT}, {@code MERGE}, …); null: not on the allow list.
     */
    Verdict scratchStatement(String w0, List<Token> tokens, List<String> words, String head);

    /** Checks a {@code CREATE FUNCTION/PROCEDURE} beyond the shared rules (the language); throws the refusal. */
    default void checkScratchRoutine(List<Token> tokens, List<String> words, String head) {
    }

    /** The verdict for an {@code ALTER} the engine decides itself, before the shared rules; null: the shared rules. */
    default Verdict scratchAlter(List<String> words, String head) {
        return null;
    }

    /** Whether a schema is another database (MySQL), so that creating one leaves the scratch database. */
    default boolean schemaIsDatabase() {
        return false;
    }

    /**
     * Engine rules on the names of a statement that is about to run, before the deny list: may refuse, and may take
     * out of {@code names} a denied name it has checked more closely itself.
     */
    default void checkScratchNames(List<Token> tokens, List<String> words, Set<String> names) {
    }

    // ---- time limits and scripts

    /** The statement that sets the server-side limit to {@code ms} (0: none); null when the engine has none. */
    String statementTimeoutSql(DbSession session, long ms);

    /** The statement that lets the server notice a client that went away; null when there is none. */
    default String clientCheckSql(DbSession session) {
        return null;
    }

    /**
     * Whether {@code PRAGMA foreign_keys} has no effect inside a transaction (SQLite), so that a script's leading and
     * trailing ones run outside the transaction that holds the rest.
     */
    default boolean foreignKeysSwitchOutsideTransaction() {
        return false;
    }

    /** The parts by engine. */
    final class Registry {
        private static final Map<DialectKind, EngineGuard> BY_KIND = new EnumMap<>(DialectKind.class);

        static {
            for (EngineGuard g : List.of(new PostgresGuard(), new MysqlGuard(), new SqliteGuard())) {
                BY_KIND.put(g.kind(), g);
            }
        }

        private Registry() {
        }
    }
}
